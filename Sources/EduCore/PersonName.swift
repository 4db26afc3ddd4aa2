import Foundation

/// Vietnamese names and search keys.
///
/// Names are stored in NFC with single spaces. Tone marks are placed by the modern
/// rule on the main vowel ("Hoà" and "Hòa" are the same name written two ways), so the
/// search key folds diacritics, `đ` → `d`, and case: `nguyen van a` finds `Nguyễn Văn A`.
public enum PersonName {
    /// The stored form: NFC, trimmed, internal runs of white space collapsed to one space.
    public static func normalized(_ text: String) -> String {
        text.precomposedStringWithCanonicalMapping
            .split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// The search key: lower case, no diacritics, `đ` folded to `d`, single spaces.
    public static func foldedKey(_ text: String) -> String {
        normalized(text)
            .folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
            .replacingOccurrences(of: "đ", with: "d")
            .replacingOccurrences(of: "Đ", with: "d")
            .lowercased()
    }

    /// Why a name is unacceptable, or nil. Digits and most symbols do not belong in a name.
    public static func problem(_ text: String) -> Bilingual? {
        let name = normalized(text)
        if name.isEmpty { return Bilingual(vi: "Họ tên trống", en: "The name is empty") }
        if name.count > 100 { return Bilingual(vi: "Họ tên dài quá 100 ký tự", en: "The name is longer than 100 characters") }
        let allowed = CharacterSet.letters.union(.nonBaseCharacters).union(CharacterSet(charactersIn: " '-."))
        if !name.unicodeScalars.allSatisfy(allowed.contains) {
            return Bilingual(vi: "Họ tên chứa ký tự không hợp lệ", en: "The name contains characters that are not letters")
        }
        return nil
    }
}
