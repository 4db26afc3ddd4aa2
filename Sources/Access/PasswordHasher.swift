import EduCore

/// A slow, salted password hash. The edge supplies bcrypt (Vapor's); domain code only calls this.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
}

public enum PasswordPolicy {
    /// ASVS 6.2: at least 8 characters (15 recommended), up to at least 64, no composition rules,
    /// not a common password.
    public static func problem(_ password: String) -> Bilingual? {
        if password.count < 8 { return .init(vi: "Mật khẩu cần ít nhất 8 ký tự", en: "Passwords need at least 8 characters") }
        if password.utf8.count > 72 {
            // bcrypt reads only the first 72 bytes; longer would silently be ignored.
            return .init(vi: "Mật khẩu dài quá 72 byte", en: "Passwords are limited to 72 bytes")
        }
        if commonPasswords.contains(password.lowercased()) {
            return .init(vi: "Mật khẩu quá phổ biến", en: "This password is too common")
        }
        return nil
    }

    static let commonPasswords: Set<String> = [
        "12345678", "123456789", "1234567890", "password", "password1", "qwertyui", "qwerty123", "11111111",
        "abc12345", "iloveyou", "admin123", "matkhau123", "88888888", "66666666", "00000000", "12341234",
        "aaaaaaaa", "abcd1234", "1q2w3e4r", "passw0rd", "welcome1", "sunshine", "princess", "football",
    ]
}

