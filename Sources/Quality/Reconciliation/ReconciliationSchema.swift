import Storage

/// Reconciliation with the population register: runs with their cursor (the last student checked, so a run resumes
/// where it stopped), and the latest verdict per student (so checking again replaces, never adds).
public enum ReconciliationSchema {
    public static let migration = SchemaMigration("0017_register_checks", [
        """
        CREATE TABLE reconciliation_runs (
            id {{id}}, started_at TEXT NOT NULL, finished_at TEXT, cursor BIGINT NOT NULL, checked INTEGER NOT NULL,
            failures INTEGER NOT NULL, status TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE register_checks (
            student_id BIGINT PRIMARY KEY REFERENCES students(id), status TEXT NOT NULL, register_values TEXT NOT NULL,
            checked_at TEXT NOT NULL, run_id BIGINT NOT NULL REFERENCES reconciliation_runs(id)
        )
        """,
    ])
}
