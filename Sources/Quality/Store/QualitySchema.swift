import Storage

/// Data-quality runs: when each ran and with which rules, the score of every school per rule family (kept for the
/// trend), and the latest run's findings (the schools' worklists).
public enum QualitySchema {
    public static let migration = SchemaMigration("0014_quality", [
        "CREATE TABLE quality_runs (id {{id}}, taken_at TEXT NOT NULL, taken_on TEXT NOT NULL, records INTEGER NOT NULL, rules TEXT NOT NULL)",
        """
        CREATE TABLE quality_scores (
            run_id BIGINT NOT NULL REFERENCES quality_runs(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            family TEXT NOT NULL, checks INTEGER NOT NULL, failures INTEGER NOT NULL, PRIMARY KEY (run_id, school_id, family)
        )
        """,
        """
        CREATE TABLE quality_findings (
            run_id BIGINT NOT NULL REFERENCES quality_runs(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            record_id BIGINT NOT NULL REFERENCES students(id), rule_id TEXT NOT NULL
        )
        """,
        "CREATE INDEX quality_findings_school ON quality_findings (school_id, run_id)",
    ])

    /// The latest run's findings on staff records (the rules with `entity` staff), beside the students'.
    public static let staffFindings = SchemaMigration("0029_quality_staff_findings", [
        """
        CREATE TABLE quality_staff_findings (
            run_id BIGINT NOT NULL REFERENCES quality_runs(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            staff_id BIGINT NOT NULL REFERENCES staff(id), rule_id TEXT NOT NULL
        )
        """,
        "CREATE INDEX quality_staff_findings_school ON quality_staff_findings (school_id, run_id)",
    ])

    /// The latest run's findings on classes and on schools themselves (the rules with `entity` class or school).
    public static let classAndSchoolFindings = SchemaMigration("0030_quality_class_school_findings", [
        """
        CREATE TABLE quality_class_findings (
            run_id BIGINT NOT NULL REFERENCES quality_runs(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            class_id BIGINT NOT NULL REFERENCES classes(id), rule_id TEXT NOT NULL
        )
        """,
        "CREATE INDEX quality_class_findings_school ON quality_class_findings (school_id, run_id)",
        """
        CREATE TABLE quality_school_findings (
            run_id BIGINT NOT NULL REFERENCES quality_runs(id), school_id BIGINT NOT NULL REFERENCES schools(id), rule_id TEXT NOT NULL
        )
        """,
        "CREATE INDEX quality_school_findings_school ON quality_school_findings (school_id, run_id)",
    ])
}
