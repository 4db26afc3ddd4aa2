import Foundation

/// JSON text written directly, byte for byte as Foundation's `JSONEncoder` writes it (slashes
/// escaped, control characters as `\u00xx`): audit hashes were first computed with `JSONEncoder`,
/// and this is several times faster on the million entries of a large import.
public enum JSONText {
    /// `["a",null,"b"]`
    public static func array(_ values: [String?]) -> [UInt8] {
        var bytes: [UInt8] = [UInt8(ascii: "[")]
        bytes.reserveCapacity(values.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            if let value { appendString(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        }
        bytes.append(UInt8(ascii: "]"))
        return bytes
    }

    /// `{"a":"x","b":1}`: a flat object, keys sorted and absent values left out, as `JSONEncoder.sorted` writes a struct's
    /// synthesized encoding (slashes as they are).
    public static func object(_ fields: [(key: String, value: Scalar?)]) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        var first = true
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let value else { continue }
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            appendString(key, to: &bytes, escapingSlashes: false)
            bytes.append(UInt8(ascii: ":"))
            switch value {
            case .text(let text): appendString(text, to: &bytes, escapingSlashes: false)
            case .integer(let number): bytes.append(contentsOf: String(number).utf8)
            }
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    public enum Scalar: Sendable {
        case text(String)
        case integer(Int)
    }

    /// `escapingSlashes`: `\/` as JSONEncoder writes by default; off for `JSONEncoder.sorted`.
    public static func appendString(_ text: String, to bytes: inout [UInt8], escapingSlashes: Bool = true) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let slash = escapingSlashes ? UInt8(ascii: "/") : UInt8(ascii: "\"")
        // Runs that need no escape are copied whole: appending byte by byte was most of an import's audit time.
        text.withUTF8 { utf8 in
            var runStart = utf8.startIndex
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == slash else { continue }
                bytes.append(contentsOf: utf8[runStart..<index])
                appendEscaped(byte, to: &bytes)
                runStart = index + 1
            }
            bytes.append(contentsOf: utf8[runStart...])
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static func appendEscaped(_ byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
        case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
        case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
        case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
        case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
        case 0..<0x20:
            bytes.append(contentsOf: #"\u00"#.utf8)
            bytes.append(hexDigits[Int(byte >> 4)])
            bytes.append(hexDigits[Int(byte & 0x0F)])
        default: bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}

extension JSONEncoder {
    /// Keys sorted, slashes as they are: the same value always gives the same bytes (stored JSON, audit entries).
    public static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
