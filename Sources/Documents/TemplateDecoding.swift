import EduCore
import Foundation

// Templates are written by people, so every decoding problem becomes an EduError that says where it is
// (`blocks[3].columns[2].weight`, positions counted from 1) and what is wrong, in Vietnamese first.

/// Any key of a JSON object, to see the keys a template wrote.
struct AnyTemplateKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Refuses keys the type does not know: a misspelt optional key ("algin") would otherwise be ignored
    /// without a word, and the form would come out subtly wrong.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(besides known: Keys.Type, alsoAllowed: Set<String> = []) throws {
        let allowed = Set(Keys.allCases.map(\.stringValue)).union(alsoAllowed)
        let written = try container(keyedBy: AnyTemplateKey.self).allKeys.map(\.stringValue)
        if let unknown = written.sorted().first(where: { !allowed.contains($0) }) {
            throw EduError("template.unknown_key",
                           vi: "Mẫu văn bản có khoá lạ “\(unknown)” tại \(codingPath.templatePath); các khoá được dùng: \(allowed.sorted().joined(separator: ", "))",
                           en: "The template has an unknown key “\(unknown)” at \(codingPath.templatePath); the keys allowed are: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    /// A value that decoded but breaks a rule of the template (a negative width, a duplicate role…).
    func invalidValue(vi: String, en: String) -> EduError {
        EduError("template.invalid_value",
                 vi: "Giá trị không hợp lệ tại \(codingPath.templatePath): \(vi)",
                 en: "Invalid value at \(codingPath.templatePath): \(en)")
    }
}

extension [any CodingKey] {
    /// `blocks[3].columns[2]`: the position of a value in the template, array positions counted from 1.
    var templatePath: String {
        var path = ""
        for key in self {
            if let index = key.intValue {
                path += "[\(index + 1)]"
            } else {
                path += path.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return path.isEmpty ? "(gốc/root)" : path
    }
}

extension EduError {
    /// Foundation's decoding errors, said in the template author's terms.
    static func template(_ error: DecodingError) -> EduError {
        switch error {
        case .keyNotFound(let key, let context):
            let path = (context.codingPath + [key]).templatePath
            return EduError("template.invalid", vi: "Mẫu văn bản thiếu “\(path)”", en: "The template lacks “\(path)”")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let path = context.codingPath.templatePath
            return EduError("template.invalid", vi: "Mẫu văn bản có giá trị sai kiểu tại \(path)",
                            en: "The template has a value of the wrong type at \(path): \(context.debugDescription)")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return EduError("template.invalid", vi: "Mẫu văn bản không phải JSON hợp lệ",
                            en: "The template is not valid JSON: \(context.underlyingError.map { "\($0)" } ?? context.debugDescription)")
        case .dataCorrupted(let context):
            let path = context.codingPath.templatePath
            return EduError("template.invalid", vi: "Mẫu văn bản có giá trị không hợp lệ tại \(path)",
                            en: "The template has an invalid value at \(path): \(context.debugDescription)")
        @unknown default:
            return EduError("template.invalid", vi: "Mẫu văn bản không đọc được", en: "The template cannot be read: \(error)")
        }
    }
}
