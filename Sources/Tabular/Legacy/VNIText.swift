/// VNI-Windows, the encoding of the VNI fonts (VNI-Times …), decoded from its published table: a Latin vowel followed
/// by a mark byte (a tone, or a circumflex or breve with or without a tone), and single bytes for ơ ư đ and the toned
/// i and ỵ. Glibc has no VNI converter, hence this table; each mark becomes its Unicode combining character and NFC
/// composes the letter.
enum VNIText {
    /// Bytes that are a letter by themselves (lower case; the upper case byte is 0x20 lower).
    private static let letters: [UInt8: String] = [
        0xF4: "ơ", 0xF6: "ư", 0xF1: "đ",
        0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ",
    ]

    private static let acute = "\u{301}", grave = "\u{300}", hook = "\u{309}", tilde = "\u{303}", dot = "\u{323}"
    private static let circumflex = "\u{302}", breve = "\u{306}"

    /// Mark bytes (lower case) after a vowel, and the vowels each may follow.
    private static let marks: [UInt8: (combining: String, after: Set<Character>)] = {
        var marks: [UInt8: (String, Set<Character>)] = [:]
        let toned: Set<Character> = ["a", "e", "o", "u", "y", "ơ", "ư", "â", "ê", "ô", "ă"]
        for (byte, tone) in [(0xF9, acute), (0xF8, grave), (0xFB, hook), (0xF5, tilde), (0xEF, dot)] as [(UInt8, String)] {
            marks[byte] = (tone, toned)
        }
        for (byte, tone) in [(0xE2, ""), (0xE1, acute), (0xE0, grave), (0xE5, hook), (0xE3, tilde), (0xE4, dot)] as [(UInt8, String)] {
            marks[byte] = (circumflex + tone, ["a", "e", "o"])
        }
        for (byte, tone) in [(0xEA, ""), (0xE9, acute), (0xE8, grave), (0xFA, hook), (0xFC, tilde), (0xEB, dot)] as [(UInt8, String)] {
            marks[byte] = (breve + tone, ["a"])
        }
        return marks
    }()

    /// The Unicode text (NFC) of VNI bytes. A mark byte that follows no vowel it belongs to is read as Windows-1252.
    static func decode(_ bytes: [UInt8]) -> String {
        var output = ""
        var previous: Character?
        for byte in bytes {
            let lower = (0xC0...0xDE).contains(byte) ? byte + 0x20 : byte
            let upper = lower != byte
            if let letter = letters[lower] {
                let character = Character(upper ? letter.uppercased() : letter)
                output.append(character)
                previous = character
            } else if let mark = marks[lower], let base = previous, mark.after.contains(Character(base.lowercased())) {
                output.unicodeScalars.append(contentsOf: mark.combining.unicodeScalars)
                previous = nil
            } else {
                let character = Character(ByteView.text([byte]))
                output.append(character)
                previous = character
            }
        }
        return output.precomposedStringWithCanonicalMapping
    }
}
