import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// The SQL of reconciliation: runs and their cursor, the next students to check, verdicts written with the cursor's
/// advance in one transaction.
public struct ReconciliationStore: Sendable {
    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public struct Run: Sendable, Hashable, Decodable {
        public let id: Int
        public let cursor: Int
        public let staffCursor: Int
        public let checked: Int
        /// When set, the run checks only people never checked, checked before this time, or changed since their check.
        public let staleBefore: String?

        func cursor(of roster: Roster) -> Int { roster == .students ? cursor : staffCursor }

        func advanced(_ roster: Roster, to position: Int, checked more: Int) -> Run {
            Run(id: id, cursor: roster == .students ? position : cursor, staffCursor: roster == .staff ? position : staffCursor,
                checked: checked + more, staleBefore: staleBefore)
        }
    }

    /// Whose records a run checks, in order: the students, then the staff.
    enum Roster: CaseIterable {
        case students, staff

        /// Nil for classes and schools: the register knows people only.
        init?(_ entity: QualityRule.Entity) {
            switch entity {
            case .student: self = .students
            case .staff: self = .staff
            case .schoolClass, .school: return nil
            }
        }

        var entity: QualityRule.Entity { self == .students ? .student : .staff }

        var table: String { self == .students ? "students" : "staff" }
        var checks: String { self == .students ? "register_checks" : "staff_register_checks" }
        var key: String { self == .students ? "student_id" : "staff_id" }
        var cursorColumn: String { self == .students ? "cursor" : "staff_cursor" }
        /// `column` is not a record merged into another: the kept record is the person.
        func notMerged(_ column: String) -> SQLQueryString { self == .students ? MergedStudents.excluded(column) : MergedStaff.excluded(column) }
    }

