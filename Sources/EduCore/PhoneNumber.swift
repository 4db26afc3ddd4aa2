/// A Vietnamese phone number as the registry stores it: ten digits starting with 0. Read from what people type:
/// "0912 345 678", "0912.345.678", "(091) 234-5678" or "+84 912 345 678".
public struct PhoneNumber: Sendable, Hashable, CustomStringConvertible {
    public let digits: String

    public init?(_ text: String) {
        // Most numbers come as stored: ten digits from 0, with nothing to take out.
        if text.utf8.count == 10, text.utf8.first == UInt8(ascii: "0"), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
            digits = text
            return
        }
        let typed = text.trimmingWhitespace.filter { !" .-()".contains($0) }
        let national = typed.hasPrefix("+84") ? "0" + typed.dropFirst(3) : typed
        guard national.count == 10, national.hasPrefix("0"), national.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        digits = national
    }

    /// Masked, so a number interpolated into a log line or a message shows no more than a page may.
    public var description: String { masked }

    /// What a page may show of it: the network prefix and the last three digits ("091****678").
    public var masked: String { digits.prefix(3) + "****" + digits.suffix(3) }

    public static let rule = Bilingual(vi: "Số điện thoại phải có 10 chữ số, bắt đầu bằng 0 hoặc +84",
                                       en: "Phone numbers have 10 digits starting with 0, or +84")
}
