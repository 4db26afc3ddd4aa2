import EduCore

/// The four levels TT22 gives both learning results (kết quả học tập) and conduct (kết quả rèn luyện), worst first.
public enum Rating: Int, Sendable, Hashable, Comparable, CaseIterable {
    case chuaDat = 0, dat, kha, tot

    public var label: String {
        switch self {
        case .tot: "Tốt"
        case .kha: "Khá"
        case .dat: "Đạt"
        case .chuaDat: "Chưa đạt"
        }
    }

    /// The label, in any case, NFC or not; nil for anything else.
    public init?(label: String) {
        let wanted = label.nfc.lowercased()
        guard let rating = Self.allCases.first(where: { $0.label.lowercased() == wanted }) else { return nil }
        self = rating
    }

    /// One level higher, or the same at the top.
    var raised: Rating { Rating(rawValue: min(rawValue + 1, Rating.tot.rawValue))! }

    public static func < (lhs: Rating, rhs: Rating) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The result of a subject assessed by comment only (môn đánh giá bằng nhận xét): Đạt or Chưa đạt.
public enum CommentResult: Sendable, Hashable {
    case dat, chuaDat

    public var label: String { self == .dat ? "Đ" : "CĐ" }

    /// "Đ" or "CĐ" as the gradebook writes them, or the words "Đạt" / "Chưa đạt", in any case.
    public init?(label: String) {
        switch label.nfc.lowercased() {
        case "đ", "đạt": self = .dat
        case "cđ", "chưa đạt": self = .chuaDat
        default: return nil
        }
    }
}

/// What one subject came to in a semester or a year: an average for a scored subject, Đ/CĐ for a comment subject.
public enum SubjectResult: Sendable, Hashable, CustomStringConvertible {
    case score(Mark)
    case comment(CommentResult)

    /// Reads back what ``description`` writes (`7.5`, `Đ`, `CĐ`); nil for anything else.
    public init?(_ text: String) {
        if let mark = Mark(text) {
            self = .score(mark)
        } else if let result = CommentResult(label: text) {
            self = .comment(result)
        } else {
            return nil
        }
    }

    public var description: String {
        switch self {
        case .score(let mark): mark.description
        case .comment(let result): result.label
        }
    }
}
