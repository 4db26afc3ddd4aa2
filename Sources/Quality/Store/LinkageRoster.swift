import SQLKit
import Storage

/// Whose records linkage compares: students or staff, each scanned on its own (a model estimated from its own
/// records) into its own pairs and merges. The names are constants of the SQL, never input.
public enum LinkageRoster: String, Sendable, Hashable, CaseIterable {
    case students, staff

    /// The records' table.
    var people: String { rawValue }
    var pairs: String { self == .students ? "linkage_pairs" : "staff_linkage_pairs" }
    var merges: String { self == .students ? "student_merges" : "staff_merges" }
    /// Staff records keep no birthplace.
    var birthplace: String { self == .students ? "p.birthplace" : "''" }
    /// What the audit log calls one of its pairs.
    var pairEntity: String { self == .students ? "linkage_pair" : "staff_linkage_pair" }

    /// `column` is not a record merged into another.
    func notMerged(_ column: String) -> SQLQueryString {
        self == .students ? MergedStudents.excluded(column) : MergedStaff.excluded(column)
    }
}