    /// The unfinished run (with the scope it started with), or a new one with `staleBefore` as its scope.
    func openRun(staleBefore: String?) async throws -> Run {
        let columns = "id, cursor, staff_cursor, checked, stale_before"
        if let run = try await database.raw("""
            SELECT \(unsafeRaw: columns) FROM reconciliation_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1
            """).first(decoding: Run.self, keyDecodingStrategy: .convertFromSnakeCase) { return run }
        let id = try await database.raw("""
            INSERT INTO reconciliation_runs (started_at, cursor, checked, failures, status, stale_before)
            VALUES (\(bind: Timestamp.now), 0, 0, 0, 'running', \(bind: staleBefore)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        return Run(id: id, cursor: 0, staffCursor: 0, checked: 0, staleBefore: staleBefore)
    }

    struct Person: Decodable {
        let id: Int, nationalIdEnc: String?, fullName: String, dateOfBirth: String, gender: String
    }

    func people(_ roster: Roster, after cursor: Int, staleBefore: String?, limit: Int) async throws -> [Person] {
        let stale: SQLQueryString = staleBefore.map {
            "AND (c.\(unsafeRaw: roster.key) IS NULL OR c.checked_at < \(bind: $0) OR p.updated_at > c.checked_at)"
        } ?? ""
        return try await database.raw("""
            SELECT p.id, p.national_id_enc, p.full_name, p.date_of_birth, p.gender FROM \(unsafeRaw: roster.table) p
            LEFT JOIN \(unsafeRaw: roster.checks) c ON c.\(unsafeRaw: roster.key) = p.id
            WHERE p.id > \(bind: cursor) \(stale) AND \(roster.notMerged("p.id")) ORDER BY p.id LIMIT \(bind: limit)
            """).all(decoding: Person.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Writes the verdicts and moves the run's cursor past them: call inside a transaction, so both or neither happen.
    func record(_ verdicts: [(personID: Int, status: String, register: [String: String])], _ roster: Roster, run: Int, cursor: Int) async throws {
        let now = Timestamp.now
        for verdict in verdicts {
            let values = String(decoding: try JSONEncoder.sorted.encode(verdict.register), as: UTF8.self)
            try await database.raw("""
                INSERT INTO \(unsafeRaw: roster.checks) (\(unsafeRaw: roster.key), status, register_values, checked_at, run_id)
                VALUES (\(bind: verdict.personID), \(bind: verdict.status), \(bind: values), \(bind: now), \(bind: run))
                ON CONFLICT (\(unsafeRaw: roster.key)) DO UPDATE SET status = excluded.status, register_values = excluded.register_values,
                    checked_at = excluded.checked_at, run_id = excluded.run_id
                """).run()
        }
        // Only forward: a second worker that somehow shares the run cannot move the cursor back.
        try await database.raw("""
            UPDATE reconciliation_runs SET \(unsafeRaw: roster.cursorColumn) = \(bind: cursor), checked = checked + \(bind: verdicts.count)
            WHERE id = \(bind: run) AND \(unsafeRaw: roster.cursorColumn) < \(bind: cursor)
            """).run()
    }

    func noteFailure(run: Int) async throws {
        try await database.raw("UPDATE reconciliation_runs SET failures = failures + 1 WHERE id = \(bind: run)").run()
    }

    func finish(run: Int) async throws {
        try await database.raw("""
            UPDATE reconciliation_runs SET status = 'finished', finished_at = \(bind: Timestamp.now) WHERE id = \(bind: run)
            """).run()
    }

    /// Every student and staff member with a personal ID as the register would be asked about them (for the
    /// simulator's dataset); a student of a commune's school living in that commune (the register's residence, commune only).
    public func registerPeople(cipher: PersonalDataCipher) async throws -> [RegisterDataset.Person] {
        struct Row: Decodable { let nationalIdEnc: String; let fullName: String; let dateOfBirth: String; let gender: String; let commune: String? }
        return try await database.raw("""
            SELECT national_id_enc, full_name, date_of_birth, gender, commune FROM (
                SELECT 0 AS roster, st.id, st.national_id_enc, st.full_name, st.date_of_birth, st.gender,
                    CASE WHEN u.kind IN ('commune', 'ward', 'special_zone') THEN u.code END AS commune
                FROM students st JOIN schools s ON s.id = st.school_id JOIN units u ON u.id = s.unit_id WHERE st.national_id_enc IS NOT NULL
                UNION ALL
                SELECT 1 AS roster, id, national_id_enc, full_name, date_of_birth, gender, NULL AS commune FROM staff WHERE national_id_enc IS NOT NULL
            ) people ORDER BY roster, id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map {
                RegisterDataset.Person(nationalID: try cipher.open($0.nationalIdEnc), fullName: $0.fullName, dateOfBirth: $0.dateOfBirth,
                                       gender: $0.gender, residence: $0.commune.map { RegisteredResidence(communeCode: $0) })
            }
    }

    /// Takes the night's run of `schedule` for this instance: true once per `day` across every instance sharing the database.
    public func claimNight(_ day: String, schedule: String = "reconciliation") async throws -> Bool {
        try await database.raw("""
            INSERT INTO schedules (name, last_run_on) VALUES (\(bind: schedule), \(bind: day))
            ON CONFLICT (name) DO UPDATE SET last_run_on = excluded.last_run_on WHERE schedules.last_run_on < excluded.last_run_on
            RETURNING name
            """).first() != nil
    }

    public struct Tally: Sendable, Hashable {
        public var verified = 0, mismatch = 0, notFound = 0, noNationalID = 0, students = 0
        public var staffVerified = 0, staff = 0

        public var percent: Double { students == 0 ? 100 : 100 * Double(verified) / Double(students) }
        public var staffPercent: Double { staff == 0 ? 100 : 100 * Double(staffVerified) / Double(staff) }
    }

    /// How many students stand at each verdict and how many there are; how many staff are verified, of how many.
    public func tally() async throws -> Tally {
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await database.raw("""
            SELECT status, COUNT(*) AS n FROM register_checks WHERE \(MergedStudents.excluded("student_id")) GROUP BY status
            """).all(decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.status, $0.n) })
        func count(_ query: SQLQueryString) async throws -> Int { try await database.raw(query).first(decoding: CountRow.self)!.n }
        return Tally(verified: counts["verified"] ?? 0, mismatch: counts["mismatch"] ?? 0, notFound: counts["not_found"] ?? 0,
                     noNationalID: counts["no_national_id"] ?? 0, students: try await count("SELECT COUNT(*) AS n FROM students WHERE \(MergedStudents.excluded("id"))"),
                     staffVerified: try await count("""
                         SELECT COUNT(*) AS n FROM staff_register_checks WHERE status = 'verified' AND \(MergedStaff.excluded("staff_id"))
                         """),
                     staff: try await count("SELECT COUNT(*) AS n FROM staff WHERE \(MergedStaff.excluded("id"))"))
    }
}

extension ReconciliationStore {
    public struct UnitRate: Sendable, Hashable {
        public let id: Int
        public let code: String
        public let name: String
        public let verified: Int
        public let students: Int
        public var percent: Double { students == 0 ? 100 : 100 * Double(verified) / Double(students) }
    }

