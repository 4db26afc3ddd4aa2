/// The character classes of PDF syntax (ISO 32000-1 §7.2.2).
enum PDFSyntax {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C || byte == 0x00
    }

    static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "["),
             UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "/"), UInt8(ascii: "%"): true
        default: false
        }
    }

    static func isRegular(_ byte: UInt8) -> Bool { !isWhitespace(byte) && !isDelimiter(byte) }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Where `pattern` next occurs in `bytes` at or after `start`.
    static func firstIndex(of pattern: String, in bytes: ArraySlice<UInt8>, from start: Int) -> Int? {
        let needle = Array(pattern.utf8)
        guard let first = needle.first, start >= bytes.startIndex else { return nil }
        var index = start
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == first, bytes[index ..< index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    /// Where `pattern` last starts in `bytes` such that it ends at or before `end`.
    static func lastIndex(of pattern: String, in bytes: ArraySlice<UInt8>, endingBy end: Int) -> Int? {
        let needle = Array(pattern.utf8)
        var index = min(end, bytes.endIndex) - needle.count
        while index >= bytes.startIndex {
            if bytes[index ..< index + needle.count].elementsEqual(needle) { return index }
            index -= 1
        }
        return nil
    }
}
