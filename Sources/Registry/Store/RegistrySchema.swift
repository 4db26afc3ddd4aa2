import EduCore
import Storage

/// Registry tables. Administrative units are versioned by effective date; both province code
/// sets (63 legacy, 34 since 01/07/2025) are kept with the merger mapping.
public enum RegistrySchema {
    public static let tables = SchemaMigration("0004_registry", [
        """
        CREATE TABLE provinces (
            code_set TEXT NOT NULL, code TEXT NOT NULL, name TEXT NOT NULL,
            valid_from TEXT, valid_to TEXT, successor_code TEXT,
            PRIMARY KEY (code_set, code)
        )
        """,
        """
        CREATE TABLE units (
            id {{id}}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, kind TEXT NOT NULL,
            parent_id BIGINT REFERENCES units(id), province_code TEXT NOT NULL,
            valid_from TEXT NOT NULL, valid_to TEXT, successor_id BIGINT REFERENCES units(id)
        )
        """,
        """
        CREATE TABLE schools (
            id {{id}}, code TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_key {{key}} NOT NULL,
            levels TEXT NOT NULL, ownership TEXT NOT NULL, unit_id BIGINT NOT NULL REFERENCES units(id),
            address TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'active',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX schools_unit ON schools (unit_id)",
        """
        CREATE TABLE staff (
            id {{id}}, school_id BIGINT NOT NULL REFERENCES schools(id), staff_code TEXT,
            national_id_enc TEXT, national_id_hash TEXT UNIQUE,
            full_name TEXT NOT NULL, name_key {{key}} NOT NULL, date_of_birth TEXT NOT NULL, gender TEXT NOT NULL,
            position TEXT NOT NULL DEFAULT '', subjects TEXT NOT NULL DEFAULT '', qualification TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'active', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (school_id, staff_code)
        )
        """,
        "CREATE INDEX staff_name ON staff (name_key)",
        """
        CREATE TABLE classes (
            id {{id}}, school_id BIGINT NOT NULL REFERENCES schools(id), school_year TEXT NOT NULL,
            grade INTEGER NOT NULL, name TEXT NOT NULL, homeroom_staff_id BIGINT REFERENCES staff(id),
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (school_id, school_year, name)
        )
        """,
        """
        CREATE TABLE students (
            id {{id}}, school_id BIGINT NOT NULL REFERENCES schools(id), student_code TEXT,
            national_id_enc TEXT, national_id_hash TEXT UNIQUE,
            full_name TEXT NOT NULL, name_key {{key}} NOT NULL, date_of_birth TEXT NOT NULL, gender TEXT NOT NULL,
            ethnicity TEXT NOT NULL DEFAULT '', birthplace TEXT NOT NULL DEFAULT '', address TEXT NOT NULL DEFAULT '',
            guardian_name TEXT NOT NULL DEFAULT '', guardian_phone TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'studying', created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
            UNIQUE (school_id, student_code)
        )
        """,
        "CREATE INDEX students_name ON students (name_key)",
        "CREATE INDEX students_school ON students (school_id, id)",
        """
        CREATE TABLE enrolments (
            id {{id}}, student_id BIGINT NOT NULL REFERENCES students(id), school_id BIGINT NOT NULL REFERENCES schools(id),
            class_id BIGINT REFERENCES classes(id), school_year TEXT NOT NULL, grade INTEGER,
            created_at TEXT NOT NULL,
            UNIQUE (student_id, school_year)
        )
        """,
        "CREATE INDEX enrolments_class ON enrolments (class_id)",
    ])

    /// Both province code sets as reference data, fixed by law (NQ 202/2025/QH15).
    public static let provinces = SchemaMigration("0005_provinces") { _ in
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        let legacy = Province.legacy63.map { province in
            let successor = Province.successor(ofLegacy: province.code)!.code
            return "('legacy63', \(quoted(province.code)), \(quoted(province.name)), NULL, '2025-06-30', \(quoted(successor)))"
        }
        let current = Province.current.map {
            "('current34', \(quoted($0.code)), \(quoted($0.name)), '2025-07-01', NULL, NULL)"
        }
        return ["INSERT INTO provinces (code_set, code, name, valid_from, valid_to, successor_code) VALUES "
                + (legacy + current).joined(separator: ", ")]
    }

    /// Search indexes: codes alone (the per-school unique keys cannot serve them), and the name key
    /// with the id, so "first 50 by name" reads the index in order on PostgreSQL too (SQLite's index
    /// ends in the rowid anyway; without the id PostgreSQL sorted broad prefixes: p95 205 ms at 1M).
    public static let codeIndexes = SchemaMigration("0006_search_indexes", [
        "CREATE INDEX students_code ON students (student_code)",
        "CREATE INDEX staff_code ON staff (staff_code)",
        "CREATE INDEX students_name_id ON students (name_key, id)",
        "DROP INDEX students_name",
    ])

    public static let all: [SchemaMigration] = [tables, provinces, codeIndexes]

    /// Codes are searched in any case ("hs0000001" finds a stored "Hs0000001"): the code indexes become indexes of the
    /// lowered code, which the searches compare with (codes are ASCII, so SQLite's and PostgreSQL's `lower` agree).
    public static let caseFreeCodes = SchemaMigration("0052_case_free_code_search", [
        // IF EXISTS: the statements do not run in one transaction, and a second try must get past a first half-done.
        "DROP INDEX IF EXISTS students_code",
        "CREATE INDEX IF NOT EXISTS students_code_lower ON students (lower(student_code))",
        "DROP INDEX IF EXISTS staff_code",
        "CREATE INDEX IF NOT EXISTS staff_code_lower ON staff (lower(staff_code))",
    ])

    /// Guardians sign in by phone and reach the students whose guardian phone it is (`FamilyRegistry`).
    public static let guardianPhones = SchemaMigration("0022_guardian_phone_index", [
        "CREATE INDEX students_guardian_phone ON students (guardian_phone) WHERE guardian_phone <> ''",
    ])
}
