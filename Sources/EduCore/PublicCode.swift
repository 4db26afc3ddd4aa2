/// A code people read from paper or a screen and type back (a học bạ's link, a certified-copy request): ten letters
/// and digits of Crockford's base-32 (no I, L, O, U), 50 random bits.
public enum PublicCode {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make() -> String {
        var random = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(random.next() % 32)] })
    }

    /// A code as typed: upper case, and the letters Crockford's alphabet leaves out read as the digits they look like.
    public static func normalized(_ typed: String) -> String {
        String(typed.uppercased().map { character -> Character in
            switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
        })
    }
}
