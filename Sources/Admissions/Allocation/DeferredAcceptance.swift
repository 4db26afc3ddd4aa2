/// Applicant-proposing deferred acceptance (Gale–Shapley) with quotas: each applicant proposes to their preferences
/// in order; a school holds the best applicants up to its quota and turns away the rest, who propose to their next
/// preference. The result is stable — no applicant and school that would both rather have each other — and, when
/// the rank penalty is zero, no applicant can gain by listing their preferences untruthfully.
///
/// Direct admissions (tuyển thẳng) are placed first and take their seats from the quota. When there are specialised
/// schools, they are filled next, by deferred acceptance over the applicants' specialised preferences only; whoever
/// they place is settled, and the others go on to the ordinary schools with their ordinary preferences.
/// No database, no files: the same function serves the CLI, the server and the tests.
public enum DeferredAcceptance {
    public static func allocate(_ problem: AllocationProblem, rules: AllocationRules = AllocationRules()) -> Allocation {
        let applicants = problem.applicantCount
        var held = [LowestFirstHeap](repeating: LowestFirstHeap(), count: problem.schools.count)
        var placement = [Int32](repeating: Allocation.unplaced, count: applicants)
        for (applicant, school) in problem.directAdmissions.enumerated() where school >= 0 {
            placement[applicant] = Allocation.direct
        }
        let seats = problem.seatsAfterDirectAdmissions
        let stages: [Bool?] = problem.hasSpecialisedSchools ? [true, false] : [nil]
        for specialised in stages {
            var nextPreference = [Int32](repeating: 0, count: applicants)
            // Proposers waiting, taken from the end: applicants start in reverse so the first in the file proposes first.
            var waiting = (0..<Int32(applicants)).reversed().filter { placement[Int($0)] == Allocation.unplaced }
            while let applicant = waiting.popLast() {
                let index = Int(applicant)
                let preferences = problem.preferences(of: index)
                var next = Int(nextPreference[index])
                if let specialised {
                    while next < preferences.count
                            && problem.schools[Int(preferences[preferences.startIndex + next].school)].isSpecialised != specialised {
                        next += 1
                    }
                }
                guard next < preferences.count else { continue }
                nextPreference[index] = Int32(next + 1)
                let preference = preferences[preferences.startIndex + next]
                let school = Int(preference.school)
                let rank = specialised == nil ? preference.rank : problem.stageRank(of: preference, among: preferences)
                let priority = problem.priority(of: index, at: preference, rank: rank, rules: rules)
                if held[school].count < seats[school] {
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
        }
        var admitted = held.map(\.count)
        for school in problem.directAdmissions where school >= 0 { admitted[Int(school)] += 1 }
        return Allocation(problem: problem, rules: rules, placement: placement,
                          lowestAdmitted: held.map { $0.lowest?.priority }, admitted: admitted)
    }
}
