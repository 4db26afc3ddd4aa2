import EduCore
import Foundation

extension JWS {
    /// Reads the compact or either JSON serialisation; blank space around it (a file's last newline) is
    /// ignored. Throws `jws.malformed` for anything else, and `jws.unsupported` for a detached payload.
    init(reading bytes: [UInt8]) throws(EduError) {
        let isBlank: (UInt8) -> Bool = { [0x20, 0x09, 0x0A, 0x0D].contains($0) }
        guard let first = bytes.firstIndex(where: { !isBlank($0) }), let last = bytes.lastIndex(where: { !isBlank($0) }) else {
            throw .malformedJWS
        }
        let text = Array(bytes[first...last])
        if text[0] == UInt8(ascii: "{") {
            try self.init(json: text)
        } else {
            try self.init(compact: text)
        }
    }

    private init(compact: [UInt8]) throws(EduError) {
        let parts = compact.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .malformedJWS }
        let signature = Signature(protectedHeader: String(decoding: parts[0], as: UTF8.self), value: try Base64URL.decode(parts[2]))
        self.init(payload: try Base64URL.decode(parts[1]), signatures: [signature])
    }

    private init(json: [UInt8]) throws(EduError) {
        let document: JSONDocument
        do {
            document = try JSONDecoder().decode(JSONDocument.self, from: Data(json))
        } catch {
            throw .malformedJWS
        }
        guard !JSONDuplicateNames.exist(in: json) else { throw .malformedJWS }
        let entries: [JSONDocument.Entry]
        switch (document.signatures, document.flattened) {
        case (let general?, nil) where !general.isEmpty: entries = general
        case (nil, let flattened?): entries = [flattened]
        default: throw .malformedJWS
        }
        guard let payload = document.payload else { throw .unsupportedJWS("detached payload") }
        self.init(payload: try Base64URL.decode(payload.utf8), signatures: try entries.map(Self.signature))
    }

    private static func signature(_ entry: JSONDocument.Entry) throws(EduError) -> Signature {
        // Every parameter this platform acts on must be protected, so a signature without a protected header is refused.
        guard let protected = entry.protected else { throw .malformedJWS }
        return Signature(protectedHeader: protected, value: try Base64URL.decode(entry.signature.utf8),
                         unprotectedHeaderNames: entry.header.map { Set($0.keys) } ?? [])
    }

    /// Either JSON serialisation (RFC 7515 §7.2): `signatures` for the general one; `protected`,
    /// `header` and `signature` at the top for the flattened one.
    private struct JSONDocument: Decodable {
        struct Entry: Decodable {
            let protected: String?
            let header: [String: AnyJSONValue]?
            let signature: String
        }

        let payload: String?
        let signatures: [Entry]?
        /// The top-level signature of the flattened serialisation, when there is one.
        let flattened: Entry?

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: JSONMemberName.self)
            payload = try container.decodeIfPresent(String.self, forKey: "payload")
            signatures = try container.decodeIfPresent([Entry].self, forKey: "signatures")
            let flattenedNames: [JSONMemberName] = ["protected", "header", "signature"]
            flattened = flattenedNames.contains(where: container.contains) ? try Entry(from: decoder) : nil
        }
    }

    /// Any JSON value, skipped: only the names of an unprotected header matter.
    private struct AnyJSONValue: Decodable {
        init(from decoder: any Decoder) throws {}
    }
}
