/// Writes PDF objects (ISO 32000-1 §7.3). Strings are written in hexadecimal: nothing inside one can then
/// be mistaken for syntax, which keeps the signature's placeholders easy to find and fill.
extension PDFObject {
    var serialized: [UInt8] {
        var output: [UInt8] = []
        write(into: &output)
        return output
    }

    func write(into output: inout [UInt8]) {
        switch self {
        case .boolean(let value): output += Array((value ? "true" : "false").utf8)
        case .integer(let value): output += Array(String(value).utf8)
        case .real(let text): output += Array(text.utf8)
        case .string(let bytes): output += Self.hex(bytes)
        case .name(let name): output += Self.name(name)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: " ")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary): dictionary.write(into: &output)
        case .stream(let stream):
            var dictionary = stream.dictionary
            dictionary["Length"] = .integer(stream.data.count)
            dictionary.write(into: &output)
            output += Array("\nstream\n".utf8) + stream.data + Array("\nendstream".utf8)
        case .reference(let reference): output += Array("\(reference.number) \(reference.generation) R".utf8)
        case .null: output += Array("null".utf8)
        }
    }

    static func hex(_ bytes: [UInt8]) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = [UInt8(ascii: "<")]
        output.reserveCapacity(bytes.count * 2 + 2)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 0x0F)])
        }
        output.append(UInt8(ascii: ">"))
        return output
    }

    /// Bytes outside `!`…`~`, delimiters and `#` are written as `#xx` (§7.3.5).
    private static func name(_ name: String) -> [UInt8] {
        let digits = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = [UInt8(ascii: "/")]
        for scalar in name.unicodeScalars {
            let byte = UInt8(truncatingIfNeeded: scalar.value)
            if byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "#"), PDFSyntax.isRegular(byte) {
                output.append(byte)
            } else {
                output += [UInt8(ascii: "#"), digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]]
            }
        }
        return output
    }
}

extension PDFDictionary {
    func write(into output: inout [UInt8]) {
        output += Array("<<".utf8)
        for key in keys {
            output.append(UInt8(ascii: " "))
            PDFObject.name(key).write(into: &output)
            output.append(UInt8(ascii: " "))
            self[key]?.write(into: &output)
        }
        output += Array(" >>".utf8)
    }
}

/// Text strings (§7.9.2.2): ASCII as it is, anything else as UTF-16BE after a byte-order mark.
enum PDFText {
    static func encode(_ text: String) -> [UInt8] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        return [0xFE, 0xFF] + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// UTF-16BE or UTF-8 after their marks; otherwise PDFDocEncoding, read here as Latin-1 (they differ
    /// only in a few punctuation marks, enough for a field name in a report).
    static func decode(_ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
            return String(decoding: units, as: UTF16.self)
        }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: bytes.dropFirst(3), as: UTF8.self) }
        return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}
