/// Applicant-proposing deferred acceptance (Gale–Shapley) with quotas: each applicant proposes to their preferences
/// in order; a school holds the best applicants up to its quota and turns away the rest, who propose to their next
/// preference. The result is stable — no applicant and school that would both rather have each other — and, when
/// the rank penalty is zero, no applicant can gain by listing their preferences untruthfully.
/// No database, no files: the same function serves the CLI, the server and the tests.
public enum DeferredAcceptance {
    public static func allocate(_ problem: AllocationProblem, rules: AllocationRules = AllocationRules()) -> Allocation {
        let applicants = problem.applicantCount
        var held = [LowestFirstHeap](repeating: LowestFirstHeap(), count: problem.schools.count)
        var nextPreference = [Int32](repeating: 0, count: applicants)
        var placement = [Int32](repeating: Allocation.unplaced, count: applicants)
        // Proposers waiting, taken from the end: applicants start in reverse so the first in the file proposes first.
        var waiting = [Int32]((0..<Int32(applicants)).reversed())
        while let applicant = waiting.popLast() {
            let index = Int(applicant)
            let preferences = problem.preferences(of: index)
            let next = Int(nextPreference[index])
            guard next < preferences.count else { continue }
            nextPreference[index] += 1
            let preference = preferences[preferences.startIndex + next]
            let school = Int(preference.school)
            let quota = problem.schools[school].quota
            let priority = SchoolPriority(
                score: rules.rankingScore(admissionScore: problem.admissionScores[index], rank: preference.rank),
                tiebreak: problem.tiebreaks[index])
            if held[school].count < quota {
                held[school].insert(priority, applicant: applicant)
                placement[index] = Int32(next)
            } else if let lowest = held[school].lowest, lowest.priority < priority {
                let displaced = held[school].replaceLowest(with: priority, applicant: applicant)
                placement[Int(displaced)] = Allocation.unplaced
                placement[index] = Int32(next)
                waiting.append(displaced)
            } else {
                waiting.append(applicant)
            }
        }
        return Allocation(problem: problem, rules: rules, placement: placement,
                          lowestAdmitted: held.map { $0.lowest?.priority }, admitted: held.map(\.count))
    }
}
