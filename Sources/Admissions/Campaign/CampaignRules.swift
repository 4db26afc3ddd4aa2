import EduCore
import Foundation

/// Priority groups of Thông tư 30/2024 Điều 14 (điểm ưu tiên).
public enum PriorityGroup: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable {
    case group1 = "1", group2 = "2", group3 = "3"

    public var label: Bilingual {
        switch self {
        case .group1: Bilingual(vi: "Nhóm 1: con liệt sĩ; con thương binh, bệnh binh mất từ 81 % sức lao động; …",
                                en: "Group 1: children of martyrs; of war invalids with 81 % or more capacity lost; …")
        case .group2: Bilingual(vi: "Nhóm 2: con Anh hùng, Bà mẹ Việt Nam anh hùng; con thương binh mất dưới 81 % sức lao động; …",
                                en: "Group 2: children of Heroes and Heroic Mothers; of war invalids with less than 81 % lost; …")
        case .group3: Bilingual(vi: "Nhóm 3: người dân tộc thiểu số, cha hoặc mẹ là người dân tộc thiểu số; vùng đặc biệt khó khăn",
                                en: "Group 3: an ethnic-minority student or parent; living in an extremely disadvantaged area")
        }
    }
}

/// Provincial prizes that earn encouragement points (điểm khuyến khích, TT30 Điều 14).
public enum Prize: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable {
    case first, second, third
}

/// How a campaign turns exam papers and claims into an admission score, as data: the papers with their weights and the
/// minimum each must exceed, and the points of each priority group and prize. The national values of TT30 Điều 14 are
/// the default (+2.0 / +1.5 / +1.0; +1.5 / +1.0 / +0.5); a department changes them only if the law does.
public struct CampaignRules: Sendable, Hashable, Codable {
    public struct Paper: Sendable, Hashable, Codable {
        public let subject: String
        /// Specialised schools count the specialised paper twice (a Sở's plan).
        public let weight: Int
        /// A paper must score above this (e.g. 0: a zero excludes the applicant).
        public let minimum: Points?

        public init(subject: String, weight: Int = 1, minimum: Points? = .zero) {
            self.subject = subject
            self.weight = weight
            self.minimum = minimum
        }
    }

    /// Papers are marked out of 10.
    public static let maximumPaper = Points(hundredths: 1000)

    public let papers: [Paper]
    public let priorityPoints: [PriorityGroup: Points]
    public let prizePoints: [Prize: Points]

    public static let nationalPriority: [PriorityGroup: Points] = [.group1: Points(hundredths: 200), .group2: Points(hundredths: 150),
                                                                   .group3: Points(hundredths: 100)]
    public static let nationalPrizes: [Prize: Points] = [.first: Points(hundredths: 150), .second: Points(hundredths: 100), .third: Points(hundredths: 50)]

    public init(papers: [Paper], priorityPoints: [PriorityGroup: Points] = Self.nationalPriority,
                prizePoints: [Prize: Points] = Self.nationalPrizes) throws {
        guard !papers.isEmpty, Set(papers.map { $0.subject.nfc.lowercased() }).count == papers.count else {
            throw EduError("admissions.papers", vi: "Cần ít nhất một bài thi, không trùng tên", en: "At least one paper, no name twice")
        }
        guard papers.allSatisfy({ (1...3).contains($0.weight) && !$0.subject.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw EduError("admissions.papers", vi: "Hệ số bài thi từ 1 đến 3", en: "A paper's weight is 1 to 3")
        }
        self.papers = papers
        self.priorityPoints = priorityPoints
        self.prizePoints = prizePoints
    }

    /// The exam part of the admission score: each paper times its weight. A paper missing or not above its minimum
    /// makes the applicant ineligible, with the paper named.
    public func examScore(_ scores: [String: Points]) -> Result<Points, Bilingual> {
        var total = Points.zero
        for paper in papers {
            guard let score = scores[paper.subject] else {
                return .failure(Bilingual(vi: "Thiếu điểm bài thi \(paper.subject)", en: "The \(paper.subject) paper has no score"))
            }
            guard score <= Self.maximumPaper else {
                return .failure(Bilingual(vi: "Điểm bài thi \(paper.subject) vượt quá 10", en: "The \(paper.subject) paper scores above 10"))
            }
            if let minimum = paper.minimum, score <= minimum {
                return .failure(Bilingual(vi: "Bài thi \(paper.subject) không đạt điểm tối thiểu (trên \(minimum))",
                                          en: "The \(paper.subject) paper is not above the minimum (\(minimum))"))
            }
            total = total + Points(hundredths: score.hundredths * Int64(paper.weight))
        }
        return .success(total)
    }

    /// Priority and encouragement points for the claims staff accepted (the evidence checked), by the campaign's rules or,
    /// for a campaign without them, the national values.
    public static func bonus(group: PriorityGroup?, prize: Prize?, under rules: CampaignRules?) -> Points {
        (group.flatMap { (rules?.priorityPoints ?? nationalPriority)[$0] } ?? .zero)
            + (prize.flatMap { (rules?.prizePoints ?? nationalPrizes)[$0] } ?? .zero)
    }
}

extension Points: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let points = Points(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a score: \(text)"))
        }
        self = points
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
