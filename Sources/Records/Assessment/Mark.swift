/// A mark or an average on the 0–10 scale with one decimal, held exactly as tenths: TT22 keeps every mark and
/// average to one decimal, and exact integers make its boundaries (6.45 rounds to 6.5) come out the same on
/// every machine.
public struct Mark: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let tenths: Int

    public static let maximum = Mark(tenths: 100)
    public static let minimum = Mark(tenths: 0)

    public init(tenths: Int) {
        precondition((0...100).contains(tenths), "a mark is between 0 and 10")
        self.tenths = tenths
    }

    /// "7", "7.5" or "7,5" (Vietnamese spreadsheets write a decimal comma), 0 to 10 with at most one decimal;
    /// nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: text.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let whole = Self.digits(parts[0], maxLength: 2) else { return nil }
        var tenths = whole * 10
        if parts.count == 2 {
            guard let decimal = Self.digits(parts[1], maxLength: 1) else { return nil }
            tenths += decimal
        }
        guard tenths <= 100 else { return nil }
        self.init(tenths: tenths)
    }

    private static func digits(_ text: Substring, maxLength: Int) -> Int? {
        guard (1...maxLength).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// `numerator / denominator` tenths, rounded half up to a whole tenth: the one rounding TT22's averages use.
    static func rounded(numerator: Int, denominator: Int) -> Mark {
        Mark(tenths: (2 * numerator + denominator) / (2 * denominator))
    }

    /// Always one decimal, with a point: "7.0", "10.0".
    public var description: String { "\(tenths / 10).\(tenths % 10)" }

    public static func < (lhs: Mark, rhs: Mark) -> Bool { lhs.tenths < rhs.tenths }
}
