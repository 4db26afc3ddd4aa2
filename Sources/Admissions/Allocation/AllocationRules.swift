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
/// lower tie-break number. Tie-breaks are unique, so two applicants never rank equal.
struct SchoolPriority: Comparable {
    let inCatchment: Bool
    let score: Points
    let tiebreak: Int64

    static func < (lower: SchoolPriority, higher: SchoolPriority) -> Bool {
        if lower.inCatchment != higher.inCatchment { return higher.inCatchment }
        return lower.score != higher.score ? lower.score < higher.score : lower.tiebreak > higher.tiebreak
    }
}
