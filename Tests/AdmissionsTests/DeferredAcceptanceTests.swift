import Admissions
import EduCore
import Testing

@Suite struct DeferredAcceptanceTests {
    /// Placement by applicant id: school code and rank, nil when unplaced.
    private func placements(_ allocation: Allocation) -> [String: String] {
        var result: [String: String] = [:]
        for applicant in 0..<allocation.problem.applicantCount {
            let placed = allocation.placement(of: applicant)
            result[allocation.problem.applicantIDs[applicant]] = placed.map { "\(allocation.problem.schools[Int($0.school)].code)/\($0.rank)" } ?? "-"
        }
        return result
    }

    @Test func worksThroughAHandExample() {
        var instance = Instance(quotas: [("X", 1), ("Y", 1), ("Z", 1)])
        instance.add("A", score: "30", tiebreak: 1, ["X", "Y"])
        instance.add("B", score: "28", tiebreak: 2, ["X", "Z"])
        instance.add("C", score: "25", tiebreak: 3, ["Y", "X"])
        instance.add("D", score: "20", tiebreak: 4, ["Y", "Z"])
        let allocation = DeferredAcceptance.allocate(instance.problem)
        #expect(placements(allocation) == ["A": "X/1", "B": "Z/2", "C": "Y/1", "D": "-"])
        #expect(allocation.cutoffs.map { $0?.description } == ["30.00", "25.00", "28.00"])
        #expect(allocation.admitted == [1, 1, 1])
        #expect(allocation.placedCount == 3)
    }

    @Test func breaksEqualScoresByTheLowerTiebreak() {
        var instance = Instance(quotas: [("X", 1)])
        instance.add("late", score: "27.5", tiebreak: 9, ["X"])
        instance.add("early", score: "27.50", tiebreak: 3, ["X"])
        #expect(placements(DeferredAcceptance.allocate(instance.problem)) == ["early": "X/1", "late": "-"])
    }

    @Test func aSchoolWithoutPlacesAdmitsNobody() {
        var instance = Instance(quotas: [("closed", 0), ("open", 1)])
        instance.add("A", score: "40", tiebreak: 1, ["closed", "open"])
        let allocation = DeferredAcceptance.allocate(instance.problem)
        #expect(placements(allocation) == ["A": "open/2"])
        #expect(allocation.cutoffs[0] == nil)
        #expect(allocation.explanation(of: 0).en.contains("Not admitted to preference 1 (closed): the school has no places."))
    }

    /// The Hà Nội rule: with G = 1.5 a school takes its NV1 applicant with 29 over an NV2 applicant with 30 (30 − 1.5 = 28.5);
    /// with G = 0 the higher score wins whatever the rank.
    @Test func rankPenaltyLowersLaterPreferences() throws {
        var instance = Instance(quotas: [("X", 1), ("Y", 1)])
        instance.add("P", score: "30", tiebreak: 1, ["Y", "X"])
        instance.add("Q", score: "29", tiebreak: 2, ["X"])
        instance.add("R", score: "35", tiebreak: 3, ["Y"])
        let plain = DeferredAcceptance.allocate(instance.problem)
        #expect(placements(plain) == ["P": "X/2", "Q": "-", "R": "Y/1"])
        let penalised = DeferredAcceptance.allocate(instance.problem, rules: AllocationRules(rankPenalty: try #require(Points("1.5"))))
        #expect(placements(penalised) == ["P": "-", "Q": "X/1", "R": "Y/1"])
        #expect(penalised.cutoffs[instance.school("X")]?.description == "29.00")
        let explanation = penalised.explanation(of: instance.applicant("P"))
        #expect(explanation.en == "Not admitted to preference 1 (Y): cut-off 35.00, your admission score 30.00. "
            + "Not admitted to preference 2 (X): cut-off 29.00, your admission score 30.00, less 1.50 as preference 2: 28.50. "
            + "Not admitted to any preference.")
        #expect(explanation.vi.hasPrefix("Không trúng tuyển nguyện vọng 1 (Y): điểm chuẩn 35.00, điểm xét tuyển của bạn 30.00."))
    }

    /// A blank NV2 leaves the school in the NV3 column at rank 3: penalised twice.
    @Test func aBlankPreferenceKeepsTheLaterRanks() throws {
        var instance = Instance(quotas: [("X", 0), ("Y", 1)])
        instance.add("gap", score: "30", tiebreak: 1, ["X", "Y"], ranks: [1, 3])
        instance.add("first", score: "27.5", tiebreak: 2, ["Y"])
        let rules = AllocationRules(rankPenalty: try #require(Points("1.25")))
        // 30 − 2 × 1.25 = 27.50 ties with 27.50, and the lower tie-break wins.
        let allocation = DeferredAcceptance.allocate(instance.problem, rules: rules)
        #expect(placements(allocation) == ["gap": "Y/3", "first": "-"])
        #expect(allocation.explanation(of: instance.applicant("first")).en.contains("equal to the cut-off, placed after on the tie-break number"))
    }

    @Test(arguments: ["0", "1.25"], [false, true])
    func randomAllocationsAreStable(penalty: String, catchments: Bool) throws {
        let rules = AllocationRules(rankPenalty: try #require(Points(penalty)))
        for seed in UInt64(1)...150 {
            let instance = Instance.random(applicants: 40, schools: 6, maxQuota: 8, maxPreferences: 4, seed: seed, catchments: catchments)
            let allocation = DeferredAcceptance.allocate(instance.problem, rules: rules)
            #expect(throws: Never.self, "seed \(seed)") {
                try StabilityCheck.verify(instance.problem, rules: rules, positions: allocation.positions)
            }
            #expect(allocation.admitted.reduce(0, +) == allocation.placedCount)
        }
    }

    @Test func aLargeAllocationIsStable() {
        let instance = Instance.random(applicants: 5000, schools: 40, maxQuota: 120, maxPreferences: 3, seed: 42)
        let allocation = DeferredAcceptance.allocate(instance.problem)
        #expect(throws: Never.self) { try StabilityCheck.verify(instance.problem, rules: AllocationRules(), positions: allocation.positions) }
    }

    /// Grade 1: a school takes the children living in its catchment before any other, whatever the score or the rank
    /// they listed it at; the rest of its places go by score and lottery number, and the explanation says which held.
    @Test func aSchoolTakesItsCatchmentFirst() {
        var instance = Instance(quotas: [("X", 2), ("Y", 1)])
        instance.add("outsideHigh", score: "9", tiebreak: 1, ["X", "Y"], livesIn: ["Y"])
        instance.add("insideSecond", score: "1", tiebreak: 2, ["Y", "X"], livesIn: ["X"])
        instance.add("inside", score: "0", tiebreak: 3, ["X"], livesIn: ["X"])
        instance.add("outsideLow", score: "5", tiebreak: 4, ["X", "Y"])
        let allocation = DeferredAcceptance.allocate(instance.problem)
        // X's two children of the catchment push out the 9 points; Y then takes its own child before the 5 points.
        #expect(placements(allocation) == ["outsideHigh": "Y/2", "insideSecond": "X/2", "inside": "X/1", "outsideLow": "-"])
        #expect(throws: Never.self) { try StabilityCheck.verify(instance.problem, rules: AllocationRules(), positions: allocation.positions) }

        var full = Instance(quotas: [("X", 1), ("Y", 1)])
        full.add("outside", score: "9", tiebreak: 1, ["X", "Y"])
        full.add("inside", score: "0", tiebreak: 2, ["X"], livesIn: ["X"])
        let result = DeferredAcceptance.allocate(full.problem)
        #expect(placements(result) == ["outside": "Y/2", "inside": "X/1"])
        #expect(result.explanation(of: full.applicant("outside")).en
                == "Not admitted to preference 1 (X): the school's places all went to children living in its catchment; the child's residence is not in it or is not verified. Admitted to preference 2: Y.")
        // No score would have got an outsider into X: no cut-off, the page says the catchment took every place.
        #expect(result.cutoffs.map { $0?.description } == [nil, "9.00"])
        #expect(result.catchmentOnly == [true, false])
        // By score alone the outsider would have X; the check from outside sees the child of the catchment block that.
        #expect(throws: StabilityCheck.Failure.blocking([.init(applicant: 1, school: 0)])) {
            try StabilityCheck.verify(full.problem, rules: AllocationRules(), positions: [0, nil])
        }
    }

