/// Text made safe for XML 1.0 content and attribute values.
enum XMLText {
    static func escaped(_ text: String) -> String {
        // Most cells need nothing: skip the scalar walk unless a byte could need work
        // (markup characters, control characters, or 0xEF, which starts U+FFFE and U+FFFF).
        let mayNeedWork = text.utf8.contains { byte in
            switch byte {
            case 0x00..<0x20, 0xEF, UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""): true
            default: false
            }
        }
        guard mayNeedWork else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\r": result += "&#13;"  // a literal CR would be read back as LF
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                continue  // not allowed anywhere in XML 1.0, not even as a character reference
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
