import Storage

/// Linkage inside the platform: each scan of the registry, the pairs it proposes (one row per pair of students, or of
/// staff, so a decision outlives later scans), and the merges people decided on. A merge is a row, not a change to
/// either record: both stay as they are, an undo stamps the row, and an import writing to them meanwhile loses nothing.
public enum LinkageSchema {
    public static let migration = SchemaMigration("0018_linkage", [
        """
        CREATE TABLE linkage_runs (
            id {{id}}, started_at TEXT NOT NULL, records INTEGER NOT NULL, candidate_pairs INTEGER NOT NULL,
            proposed INTEGER NOT NULL, minimum DOUBLE PRECISION NOT NULL
        )
        """,
        """
        CREATE TABLE linkage_pairs (
            id {{id}}, first_id BIGINT NOT NULL REFERENCES students(id), second_id BIGINT NOT NULL REFERENCES students(id),
            probability DOUBLE PRECISION NOT NULL, levels TEXT NOT NULL, run_id BIGINT NOT NULL REFERENCES linkage_runs(id),
            status TEXT NOT NULL, decided_by TEXT, decided_at TEXT,
            UNIQUE (first_id, second_id), CHECK (first_id < second_id)
        )
        """,
        "CREATE INDEX linkage_pairs_queue ON linkage_pairs (status, probability)",
        """
        CREATE TABLE student_merges (
            id {{id}}, survivor_id BIGINT NOT NULL REFERENCES students(id), merged_id BIGINT NOT NULL REFERENCES students(id),
            pair_id BIGINT NOT NULL REFERENCES linkage_pairs(id), merged_by TEXT NOT NULL, merged_at TEXT NOT NULL,
            undone_by TEXT, undone_at TEXT, CHECK (survivor_id <> merged_id)
        )
        """,
        // A record is merged into at most one other at a time, and a pair holds at most one live merge.
        "CREATE UNIQUE INDEX student_merges_live ON student_merges (merged_id) WHERE undone_at IS NULL",
        "CREATE UNIQUE INDEX student_merges_live_pair ON student_merges (pair_id) WHERE undone_at IS NULL",
    ])

    /// The same for staff: their own pairs and merges, scanned with the students in one run.
    public static let staff = SchemaMigration("0031_staff_linkage", [
        """
        CREATE TABLE staff_linkage_pairs (
            id {{id}}, first_id BIGINT NOT NULL REFERENCES staff(id), second_id BIGINT NOT NULL REFERENCES staff(id),
            probability DOUBLE PRECISION NOT NULL, levels TEXT NOT NULL, run_id BIGINT NOT NULL REFERENCES linkage_runs(id),
            status TEXT NOT NULL, decided_by TEXT, decided_at TEXT,
            UNIQUE (first_id, second_id), CHECK (first_id < second_id)
        )
        """,
        "CREATE INDEX staff_linkage_pairs_queue ON staff_linkage_pairs (status, probability)",
        """
        CREATE TABLE staff_merges (
            id {{id}}, survivor_id BIGINT NOT NULL REFERENCES staff(id), merged_id BIGINT NOT NULL REFERENCES staff(id),
            pair_id BIGINT NOT NULL REFERENCES staff_linkage_pairs(id), merged_by TEXT NOT NULL, merged_at TEXT NOT NULL,
            undone_by TEXT, undone_at TEXT, CHECK (survivor_id <> merged_id)
        )
        """,
        "CREATE UNIQUE INDEX staff_merges_live ON staff_merges (merged_id) WHERE undone_at IS NULL",
        "CREATE UNIQUE INDEX staff_merges_live_pair ON staff_merges (pair_id) WHERE undone_at IS NULL",
    ])
}