    /// Per commune (or per school), the share of students the register verified, lowest first.
    public func verificationRates(byCommune: Bool = true) async throws -> [UnitRate] {
        let (id, code, name, join) = byCommune
            ? ("u.id", "u.code", "u.name", "JOIN units u ON u.id = sc.unit_id")
            : ("sc.id", "sc.code", "sc.name", "")
        struct Row: Decodable { let id: Int; let code: String; let name: String; let verified: Int; let students: Int }
        return try await database.raw("""
            SELECT \(unsafeRaw: id) AS id, \(unsafeRaw: code) AS code, \(unsafeRaw: name) AS name,
                   SUM(CASE WHEN c.status = 'verified' THEN 1 ELSE 0 END) AS verified, COUNT(*) AS students
            FROM students st JOIN schools sc ON sc.id = st.school_id \(unsafeRaw: join)
            LEFT JOIN register_checks c ON c.student_id = st.id
            WHERE \(MergedStudents.excluded("st.id"))
            GROUP BY \(unsafeRaw: id), \(unsafeRaw: code), \(unsafeRaw: name)
            ORDER BY CAST(SUM(CASE WHEN c.status = 'verified' THEN 1 ELSE 0 END) AS REAL) / COUNT(*), \(unsafeRaw: code)
            """).all(decoding: Row.self).map { UnitRate(id: $0.id, code: $0.code, name: $0.name, verified: $0.verified, students: $0.students) }
    }

    public struct Mismatch: Sendable, Hashable {
        public struct Field: Sendable, Hashable {
            /// full_name, date_of_birth or gender.
            public let name: String
            public let ours: String
            public let register: String
        }

        public let entity: QualityRule.Entity
        /// The student's or staff member's id, by `entity`.
        public let recordID: Int
        public let fullName: String
        public let fields: [Field]
    }

    /// A school's students, then its staff, whose record differs from the register, with both values side by side.
    public func mismatches(schoolID: Int) async throws -> [Mismatch] {
        struct Row: Decodable { let id: Int; let fullName: String; let dateOfBirth: String; let gender: String; let registerValues: String }
        var mismatches: [Mismatch] = []
        for roster in Roster.allCases {
            let rows = try await database.raw("""
                SELECT p.id, p.full_name, p.date_of_birth, p.gender, c.register_values FROM \(unsafeRaw: roster.checks) c
                JOIN \(unsafeRaw: roster.table) p ON p.id = c.\(unsafeRaw: roster.key)
                WHERE p.school_id = \(bind: schoolID) AND c.status = 'mismatch' AND \(roster.notMerged("p.id")) ORDER BY p.name_key, p.id
                """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            mismatches += try rows.map { row in
                let register = try JSONDecoder().decode([String: String].self, from: Data(row.registerValues.utf8))
                let ours = ["full_name": row.fullName, "date_of_birth": row.dateOfBirth, "gender": row.gender]
                return Mismatch(entity: roster.entity, recordID: row.id, fullName: row.fullName,
                                fields: register.keys.sorted().map { Mismatch.Field(name: $0, ours: ours[$0] ?? "", register: register[$0]!) })
            }
        }
        return mismatches
    }

    /// Takes the register's values into the record of a student or staff member of `schoolID` (one click on the
    /// mismatch queue), audited with both.
    public func accept(_ entity: QualityRule.Entity, id: Int, schoolID: Int, by actor: Actor) async throws {
        struct Row: Decodable { let registerValues: String; let fullName: String; let dateOfBirth: String; let gender: String }
        guard let roster = Roster(entity), let row = try await database.raw("""
            SELECT c.register_values, p.full_name, p.date_of_birth, p.gender FROM \(unsafeRaw: roster.checks) c
            JOIN \(unsafeRaw: roster.table) p ON p.id = c.\(unsafeRaw: roster.key)
            WHERE c.\(unsafeRaw: roster.key) = \(bind: id) AND p.school_id = \(bind: schoolID) AND c.status = 'mismatch'
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw EduError("reconciliation.no_mismatch", vi: "Không có sai khác nào để nhận", en: "There is no mismatch to accept") }
        let register = try JSONDecoder().decode([String: String].self, from: Data(row.registerValues.utf8))
        let name = register["full_name"].map(PersonName.normalized) ?? row.fullName
        try await database.raw("""
            UPDATE \(unsafeRaw: roster.table) SET full_name = \(bind: name), name_key = \(bind: PersonName.foldedKey(name)),
                date_of_birth = \(bind: register["date_of_birth"] ?? row.dateOfBirth), gender = \(bind: register["gender"] ?? row.gender),
                updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: id)
            """).run()
        try await database.raw("""
            UPDATE \(unsafeRaw: roster.checks) SET status = 'verified', register_values = '{}', checked_at = \(bind: Timestamp.now)
            WHERE \(unsafeRaw: roster.key) = \(bind: id)
            """).run()
        let before = ["full_name": row.fullName, "date_of_birth": row.dateOfBirth, "gender": row.gender].filter { register[$0.key] != nil }
        try await AuditLog(database).append(AuditEvent(
            action: "accept_register", entity: entity.rawValue, entityID: String(id),
            before: String(decoding: try JSONEncoder.sorted.encode(before), as: UTF8.self),
            after: String(decoding: try JSONEncoder.sorted.encode(register), as: UTF8.self)), by: actor)
    }
}

