import SQLKit

/// Student records the quality review merged into another as the same person (`student_merges`, live while not undone):
/// the kept record stands for the child, so counts, scores, reconciliation and families leave the merged ones out.
public enum MergedStudents {
    /// `column NOT IN (the merged records)`; `column` is a constant of the caller's SQL, never input.
    public static func excluded(_ column: String) -> SQLQueryString { MergedRecords.excluded(column, merges: "student_merges") }
}

/// Staff records merged into another as the same person (`staff_merges`), left out as merged students are.
public enum MergedStaff {
    /// `column NOT IN (the merged records)`; `column` is a constant of the caller's SQL, never input.
    public static func excluded(_ column: String) -> SQLQueryString { MergedRecords.excluded(column, merges: "staff_merges") }
}

enum MergedRecords {
    static func excluded(_ column: String, merges: String) -> SQLQueryString {
        "\(unsafeRaw: column) NOT IN (SELECT merged_id FROM \(unsafeRaw: merges) WHERE undone_at IS NULL)"
    }
}
