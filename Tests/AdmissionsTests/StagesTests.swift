import Admissions
import Testing

/// Direct admissions first, then the specialised schools, then the ordinary ones.
@Suite struct StagesTests {
    private func placements(_ allocation: Allocation) -> [String: String] {
        var result: [String: String] = [:]
        for applicant in 0..<allocation.problem.applicantCount {
            let school = allocation.school(of: applicant).map { allocation.problem.schools[Int($0)].code } ?? "-"
            result[allocation.problem.applicantIDs[applicant]] = school + "/" + (allocation.placement(of: applicant).map { "\($0.rank)" } ?? "")
        }
        return result
    }

    @Test func directAdmissionsTakeTheirSeatsFirst() {
        var instance = Instance(quotas: [("X", 2)])
        instance.add("A", score: "30", tiebreak: 1, ["X"])
        instance.add("B", score: "29", tiebreak: 2, ["X"])
        instance.add("D", score: "5", tiebreak: 3, [], direct: "X")
        let allocation = DeferredAcceptance.allocate(instance.problem)
        #expect(placements(allocation) == ["A": "X/1", "B": "-/", "D": "X/"])
        #expect(allocation.admitted == [2])
        #expect(allocation.cutoffs == [Points("30")], "the cut-off is of those admitted by score")
        #expect(allocation.explanation(of: instance.applicant("D")).vi == "Tuyển thẳng vào X.")
        #expect(allocation.explanation(of: instance.applicant("B")).en.hasPrefix("Not admitted to preference 1 (X): cut-off 30.00, your admission score 29.00."))
        #expect(throws: Never.self) { try StabilityCheck.verify(instance.problem, rules: AllocationRules(), positions: allocation.positions) }
    }

    /// E prefers the ordinary X but is settled at the specialised C; B, turned away by C, goes on to X where its NV2
    /// counts as the first ordinary preference (no penalty), and beats A's NV1 31.
    @Test func specialisedSchoolsAreFilledFirstAndSettle() throws {
        var instance = Instance(quotas: [("C", 1), ("X", 1)], specialised: ["C"])
        instance.add("E", score: "35", tiebreak: 1, ["X", "C"])
        instance.add("B", score: "32", tiebreak: 2, ["C", "X"])
        instance.add("A", score: "31", tiebreak: 3, ["X"])
        let rules = AllocationRules(rankPenalty: try #require(Points("1.5")))
        let allocation = DeferredAcceptance.allocate(instance.problem, rules: rules)
        #expect(placements(allocation) == ["E": "C/2", "B": "X/2", "A": "-/"])
        #expect(allocation.explanation(of: instance.applicant("E")).en == "Admitted to preference 2: C.")
        #expect(allocation.explanation(of: instance.applicant("B")).en
            == "Not admitted to preference 1 (C): cut-off 35.00, your admission score 32.00. Admitted to preference 2: X.")
        #expect(throws: Never.self) { try StabilityCheck.verify(instance.problem, rules: rules, positions: allocation.positions) }
        // E at X and B at C, as one stage over both schools would give, is refused: C turned away E for B, whom it ranks lower.
        #expect(throws: StabilityCheck.Failure.blocking([.init(applicant: 0, school: 0)])) {
            try StabilityCheck.verify(instance.problem, rules: rules, positions: [0, 0, nil])
        }
    }

    @Test(arguments: ["0", "2"])
    func randomStagedAllocationsAreStable(penalty: String) throws {
        let rules = AllocationRules(rankPenalty: try #require(Points(penalty)))
        for seed in UInt64(1)...120 {
            let instance = Instance.random(applicants: 50, schools: 7, maxQuota: 8, maxPreferences: 4, seed: seed, specialised: 2, directEvery: 9)
            let allocation = DeferredAcceptance.allocate(instance.problem, rules: rules)
            #expect(throws: Never.self, "seed \(seed)") {
                try StabilityCheck.verify(instance.problem, rules: rules, positions: allocation.positions)
            }
            #expect(allocation.admitted.reduce(0, +) == allocation.placedCount)
            #expect(zip(allocation.admitted, instance.problem.schools).allSatisfy { $0 <= $1.quota })
        }
    }
}
