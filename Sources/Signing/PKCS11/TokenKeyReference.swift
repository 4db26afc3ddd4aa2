import EduCore
import Foundation

/// Where a key on a token lives, as a PKCS#11 URI (RFC 7512):
/// `pkcs11:token=…;object=…?module-path=…`. Stored (sealed) in place of a software key, so a signer
/// row says how to reach its key without holding it; the PIN is given at signing time.
public struct TokenKeyReference: Sendable, Equatable {
    public let modulePath: String
    public let tokenLabel: String
    public let keyLabel: String

    public init(modulePath: String, tokenLabel: String, keyLabel: String) {
        self.modulePath = modulePath
        self.tokenLabel = tokenLabel
        self.keyLabel = keyLabel
    }

    static let scheme = "pkcs11:"

    public var uri: String {
        "\(Self.scheme)token=\(Self.escape(tokenLabel));object=\(Self.escape(keyLabel))?module-path=\(Self.escape(modulePath))"
    }

    /// nil when the text is not a PKCS#11 URI of this shape.
    public init?(uri: String) {
        guard uri.hasPrefix(Self.scheme) else { return nil }
        let parts = uri.dropFirst(Self.scheme.count).split(separator: "?", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        func attributes(_ text: Substring, _ separator: Character) -> [String: String] {
            Dictionary(text.split(separator: separator).compactMap { pair -> (String, String)? in
                let field = pair.split(separator: "=", maxSplits: 1)
                guard field.count == 2, let value = String(field[1]).removingPercentEncoding else { return nil }
                return (String(field[0]), value)
            }, uniquingKeysWith: { first, _ in first })
        }
        let path = attributes(parts[0], ";"), query = attributes(parts[1], "&")
        guard let token = path["token"], let object = path["object"], let module = query["module-path"] else { return nil }
        self.init(modulePath: module, tokenLabel: token, keyLabel: object)
    }

    /// Opens a session on the token and finds the key.
    public func open(pin: String) throws(EduError) -> PKCS11SigningKey {
        try PKCS11Session(modulePath: modulePath, tokenLabel: tokenLabel, pin: pin).signingKey(.label(keyLabel))
    }

    private static let unreserved = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~/"))

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
