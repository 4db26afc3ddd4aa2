/// Checks UTF-8 byte by byte as the Unicode Standard's table of well-formed sequences (§3.9, table 3-7) says:
/// no stray continuation bytes, no overlong forms, no surrogates, nothing above U+10FFFF.
struct UTF8Validator {
    private var pending = 0
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    /// False at the first byte that cannot continue well-formed UTF-8.
    mutating func accept(_ byte: UInt8) -> Bool {
        if pending > 0 {
            guard (lower...upper).contains(byte) else { return false }
            pending -= 1
            (lower, upper) = (0x80, 0xBF)
            return true
        }
        switch byte {
        case 0x00...0x7F: return true
        case 0xC2...0xDF: pending = 1
        case 0xE0: (pending, lower) = (2, 0xA0)
        case 0xED: (pending, upper) = (2, 0x9F)
        case 0xE1...0xEF: pending = 2
        case 0xF0: (pending, lower) = (3, 0x90)
        case 0xF4: (pending, upper) = (3, 0x8F)
        case 0xF1...0xF3: pending = 3
        default: return false
        }
        return true
    }

    /// False when the input stopped in the middle of a character.
    var isComplete: Bool { pending == 0 }
}
