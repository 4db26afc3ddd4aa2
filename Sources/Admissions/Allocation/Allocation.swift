/// The result of an allocation: where each applicant is placed, and each school's cut-off.
public struct Allocation: Sendable {
    static let unplaced: Int32 = -1
    static let direct: Int32 = -2

    public let problem: AllocationProblem
    public let rules: AllocationRules
    /// Per applicant: the position in their preference list they were placed at, `unplaced`, or `direct`.
    let placement: [Int32]
    /// Per school: the lowest-ranked applicant it admitted by score (direct admissions aside); nil when none.
    let lowestAdmitted: [SchoolPriority?]
    /// Per school: everyone placed there, direct admissions included.
    public let admitted: [Int]

    /// Per school: the lowest ranking score it admitted (on the NV1 scale: an applicant who listed it at rank k needed
    /// this plus G × (k − 1)); nil when it admitted nobody by score, or only children of its catchment (no score
    /// would have got an outsider in).
    public var cutoffs: [Points?] { lowestAdmitted.map { $0.flatMap { $0.inCatchment ? nil : $0.score } } }

    /// Per school: whether its places all went to children of its catchment (and some were turned away or none others
    /// were admitted): the public page says so instead of a cut-off.
    public var catchmentOnly: [Bool] { lowestAdmitted.map { $0?.inCatchment ?? false } }

    /// The preference an applicant was placed at; nil when unplaced or admitted directly.
    public func placement(of applicant: Int) -> AllocationProblem.Preference? {
        let position = placement[applicant]
        guard position >= 0 else { return nil }
        let preferences = problem.preferences(of: applicant)
        return preferences[preferences.startIndex + Int(position)]
    }

    /// The school an applicant was placed at, by preference or directly; nil when unplaced.
    public func school(of applicant: Int) -> Int32? {
        isDirectAdmission(applicant) ? problem.directAdmissions[applicant] : placement(of: applicant)?.school
    }

    public func isDirectAdmission(_ applicant: Int) -> Bool {
        placement[applicant] == Self.direct
    }

    /// Position in the applicant's own list (0 = first listed; -1 for a direct admission, which beats any); the list's
    /// length when unplaced, so lower is better.
    public func listPosition(of applicant: Int) -> Int {
        switch placement[applicant] {
        case Self.unplaced: problem.preferences(of: applicant).count
        case let position: Int(position)
        }
    }

    public var placedCount: Int { placement.lazy.filter { $0 != Self.unplaced }.count }
}
