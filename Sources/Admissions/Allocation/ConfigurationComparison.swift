/// Several allocation rules run on the same applicants, side by side: how many are placed, how many at their first
/// preference, how many get a better or worse school than under the first (baseline) configuration, and how many
/// could have done better by listing a school first.
public struct ConfigurationComparison: Sendable {
    public struct Row: Sendable, Hashable {
        public let rules: AllocationRules
        public let placed: Int
        public let firstPreference: Int
        /// Compared with the baseline, by each applicant's own order (unplaced is worst).
        public let better: Int
        public let worse: Int
        /// Applicants who listed, above their placement, a school that would have taken them had they listed it
        /// first: with no rank penalty the school's ranking of them is the same at any rank and this is always zero;
        /// with one it counts those the rule gives a reason to reorder. Everyone else's lists and the school's
        /// admitted applicants are held as they are (one applicant's change, read against this run's cut-offs).
        public let couldGainByReordering: Int

        public init(rules: AllocationRules, placed: Int, firstPreference: Int, better: Int, worse: Int, couldGainByReordering: Int) {
            self.rules = rules
            self.placed = placed
            self.firstPreference = firstPreference
            self.better = better
            self.worse = worse
            self.couldGainByReordering = couldGainByReordering
        }
    }

    public let rows: [Row]

    public init(_ problem: AllocationProblem, configurations: [AllocationRules]) {
        let allocations = configurations.map { DeferredAcceptance.allocate(problem, rules: $0) }
        let baseline = allocations.first
        rows = allocations.map { allocation in
            var better = 0, worse = 0, first = 0, couldGain = 0
            for applicant in 0..<problem.applicantCount {
                let position = allocation.listPosition(of: applicant)
                if let baseline {
                    let before = baseline.listPosition(of: applicant)
                    if position < before { better += 1 } else if position > before { worse += 1 }
                }
                if position == 0 && allocation.placement(of: applicant) != nil { first += 1 }
                if allocation.couldGainByListingFirst(applicant) { couldGain += 1 }
            }
            return Row(rules: allocation.rules, placed: allocation.placedCount, firstPreference: first,
                       better: better, worse: worse, couldGainByReordering: couldGain)
        }
    }
}

extension Allocation {
    /// Whether a school that turned the applicant away has a free seat, or admitted someone it ranks below the
    /// applicant's unpenalised score (as NV1).
    func couldGainByListingFirst(_ applicant: Int) -> Bool {
        guard !isDirectAdmission(applicant) else { return false }
        let position = position(of: applicant)
        return problem.preferences(of: applicant).enumerated().contains { offset, preference in
            guard problem.turnedAway(applicant, at: offset, placedAt: position) else { return false }
            let school = Int(preference.school)
            if admitted[school] < problem.schools[school].quota { return true }
            let asFirst = problem.priority(of: applicant, at: preference, rank: 1, rules: rules)
            return lowestAdmitted[school].map { $0 < asFirst } ?? false
        }
    }
}
