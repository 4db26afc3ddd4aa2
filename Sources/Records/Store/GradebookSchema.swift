import Storage

/// Gradebooks (sổ điểm): who teaches what in a class, each subject's marks per semester, the homeroom teacher's
/// conduct records, where each gradebook and class semester stands, and correction requests after locking.
public enum GradebookSchema {
    public static let migration = SchemaMigration("0011_gradebooks", [
        """
        CREATE TABLE teaching_assignments (
            id {{id}}, class_id BIGINT NOT NULL REFERENCES classes(id), subject TEXT NOT NULL,
            staff_id BIGINT NOT NULL REFERENCES staff(id), assessment TEXT NOT NULL, lessons_per_year INTEGER,
            created_at TEXT NOT NULL, UNIQUE (class_id, subject)
        )
        """,
        """
        CREATE TABLE gradebooks (
            assignment_id BIGINT NOT NULL REFERENCES teaching_assignments(id), semester INTEGER NOT NULL,
            status TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (assignment_id, semester)
        )
        """,
        """
        CREATE TABLE gradebook_marks (
            assignment_id BIGINT NOT NULL, semester INTEGER NOT NULL, student_id BIGINT NOT NULL REFERENCES students(id),
            kind TEXT NOT NULL, position INTEGER NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (assignment_id, semester, student_id, kind, position),
            FOREIGN KEY (assignment_id, semester) REFERENCES gradebooks(assignment_id, semester)
        )
        """,
        """
        CREATE TABLE class_semesters (
            class_id BIGINT NOT NULL REFERENCES classes(id), semester INTEGER NOT NULL, status TEXT NOT NULL,
            updated_at TEXT NOT NULL, PRIMARY KEY (class_id, semester)
        )
        """,
        """
        CREATE TABLE conduct_records (
            class_id BIGINT NOT NULL REFERENCES classes(id), semester INTEGER NOT NULL,
            student_id BIGINT NOT NULL REFERENCES students(id), conduct TEXT, absences INTEGER, comment TEXT NOT NULL,
            PRIMARY KEY (class_id, semester, student_id)
        )
        """,
        """
        CREATE TABLE mark_corrections (
            id {{id}}, assignment_id BIGINT NOT NULL REFERENCES teaching_assignments(id), semester INTEGER NOT NULL,
            student_id BIGINT NOT NULL REFERENCES students(id), kind TEXT NOT NULL, position INTEGER NOT NULL,
            old_value TEXT, new_value TEXT, reason TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at TEXT NOT NULL,
            status TEXT NOT NULL, decided_by TEXT, decided_at TEXT
        )
        """,
    ])

    /// Học bạ documents: every version of a student's record for a school year, kept for ever, the highest current.
    /// `signatures` counts the signatures made in the order teacher → principal → seal; `slots` are the template's
    /// signature rectangles (JSON) where each goes; `link` is the random code of the version's public page.
    public static let hocBa = SchemaMigration("0012_hoc_ba", [
        """
        CREATE TABLE hoc_ba (
            id {{id}}, student_id BIGINT NOT NULL REFERENCES students(id), class_id BIGINT NOT NULL REFERENCES classes(id),
            school_year TEXT NOT NULL, version INTEGER NOT NULL, document TEXT NOT NULL, pdf {{blob}} NOT NULL,
            slots TEXT NOT NULL, signatures INTEGER NOT NULL, link {{key}} NOT NULL UNIQUE, created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL, UNIQUE (student_id, school_year, version)
        )
        """,
        // Học bạ a student brought from another school (outside this database), kept as received once verified.
        """
        CREATE TABLE transferred_hoc_ba (
            id {{id}}, student_id BIGINT NOT NULL REFERENCES students(id), school_year TEXT NOT NULL, school TEXT NOT NULL,
            document TEXT NOT NULL, pdf {{blob}} NOT NULL, imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
            UNIQUE (student_id, school_year, school)
        )
        """,
    ])

    /// Primary school (TT27): each student's qualities and competences at the middle (`gk`) and the end (`ck`) of
    /// each semester, recorded by the homeroom teacher.
    public static let qualities = SchemaMigration("0028_quality_records", [
        """
        CREATE TABLE quality_records (
            class_id BIGINT NOT NULL REFERENCES classes(id), semester INTEGER NOT NULL,
            student_id BIGINT NOT NULL REFERENCES students(id), item TEXT NOT NULL, kind TEXT NOT NULL, level TEXT NOT NULL,
            PRIMARY KEY (class_id, semester, student_id, item, kind)
        )
        """,
    ])

    /// After the year (TT22): re-tests (`kt`, by subject) and conduct after summer training (`rl`, subject empty), and the
    /// principal's approval that makes them count.
    public static let summer = SchemaMigration("0045_summer_results", [
        """
        CREATE TABLE summer_results (
            class_id BIGINT NOT NULL REFERENCES classes(id), student_id BIGINT NOT NULL REFERENCES students(id),
            kind TEXT NOT NULL, subject TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (class_id, student_id, kind, subject)
        )
        """,
        """
        CREATE TABLE summer_decisions (
            class_id BIGINT PRIMARY KEY REFERENCES classes(id), decided_by TEXT NOT NULL, decided_at TEXT NOT NULL
        )
        """,
    ])

    /// A transferred học bạ that a newer version from the same school replaced, kept as received.
    public static let replacedTransfers = SchemaMigration("0046_transferred_hoc_ba_replaced", [
        """
        CREATE TABLE transferred_hoc_ba_replaced (
            id {{id}}, transfer_id BIGINT NOT NULL REFERENCES transferred_hoc_ba(id), document TEXT NOT NULL, pdf {{blob}} NOT NULL,
            imported_at TEXT NOT NULL, imported_by TEXT NOT NULL, replaced_at TEXT NOT NULL
        )
        """,
    ])
}
