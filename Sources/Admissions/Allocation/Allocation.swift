/// The result of an allocation: where each applicant is placed, and each school's cut-off.
public struct Allocation: Sendable {
    static let unplaced: Int32 = -1

    public let problem: AllocationProblem
    public let rules: AllocationRules
    /// Per applicant: the position in their preference list they were placed at, or `unplaced`.
    let placement: [Int32]
    /// Per school: the lowest-ranked applicant it admitted; nil when it admitted nobody.
    let lowestAdmitted: [SchoolPriority?]
    public let admitted: [Int]

    /// Per school: the lowest ranking score it admitted (on the NV1 scale: an applicant who listed it at rank k needed
    /// this plus G × (k − 1)); nil when it admitted nobody.
    public var cutoffs: [Points?] { lowestAdmitted.map { $0?.score } }

    /// The preference an applicant was placed at, nil when unplaced.
    public func placement(of applicant: Int) -> AllocationProblem.Preference? {
        let position = placement[applicant]
        guard position != Self.unplaced else { return nil }
        let preferences = problem.preferences(of: applicant)
        return preferences[preferences.startIndex + Int(position)]
    }

    /// Position in the applicant's own list (0 = first listed); the list's length when unplaced, so lower is better.
    public func listPosition(of applicant: Int) -> Int {
        let position = placement[applicant]
        return position == Self.unplaced ? problem.preferences(of: applicant).count : Int(position)
    }

    public var placedCount: Int { placement.lazy.filter { $0 != Self.unplaced }.count }
}
