import EduCore

/// What an import did (or, on a dry run, would do).
public struct ImportOutcome: Sendable, Codable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var rejected = 0
    public var dryRun = false
    public var problems: [RowProblem] = []
    public var warnings: [RowProblem] = []

    public init() {}

    /// The one summary line of the command-line contract.
    public var summaryLine: String {
        "created \(created), updated \(updated), unchanged \(unchanged), rejected \(rejected)"
    }

    public var succeeded: Bool { rejected == 0 && problems.isEmpty }

    static func rejecting(_ problems: [RowProblem], rows: Int, warnings: [RowProblem] = []) -> ImportOutcome {
        var outcome = ImportOutcome()
        outcome.problems = problems
        outcome.warnings = warnings
        outcome.rejected = rows
        return outcome
    }
}
