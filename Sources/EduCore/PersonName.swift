import Foundation

/// Vietnamese names and search keys.
///
/// Names are stored in NFC with single spaces. Tone marks are placed by the modern
/// rule on the main vowel ("Hoà" and "Hòa" are the same name written two ways), so the
/// search key folds diacritics, `đ` → `d`, and case: `nguyen van a` finds `Nguyễn Văn A`.
public enum PersonName {
    /// The stored form: NFC, trimmed, internal runs of white space collapsed to one space.
    public static func normalized(_ text: String) -> String {
        let nfc = text.nfc
        guard needsSpacing(nfc) else { return nfc }
        return nfc.unicodeScalars.split(whereSeparator: \.isSpace).map { String($0) }.joined(separator: " ")
    }

    /// Whether the text has white space other than single spaces between words (rare: checked
    /// first because splitting every name would dominate a large import).
    private static func needsSpacing(_ text: String) -> Bool {
        var previousWasSpace = true
        for scalar in text.unicodeScalars {
            let isSpace = scalar.isSpace
            if isSpace && (previousWasSpace || scalar != " ") { return true }
            previousWasSpace = isSpace
        }
        return previousWasSpace && !text.isEmpty
    }

    /// The search key: lower case, no diacritics, `đ` folded to `d`, single spaces.
    public static func foldedKey(_ text: String) -> String {
        normalized(text).foldedForSearch
    }

    /// Sorts after every character a folded key can hold: `key ..< key + foldedKeyEnd` is the range of keys starting with
    /// `key`, an index range on both databases.
    public static let foldedKeyEnd = "\u{FFFF}"

    /// Why a name is unacceptable, or nil. Digits and most symbols do not belong in a name.
    public static func problem(_ text: String) -> Bilingual? {
        let name = normalized(text)
        if name.isEmpty { return Bilingual(vi: "Họ tên trống", en: "The name is empty") }
        // A name has at most as many characters as bytes, so counting is needed only past 100 bytes.
        if name.utf8.count > 100, name.count > 100 { return Bilingual(vi: "Họ tên dài quá 100 ký tự", en: "The name is longer than 100 characters") }
        if !name.unicodeScalars.allSatisfy(isAllowedInName) {
            return Bilingual(vi: "Họ tên chứa ký tự không hợp lệ", en: "The name contains characters that are not letters")
        }
        return nil
    }

    private static let allowedInName = CharacterSet.letters.union(.nonBaseCharacters).union(CharacterSet(charactersIn: " '-."))

    private static func isAllowedInName(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x20, 0x27, 0x2D, 0x2E: true
        case 0..<0x80: false
        default: allowedInName.contains(scalar)
        }
    }
}
