/// Checks an allocation from the outside, without trusting the algorithm that made it: every placement is one of
/// the applicant's preferences, no school is over its quota, and no applicant and school form a blocking pair (the
/// applicant listed the school above their placement, and the school has a free seat or admitted someone it ranks
/// lower).
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

    /// `positions`: per applicant, the position in their own preference list they were placed at, nil when unplaced.
    public static func verify(_ problem: AllocationProblem, rules: AllocationRules, positions: [Int?]) throws(Failure) {
        var admitted = [Int](repeating: 0, count: problem.schools.count)
        var lowest = [SchoolPriority?](repeating: nil, count: problem.schools.count)
        for (applicant, position) in positions.enumerated() {
            guard let position else { continue }
            let preferences = problem.preferences(of: applicant)
            guard position >= 0 && position < preferences.count else { throw .notAPreference(applicant: applicant) }
            let preference = preferences[preferences.startIndex + position]
            let school = Int(preference.school)
            admitted[school] += 1
            let priority = priority(of: applicant, at: preference, problem, rules)
            if lowest[school].map({ priority < $0 }) ?? true { lowest[school] = priority }
        }
        if let school = admitted.indices.first(where: { admitted[$0] > problem.schools[$0].quota }) {
            throw .overQuota(school: school)
        }
        var pairs: [BlockingPair] = []
        for (applicant, position) in positions.enumerated() {
            let preferences = problem.preferences(of: applicant)
            for preference in preferences.prefix(position ?? preferences.count) {
                let school = Int(preference.school)
                let hasSeat = admitted[school] < problem.schools[school].quota
                if hasSeat || lowest[school].map({ $0 < priority(of: applicant, at: preference, problem, rules) }) == true {
                    pairs.append(BlockingPair(applicant: applicant, school: school))
                }
            }
        }
        guard pairs.isEmpty else { throw .blocking(pairs) }
    }

    private static func priority(of applicant: Int, at preference: AllocationProblem.Preference,
                                 _ problem: AllocationProblem, _ rules: AllocationRules) -> SchoolPriority {
        SchoolPriority(score: rules.rankingScore(admissionScore: problem.admissionScores[applicant], rank: preference.rank),
                       tiebreak: problem.tiebreaks[applicant])
    }
}

extension Allocation {
    /// Per applicant, the list position of their placement (nil when unplaced), as `StabilityCheck` takes it.
    public var positions: [Int?] {
        placement.map { $0 == Self.unplaced ? nil : Int($0) }
    }
}
