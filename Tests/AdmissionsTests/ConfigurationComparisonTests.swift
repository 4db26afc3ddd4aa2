import Admissions
import Testing

@Suite struct ConfigurationComparisonTests {
    /// P (30) lists Y then X; Q (29) lists X; R (35) lists Y. Plain DA gives X to P; with G = 1.5, P's 28.50 at X loses
    /// to Q, and P would have got X by listing it first.
    @Test func comparesRulesOnTheSameApplicants() throws {
        var instance = Instance(quotas: [("X", 1), ("Y", 1)])
        instance.add("P", score: "30", tiebreak: 1, ["Y", "X"])
        instance.add("Q", score: "29", tiebreak: 2, ["X"])
        instance.add("R", score: "35", tiebreak: 3, ["Y"])
        let penalty = AllocationRules(rankPenalty: try #require(Points("1.5")))
        let comparison = ConfigurationComparison(instance.problem, configurations: [AllocationRules(), penalty])
        #expect(comparison.rows == [
            .init(rules: AllocationRules(), placed: 2, firstPreference: 1, better: 0, worse: 0, couldGainByReordering: 0),
            .init(rules: penalty, placed: 2, firstPreference: 2, better: 1, worse: 1, couldGainByReordering: 1),
        ])
    }

    @Test func plainDeferredAcceptanceNeverGivesAReasonToReorder() {
        let instance = Instance.random(applicants: 400, schools: 12, maxQuota: 30, maxPreferences: 3, seed: 5)
        let penalty = AllocationRules(rankPenalty: Points(hundredths: 150))
        let rows = ConfigurationComparison(instance.problem, configurations: [AllocationRules(), penalty]).rows
        #expect(rows[0].couldGainByReordering == 0)
        #expect(rows[1].couldGainByReordering > 0)
        #expect(rows[1].better + rows[1].worse > 0)
    }
}
