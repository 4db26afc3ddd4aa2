import EduCore
import Foundation

/// base64url without padding (RFC 7515 §2, RFC 4648 §5). Read strictly: the URL-safe alphabet only,
/// no padding or whitespace, and only the canonical spelling of each byte string. A lenient reader
/// would let a changed last character of a signature decode to the same bytes.
enum Base64URL {
    static func encode(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: some Collection<UInt8>) throws(EduError) -> [UInt8] {
        guard text.allSatisfy(isInAlphabet) else { throw .malformedJWS }
        let standard = String(decoding: text, as: UTF8.self)
            .replacingOccurrences(of: "-", with: "+")
            .replacingOccurrences(of: "_", with: "/")
        let padding = String(repeating: "=", count: (4 - text.count % 4) % 4)
        guard let data = Data(base64Encoded: standard + padding), encode(data).utf8.elementsEqual(text) else {
            throw .malformedJWS
        }
        return Array(data)
    }

    private static func isInAlphabet(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
        default: false
        }
    }
}