    @Test func theStabilityCheckFindsABlockingPair() {
        var instance = Instance(quotas: [("X", 1), ("Y", 1)])
        instance.add("strong", score: "30", tiebreak: 1, ["X", "Y"])
        instance.add("weak", score: "20", tiebreak: 2, ["X", "Y"])
        let rules = AllocationRules()
        // Swapped: the weaker applicant holds the school both prefer.
        #expect(throws: StabilityCheck.Failure.blocking([.init(applicant: 0, school: 0)])) {
            try StabilityCheck.verify(instance.problem, rules: rules, positions: [1, 0])
        }
        #expect(throws: StabilityCheck.Failure.blocking([.init(applicant: 1, school: 1)])) {
            try StabilityCheck.verify(instance.problem, rules: rules, positions: [0, nil])
        }
        #expect(throws: StabilityCheck.Failure.overQuota(school: 0)) {
            try StabilityCheck.verify(instance.problem, rules: rules, positions: [0, 0])
        }
        #expect(throws: Never.self) { try StabilityCheck.verify(instance.problem, rules: rules, positions: [0, 1]) }
    }

    /// Among all stable allocations (found by brute force on small instances), deferred acceptance gives every
    /// applicant the best one they can have.
    @Test func isTheBestStableAllocationForEveryApplicant() {
        let rules = AllocationRules()
        for seed in UInt64(1)...60 {
            let instance = Instance.random(applicants: 5, schools: 3, maxQuota: 2, maxPreferences: 3, seed: seed)
            let problem = instance.problem
            let allocation = DeferredAcceptance.allocate(problem, rules: rules)
            var stableCount = 0
            for candidate in allPositions(problem) {
                guard (try? StabilityCheck.verify(problem, rules: rules, positions: candidate)) != nil else { continue }
                stableCount += 1
                for applicant in 0..<problem.applicantCount {
                    let other = candidate[applicant] ?? problem.preferences(of: applicant).count
                    #expect(allocation.listPosition(of: applicant) <= other, "seed \(seed), applicant \(applicant)")
                }
            }
            #expect(stableCount >= 1, "seed \(seed): deferred acceptance's own result is stable")
        }
    }

    /// Every way to place each applicant at one of their preferences or nowhere.
    private func allPositions(_ problem: AllocationProblem) -> [[Int?]] {
        (0..<problem.applicantCount).reduce([[]]) { partial, applicant in
            let options: [Int?] = [nil] + problem.preferences(of: applicant).indices.map { $0 - problem.preferences(of: applicant).startIndex }
            return partial.flatMap { prefix in options.map { prefix + [$0] } }
        }
    }
}
