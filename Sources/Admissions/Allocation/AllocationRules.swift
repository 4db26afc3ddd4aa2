/// How schools rank the applicants who listed them.
public struct AllocationRules: Sendable, Hashable {
    /// G: a school ranks an applicant who listed it as preference k by admission score − G × (k − 1), so NV2 needs the
    /// cut-off plus G and NV3 plus 2G (the Hà Nội rule). Zero is plain deferred acceptance, where the preference's
    /// rank does not matter to the school (provinces that publish equal NV1/NV2/NV3 cut-offs).
    public var rankPenalty: Points

    public init(rankPenalty: Points = .zero) {
        self.rankPenalty = rankPenalty
    }

    /// The score a school ranks by, for an applicant who listed it at `rank`.
    public func rankingScore(admissionScore: Points, rank: Int32) -> Points {
        admissionScore - rankPenalty * Int(rank - 1)
    }
}

/// A school's ranking of one applicant: those living in its catchment first, then a higher ranking score, then the
/// lower tie-break number. Tie-breaks are unique, so two applicants never rank equal. The catchment rides in the key
/// as a lift far above any score (scores stay within ±2^60 hundredths: twelve digits, penalties up to rank 1,000), so
/// the heap's items stay 16 bytes and one comparison does.
struct SchoolPriority: Comparable {
    private static let catchmentLift: Int64 = 1 << 61
    private let key: Int64
    let tiebreak: Int64

    init(inCatchment: Bool, score: Points, tiebreak: Int64) {
        key = score.hundredths + (inCatchment ? Self.catchmentLift : 0)
        self.tiebreak = tiebreak
    }

    var inCatchment: Bool { key >= Self.catchmentLift / 2 }
    var score: Points { Points(hundredths: inCatchment ? key - Self.catchmentLift : key) }

    static func < (lower: SchoolPriority, higher: SchoolPriority) -> Bool {
        lower.key != higher.key ? lower.key < higher.key : lower.tiebreak > higher.tiebreak
    }
}
