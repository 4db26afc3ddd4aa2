import EduCore
import Foundation

/// A JSON Web Signature (RFC 7515): one payload and one or more signatures over it, each with its
/// own protected header. Made by ``JWSSigner``, checked by ``JWSVerifier``.
public struct JWS: Sendable, Hashable {
    public struct Signature: Sendable, Hashable {
        /// The protected header as it travels, in base64url: the signature covers this text.
        public let protectedHeader: String
        public let value: [UInt8]
        /// The names in an unprotected `header` (JSON serialisation only). Their values are never used.
        let unprotectedHeaderNames: Set<String>

        init(protectedHeader: String, value: [UInt8], unprotectedHeaderNames: Set<String> = []) {
            self.protectedHeader = protectedHeader
            self.value = value
            self.unprotectedHeaderNames = unprotectedHeaderNames
        }
    }

    public let payload: [UInt8]
    public let signatures: [Signature]
    private let encodedPayload: String

    init(payload: [UInt8], signatures: [Signature]) {
        self.payload = payload
        self.signatures = signatures
        encodedPayload = Base64URL.encode(payload)
    }

    /// ASCII(BASE64URL(protected header) '.' BASE64URL(payload)): what each signature covers (RFC 7515 §5.1).
    func signingInput(protectedHeader: String) -> [UInt8] {
        Array("\(protectedHeader).\(encodedPayload)".utf8)
    }

    /// `header.payload.signature` (RFC 7515 §7.1), for a JWS with exactly one signature.
    public func compactSerialization() throws(EduError) -> String {
        let signature = try onlySignature()
        return "\(signature.protectedHeader).\(encodedPayload).\(Base64URL.encode(signature.value))"
    }

    /// The flattened JSON serialisation (RFC 7515 §7.2.2), for a JWS with exactly one signature.
    public func flattenedJSONSerialization() throws(EduError) -> [UInt8] {
        let signature = try onlySignature()
        return Self.json(FlattenedJSON(payload: encodedPayload, protected: signature.protectedHeader,
                                       signature: Base64URL.encode(signature.value)))
    }

    /// The general JSON serialisation (RFC 7515 §7.2.1), which can hold several signatures.
    public func generalJSONSerialization() -> [UInt8] {
        Self.json(GeneralJSON(payload: encodedPayload, signatures: signatures.map {
            GeneralJSON.Entry(protected: $0.protectedHeader, signature: Base64URL.encode($0.value))
        }))
    }

    private func onlySignature() throws(EduError) -> Signature {
        guard signatures.count == 1 else { throw .compactNeedsOneSignature }
        return signatures[0]
    }

    /// Sorted keys give the same bytes on every run; slashes (in x5c's base64) need no escaping.
    static func json(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only strings, integers and arrays of them are encoded here, which cannot fail.
        return Array(try! encoder.encode(value))
    }

    private struct FlattenedJSON: Encodable {
        let payload: String
        let protected: String
        let signature: String
    }

    private struct GeneralJSON: Encodable {
        struct Entry: Encodable {
            let protected: String
            let signature: String
        }
        let payload: String
        let signatures: [Entry]
    }
}
