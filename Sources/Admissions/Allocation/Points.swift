/// A score on the admission scale, exact to the hundredth: exam scores, priority and encouragement points and cut-offs
/// are added and compared as whole hundredths, never as binary floating point (37.75 + 0.5 is exactly 38.25).
public struct Points: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let hundredths: Int64

    public init(hundredths: Int64) {
        self.hundredths = hundredths
    }

    public static let zero = Points(hundredths: 0)

    /// Reads `37.75`, `8`, `8.5`, `.5`: digits with at most two decimals after a point (further digits only when they are zeros).
    /// No sign, no thousands separator, no comma decimal: nil for anything else.
    public init?(_ text: some StringProtocol) {
        var whole: Int64 = 0, fraction: Int64 = 0
        var wholeDigits = 0, fractionDigits = 0, seenPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int64(byte - UInt8(ascii: "0"))
                if seenPoint {
                    fractionDigits += 1
                    if fractionDigits <= 2 {
                        fraction = fraction * 10 + digit
                    } else if digit != 0 {
                        return nil
                    }
                } else {
                    wholeDigits += 1
                    // Twelve digits are far beyond any score and keep the hundredths inside Int64 with room to add.
                    guard wholeDigits <= 12 else { return nil }
                    whole = whole * 10 + digit
                }
            case UInt8(ascii: "."):
                guard !seenPoint else { return nil }
                seenPoint = true
            default:
                return nil
            }
        }
        guard wholeDigits + fractionDigits > 0 else { return nil }
        if fractionDigits == 1 { fraction *= 10 }
        hundredths = whole * 100 + fraction
    }

    public static func + (left: Points, right: Points) -> Points { Points(hundredths: left.hundredths + right.hundredths) }
    public static func - (left: Points, right: Points) -> Points { Points(hundredths: left.hundredths - right.hundredths) }
    public static func * (left: Points, times: Int) -> Points { Points(hundredths: left.hundredths * Int64(times)) }
    public static func < (left: Points, right: Points) -> Bool { left.hundredths < right.hundredths }

    /// Always two decimals (`38.25`, `38.00`, `-1.50`), so files line up and read back exactly.
    public var description: String {
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return (hundredths < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
