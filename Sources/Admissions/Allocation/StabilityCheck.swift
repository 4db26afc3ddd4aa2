/// Checks an allocation from the outside, without trusting the algorithm that made it: every placement is one of
/// the applicant's preferences, no school is over its quota (direct admissions included), and no applicant and school
/// form a blocking pair — the applicant listed the school above their placement, and the school has a free seat or
/// admitted someone it ranks lower. With specialised schools, a specialised placement is settled: the ordinary schools
/// listed above it do not count; a specialised school listed anywhere counts for an applicant it did not place.
public enum StabilityCheck {
    public struct BlockingPair: Sendable, Hashable {
        public let applicant: Int
        public let school: Int

        public init(applicant: Int, school: Int) {
            self.applicant = applicant
            self.school = school
        }
    }

    public enum Failure: Error, Sendable, Hashable {
        case overQuota(school: Int)
        case notAPreference(applicant: Int)
        case blocking([BlockingPair])
    }

    /// `positions`: per applicant, the position in their own preference list they were placed at, nil when unplaced;
    /// ignored for applicants admitted directly (`AllocationProblem.directAdmissions`).
    public static func verify(_ problem: AllocationProblem, rules: AllocationRules, positions: [Int?]) throws(Failure) {
        var admitted = [Int](repeating: 0, count: problem.schools.count)
        var lowest = [Rank?](repeating: nil, count: problem.schools.count)
        for school in problem.directAdmissions where school >= 0 { admitted[Int(school)] += 1 }
        for (applicant, position) in positions.enumerated() where problem.directAdmissions[applicant] < 0 {
            guard let position else { continue }
            let preferences = problem.preferences(of: applicant)
            guard position >= 0 && position < preferences.count else { throw .notAPreference(applicant: applicant) }
            let preference = preferences[preferences.startIndex + position]
            let school = Int(preference.school)
            admitted[school] += 1
            let priority = priority(of: applicant, at: preference, problem, rules)
            if lowest[school].map({ Self.below(priority, $0) }) ?? true { lowest[school] = priority }
        }
        if let school = admitted.indices.first(where: { admitted[$0] > problem.schools[$0].quota }) {
            throw .overQuota(school: school)
        }
        var pairs: [BlockingPair] = []
        for (applicant, position) in positions.enumerated() where problem.directAdmissions[applicant] < 0 {
            for (offset, preference) in problem.preferences(of: applicant).enumerated()
            where problem.turnedAway(applicant, at: offset, placedAt: position) {
                let school = Int(preference.school)
                let hasSeat = admitted[school] < problem.schools[school].quota
                if hasSeat || lowest[school].map({ Self.below($0, priority(of: applicant, at: preference, problem, rules)) }) == true {
                    pairs.append(BlockingPair(applicant: applicant, school: school))
                }
            }
        }
        guard pairs.isEmpty else { throw .blocking(pairs) }
    }

    /// How a school ranks an applicant, written out here rather than taken from the engine, so the check stays a
    /// second opinion: living in the catchment, then the ranking score, then the lower tie-break.
    private typealias Rank = (inCatchment: Bool, score: Points, tiebreak: Int64)

    private static func priority(of applicant: Int, at preference: AllocationProblem.Preference,
                                 _ problem: AllocationProblem, _ rules: AllocationRules) -> Rank {
        let rank = problem.stageRank(of: preference, among: problem.preferences(of: applicant))
        return (preference.inCatchment, problem.admissionScores[applicant] - rules.rankPenalty * Int(rank - 1), problem.tiebreaks[applicant])
    }

    /// Whether the school ranks `lower` below `higher`.
    private static func below(_ lower: Rank, _ higher: Rank) -> Bool {
        if lower.inCatchment != higher.inCatchment { return higher.inCatchment }
        if lower.score != higher.score { return lower.score < higher.score }
        return lower.tiebreak > higher.tiebreak
    }
}

extension Allocation {
    /// Per applicant, the list position of their placement (nil when unplaced or admitted directly), as
    /// `StabilityCheck` takes it.
    public var positions: [Int?] {
        placement.map { $0 < 0 ? nil : Int($0) }
    }

    func position(of applicant: Int) -> Int? {
        placement[applicant] < 0 ? nil : Int(placement[applicant])
    }
}
