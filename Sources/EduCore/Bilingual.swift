/// A message the platform shows to people: Vietnamese first, English second.
public struct Bilingual: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let vi: String
    public let en: String

    public init(vi: String, en: String) {
        self.vi = vi
        self.en = en
    }

    public var description: String { "\(vi) / \(en)" }

    public func text(in language: Language) -> String {
        language == .vi ? vi : en
    }
}

/// The two interface languages.
public enum Language: String, Sendable, Codable, CaseIterable {
    case vi, en
}
