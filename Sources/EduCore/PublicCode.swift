/// A code people read from paper or a screen and type back (a học bạ's link, a certified-copy request): ten letters
/// and digits of Crockford's base-32 (no I, L, O, U), 50 random bits.
public enum PublicCode {
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    public static func make() -> String {
        var random = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(random.next() % 32)] })
    }
}
