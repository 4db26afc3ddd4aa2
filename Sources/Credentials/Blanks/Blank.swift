import EduCore

/// Where a blank form (phôi văn bằng) stands. TT 21/2019 Điều 12 asks the issuing body to track the issue, use,
/// spoiling and cancellation of each blank: received into stock, issued (a credential printed on it, in the
/// register), spoiled (damaged or misprinted before issue), cancelled (destroyed by decision).
public enum BlankStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case received, issued, spoiled, cancelled

    public var label: Bilingual {
        switch self {
        case .received: Bilingual(vi: "Trong kho", en: "In stock")
        case .issued: Bilingual(vi: "Đã cấp", en: "Issued")
        case .spoiled: Bilingual(vi: "Hỏng", en: "Spoiled")
        case .cancelled: Bilingual(vi: "Đã huỷ", en: "Cancelled")
        }
    }
}

/// One blank form, by its printed serial.
public struct Blank: Sendable, Hashable, Codable {
    public let serial: String
    public let kind: CredentialKind
    public let status: BlankStatus
    /// The document by which the blanks came into stock (a delivery note, a receipt).
    public let receivedBy: String
    /// The register entry printed on it, once issued.
    public let entryID: Int?
}

/// One step of a blank's life.
public struct BlankEvent: Sendable, Hashable, Codable {
    public let at: String
    public let status: BlankStatus
    public let note: String
    public let by: String
}

/// A run of serials received together: a prefix and numbers of one width, both ends included ("AB0000001" to
/// "AB0005000"); letters and digits only, 20 at most.
public struct SerialRange: Sendable, Hashable {
    /// At most this many blanks a receipt: a province's year of diplomas, not a typo's billion.
    public static let limit = 200_000

    public let serials: [String]

    public init(from first: String, to last: String) throws {
        let (first, last) = (RegisterEntryDraft.normalizedSerial(first), RegisterEntryDraft.normalizedSerial(last))
        guard let start = Self.split(first), let end = Self.split(last), start.prefix == end.prefix, start.width == end.width else {
            throw EduError("blanks.range", vi: "Số hiệu chỉ gồm chữ và số, tối đa \(Self.serialLimit) ký tự; đầu và cuối dải phải cùng phần chữ và cùng số chữ số (ví dụ AB0000001 đến AB0005000)",
                           en: "Serials are letters and digits, \(Self.serialLimit) at most; both ends of the range need the same letters and the same number of digits (AB0000001 to AB0005000, say)")
        }
        guard start.number <= end.number, end.number - start.number < Self.limit else {
            throw EduError("blanks.range_size", vi: "Dải số hiệu phải đi từ nhỏ đến lớn và không quá \(Self.limit) phôi",
                           en: "A range runs upwards and holds at most \(Self.limit) blanks")
        }
        serials = (start.number...end.number).map { start.prefix + String(repeating: "0", count: max(0, start.width - String($0).count)) + String($0) }
    }

    /// The longest serial taken: printed serials are a few letters and seven or so digits.
    static let serialLimit = 20

    /// The letters before the number, the number, and how many digits it is written with.
    private static func split(_ serial: String) -> (prefix: String, number: Int, width: Int)? {
        guard serial.count <= serialLimit, serial.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else { return nil }
        let digits = serial.reversed().prefix { $0.isASCII && $0.isNumber }.reversed()
        guard !digits.isEmpty, digits.count <= 12, let number = Int(String(digits)) else { return nil }
        return (String(serial.dropLast(digits.count)), number, digits.count)
    }
}
