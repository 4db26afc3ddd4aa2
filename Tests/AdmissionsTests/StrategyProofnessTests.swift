import Admissions
import EduCore
import Testing

/// Whether an applicant could get a school they truly prefer by listing something other than their true order.
/// Checked by brute force: every list of distinct schools, of every length up to all of them.
@Suite struct StrategyProofnessTests {
    /// With catchments too: a school ranks those living in its catchment first, whatever rank they listed it at.
    @Test(arguments: [false, true])
    func plainDeferredAcceptanceCannotBeGamed(catchments: Bool) {
        let rules = AllocationRules()
        for seed in UInt64(1)...80 {
            let instance = Instance.random(applicants: 5, schools: 3, maxQuota: 2, maxPreferences: 3, seed: seed, catchments: catchments)
            for applicant in 0..<instance.problem.applicantCount {
                #expect(gainingReport(for: applicant, in: instance, rules: rules) == nil, "seed \(seed), applicant \(applicant)")
            }
        }
    }

    /// The brute force does find manipulations where they exist: under a rank penalty, P (true order Y, X) is left out
    /// but gets X by listing it first.
    @Test func aRankPenaltyRewardsListingASafeSchoolFirst() throws {
        var instance = Instance(quotas: [("X", 1), ("Y", 1)])
        instance.add("P", score: "30", tiebreak: 1, ["Y", "X"])
        instance.add("Q", score: "29", tiebreak: 2, ["X"])
        instance.add("R", score: "35", tiebreak: 3, ["Y"])
        let penalty = AllocationRules(rankPenalty: try #require(Points("1.5")))
        let report = try #require(gainingReport(for: instance.applicant("P"), in: instance, rules: penalty))
        #expect(report.first == Int32(instance.school("X")))
        #expect(gainingReport(for: instance.applicant("P"), in: instance, rules: AllocationRules()) == nil)
    }

    /// A list that places `applicant` at a school earlier in their true list than the truthful outcome, if any.
    private func gainingReport(for applicant: Int, in instance: Instance, rules: AllocationRules) -> [Int32]? {
        let truth = instance.problem.preferences(of: applicant).map(\.school)
        let truthful = DeferredAcceptance.allocate(instance.problem, rules: rules).listPosition(of: applicant)
        for report in orderedSubsets(of: (0..<Int32(instance.problem.schools.count)).map { $0 }) {
            let outcome = DeferredAcceptance.allocate(instance.replacingPreferences(of: applicant, with: report), rules: rules)
            guard let school = outcome.placement(of: applicant)?.school, let position = truth.firstIndex(of: school) else { continue }
            if position < truthful { return report }
        }
        return nil
    }

    private func orderedSubsets(of items: [Int32]) -> [[Int32]] {
        var result: [[Int32]] = [[]], longest: [[Int32]] = [[]]
        while !longest.isEmpty {
            longest = longest.flatMap { list in items.filter { !list.contains($0) }.map { list + [$0] } }
            result += longest
        }
        return result
    }
}
