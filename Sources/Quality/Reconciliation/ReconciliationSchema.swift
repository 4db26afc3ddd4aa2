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

    /// Staff are checked too, after the students (their own cursor and verdicts); a run may be limited to the people
    /// never checked, checked before a time, or changed since their check; and named schedules remember the day they
    /// last ran, so one instance among several starts the nightly run.
    public static let staffAndSchedules = SchemaMigration("0019_reconciliation_staff", [
        "ALTER TABLE reconciliation_runs ADD COLUMN staff_cursor BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE reconciliation_runs ADD COLUMN stale_before TEXT",
        """
        CREATE TABLE staff_register_checks (
            staff_id BIGINT PRIMARY KEY REFERENCES staff(id), status TEXT NOT NULL, register_values TEXT NOT NULL,
            checked_at TEXT NOT NULL, run_id BIGINT NOT NULL REFERENCES reconciliation_runs(id)
        )
        """,
        "CREATE TABLE schedules (name TEXT PRIMARY KEY, last_run_on TEXT NOT NULL)",
    ])
}
