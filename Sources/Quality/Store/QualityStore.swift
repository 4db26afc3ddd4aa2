import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Runs the quality rules over every student, staff member, current class and school, keeps each school's score per
/// rule family for the trend, and the latest findings as the schools' worklists. Run `run` in a transaction.
public struct QualityStore: Sendable {
    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public struct RunSummary: Sendable, Hashable {
        public let runID: Int
        public let records: Int
        public let findings: Int
    }

    /// A score: the share of (record, rule) checks passed, 0–100, with what it counts.
    public struct Score: Sendable, Hashable {
        public var checks: Int
        public var failures: Int
        public var percent: Double { checks == 0 ? 100 : 100 * Double(checks - failures) / Double(checks) }
    }

    /// Checks every student, active staff member, class of the school's latest year and active school against the rules
    /// about them, and keeps each school's score per family (every kind of record counted together) and the findings.
    public func run(rules: [QualityRule], today: CalendarDate, cipher: PersonalDataCipher, by actor: Actor) async throws -> RunSummary {
        let records: [QualityRule.Entity: [QualityRecord]] = [
            .student: try await studentRecords(cipher), .staff: try await staffRecords(cipher),
            .schoolClass: try await classRecords(), .school: try await schoolRecords(today: today),
        ]
        let findings = Dictionary(uniqueKeysWithValues: records.map { entity, records in
            (entity, QualityCheck.findings(records, of: entity, rules: rules, today: today))
        })
        let recordCount = records.values.map(\.count).reduce(0, +), findingCount = findings.values.map(\.count).reduce(0, +)
        let rulesJSON = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        let runID = try await database.raw("""
            INSERT INTO quality_runs (taken_at, taken_on, records, rules) VALUES (\(bind: Timestamp.now), \(bind: today.iso), \(bind: recordCount), \(bind: rulesJSON))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        for (entity, findingTable) in FindingTable.all {
            try await database.raw("DELETE FROM \(unsafeRaw: findingTable.table) WHERE run_id < \(bind: runID)").run()
            try await BulkInsert.rows((findings[entity] ?? []).map { finding in
                [.integer(runID), .integer(finding.schoolID)] + (findingTable.column == nil ? [] : [.integer(finding.recordID)]) + [.text(finding.ruleID)]
            }, into: findingTable.table, columns: ["run_id", "school_id"] + (findingTable.column.map { [$0] } ?? []) + ["rule_id"], on: database)
        }
        try await writeScores(runID: runID, records: records, findings: findings, rules: rules)
        try await AuditLog(database).append(AuditEvent(action: "quality_run", entity: "quality_run", entityID: String(runID),
                                                       after: "\(recordCount) records, \(findingCount) findings"), by: actor)
        return RunSummary(runID: runID, records: recordCount, findings: findingCount)
    }

    /// Per school and family: every (record, rule) check of every kind of record, and how many failed.
    private func writeScores(runID: Int, records: [QualityRule.Entity: [QualityRecord]], findings: [QualityRule.Entity: [QualityFinding]],
                             rules: [QualityRule]) async throws {
        let family = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.family) })
        var scores: [Int: [QualityRule.Family: Score]] = [:]
        for (entity, records) in records {
            let perSchool = Dictionary(grouping: records, by: \.schoolID).mapValues(\.count)
            for rule in rules where rule.entity == entity {
                let checked = rule.when == nil ? perSchool : Dictionary(grouping: records.filter(rule.applies), by: \.schoolID).mapValues(\.count)
                for (school, count) in checked {
                    scores[school, default: [:]][rule.family, default: Score(checks: 0, failures: 0)].checks += count
                }
            }
            for finding in findings[entity] ?? [] {
                scores[finding.schoolID, default: [:]][family[finding.ruleID]!, default: Score(checks: 0, failures: 0)].failures += 1
            }
        }
        let rows: [[BulkValue]] = scores.sorted { $0.key < $1.key }.flatMap { school, families in
            families.sorted { $0.key.rawValue < $1.key.rawValue }.map { family, score in
                [.integer(runID), .integer(school), .text(family.rawValue), .integer(score.checks), .integer(score.failures)]
            }
        }
        try await BulkInsert.rows(rows, into: "quality_scores", columns: ["run_id", "school_id", "family", "checks", "failures"], on: database)
    }

    private func studentRecords(_ cipher: PersonalDataCipher) async throws -> [QualityRecord] {
        try await database.raw("""
            SELECT id, school_id, national_id_enc, full_name, name_key, date_of_birth, gender, ethnicity, birthplace, guardian_phone, updated_at
            FROM students WHERE \(MergedStudents.excluded("id")) ORDER BY id
            """).all(decoding: StudentRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                try Self.record(id: row.id, schoolID: row.schoolId, nationalID: try row.nationalIdEnc.map(cipher.open), dateOfBirth: row.dateOfBirth,
                                gender: row.gender, updatedAt: row.updatedAt,
                                fields: ["full_name": row.fullName, "name_key": row.nameKey, "date_of_birth": row.dateOfBirth, "gender": row.gender,
                                         "ethnicity": row.ethnicity, "birthplace": row.birthplace, "guardian_phone": row.guardianPhone])
            }
    }

    /// Active staff only (someone who left is no school's record to fix), merged records left out.
    private func staffRecords(_ cipher: PersonalDataCipher) async throws -> [QualityRecord] {
        try await database.raw("""
            SELECT id, school_id, national_id_enc, full_name, name_key, date_of_birth, gender, position, qualification, updated_at
            FROM staff WHERE status = 'active' AND \(MergedStaff.excluded("id")) ORDER BY id
            """).all(decoding: StaffRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                try Self.record(id: row.id, schoolID: row.schoolId, nationalID: try row.nationalIdEnc.map(cipher.open), dateOfBirth: row.dateOfBirth,
                                gender: row.gender, updatedAt: row.updatedAt,
                                fields: ["full_name": row.fullName, "name_key": row.nameKey, "date_of_birth": row.dateOfBirth, "gender": row.gender,
                                         "position": row.position, "qualification": row.qualification])
            }
    }

    /// The classes of each active school's latest school year (earlier years are history, not records to fix), with
    /// their students still studying (merged records left out), their school's levels and their homeroom teacher's
    /// school and status.
    private func classRecords() async throws -> [QualityRecord] {
        try await database.raw("""
            SELECT c.id, c.school_id, c.grade, c.homeroom_staff_id, c.updated_at, sc.levels,
                   h.school_id AS homeroom_school_id, h.status AS homeroom_status, COALESCE(e.students, 0) AS students
            FROM classes c JOIN schools sc ON sc.id = c.school_id LEFT JOIN staff h ON h.id = c.homeroom_staff_id
            LEFT JOIN (SELECT e.class_id, COUNT(*) AS students FROM enrolments e JOIN students st ON st.id = e.student_id
                       WHERE e.class_id IS NOT NULL AND st.status = 'studying' AND \(MergedStudents.excluded("st.id"))
                       GROUP BY e.class_id) e ON e.class_id = c.id
            WHERE sc.status = 'active' AND c.school_year = (SELECT MAX(l.school_year) FROM classes l WHERE l.school_id = c.school_id)
            ORDER BY c.id
            """).all(decoding: ClassRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                QualityRecord(id: row.id, schoolID: row.schoolId, fields: [
                    "school_id": String(row.schoolId), "grade": String(row.grade), "levels": row.levels, "students": String(row.students),
                    "homeroom_staff_id": row.homeroomStaffId.map(String.init) ?? "", "homeroom_school_id": row.homeroomSchoolId.map(String.init) ?? "",
                    "homeroom_status": row.homeroomStatus ?? "",
                ], nationalID: nil, dateOfBirth: nil, gender: nil, updatedOn: CalendarDate(iso: String(row.updatedAt.prefix(10))))
            }
    }

    /// Every active school, with its unit's state on `today` (`current`, or `ended` for a commune merged away), and how
    /// many students it teaches (merged records left out) and active staff it has.
    private func schoolRecords(today: CalendarDate) async throws -> [QualityRecord] {
        try await database.raw("""
            SELECT sc.id, sc.name_key, sc.address, sc.levels, sc.unit_id, sc.updated_at,
                   CASE WHEN u.valid_to IS NULL OR u.valid_to >= \(bind: today.iso) THEN 'current' ELSE 'ended' END AS unit_status,
                   COALESCE(st.students, 0) AS students, COALESCE(sf.staff, 0) AS active_staff
            FROM schools sc JOIN units u ON u.id = sc.unit_id
            LEFT JOIN (SELECT school_id, COUNT(*) AS students FROM students WHERE status = 'studying' AND \(MergedStudents.excluded("id"))
                       GROUP BY school_id) st ON st.school_id = sc.id
            LEFT JOIN (SELECT school_id, COUNT(*) AS staff FROM staff WHERE status = 'active' AND \(MergedStaff.excluded("id"))
                       GROUP BY school_id) sf ON sf.school_id = sc.id
            WHERE sc.status = 'active' ORDER BY sc.id
            """).all(decoding: SchoolRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                QualityRecord(id: row.id, schoolID: row.id, fields: [
                    "name_key": row.nameKey, "address": row.address, "levels": row.levels, "unit_id": String(row.unitId),
                    "unit_status": row.unitStatus, "students": String(row.students), "active_staff": String(row.activeStaff),
                ], nationalID: nil, dateOfBirth: nil, gender: nil, updatedOn: CalendarDate(iso: String(row.updatedAt.prefix(10))))
            }
    }

    private static func record(id: Int, schoolID: Int, nationalID: String?, dateOfBirth: String, gender: String, updatedAt: String,
                               fields: [String: String]) throws -> QualityRecord {
        QualityRecord(id: id, schoolID: schoolID, fields: fields.merging(["national_id": nationalID ?? ""]) { $1 },
                      nationalID: nationalID.flatMap(NationalID.init), dateOfBirth: CalendarDate(iso: dateOfBirth),
                      gender: Gender(rawValue: gender) ?? Gender(parsing: gender), updatedOn: CalendarDate(iso: String(updatedAt.prefix(10))))
    }

    /// The scheduled run of a night: ``run(rules:today:cipher:by:)`` unless `today` already has a run (a job taken up
    /// again, its worker stopped or slow enough to look abandoned, makes no second one); nil when it had.
    public func runOnce(rules: [QualityRule], today: CalendarDate, cipher: PersonalDataCipher, by actor: Actor) async throws -> RunSummary? {
        let made = try await database.raw("SELECT id FROM quality_runs WHERE taken_on = \(bind: today.iso) LIMIT 1").first()
        return made == nil ? try await run(rules: rules, today: today, cipher: cipher, by: actor) : nil
    }

    /// The province's score per family at every run, oldest first (the trend).
    public func provinceTrend() async throws -> [(takenOn: String, scores: [QualityRule.Family: Score])] {
        let rows = try await database.raw("""
            SELECT r.id, r.taken_on, s.family, SUM(s.checks) AS checks, SUM(s.failures) AS failures
            FROM quality_runs r JOIN quality_scores s ON s.run_id = r.id GROUP BY r.id, r.taken_on, s.family ORDER BY r.id
            """).all(decoding: TrendRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        var trend: [(id: Int, takenOn: String, scores: [QualityRule.Family: Score])] = []
        for row in rows {
            if trend.last?.id != row.id { trend.append((row.id, row.takenOn, [:])) }
            if let family = QualityRule.Family(rawValue: row.family) {
                trend[trend.count - 1].scores[family] = Score(checks: row.checks, failures: row.failures)
            }
        }
        return trend.map { ($0.takenOn, $0.scores) }
    }

    public struct UnitScore: Sendable, Hashable {
        public let id: Int
        public let code: String
        public let name: String
        public let score: Score
    }

    /// In the latest run: schools (or, with `byCommune`, communes) from the worst score up.
    public func ranking(byCommune: Bool = false, limit: Int = 10) async throws -> [UnitScore] {
        let (id, code, name, join) = byCommune
            ? ("u.id", "u.code", "u.name", "JOIN units u ON u.id = sc.unit_id")
            : ("sc.id", "sc.code", "sc.name", "")
        return try await database.raw("""
            SELECT \(unsafeRaw: id) AS id, \(unsafeRaw: code) AS code, \(unsafeRaw: name) AS name, SUM(s.checks) AS checks, SUM(s.failures) AS failures
            FROM quality_scores s JOIN schools sc ON sc.id = s.school_id \(unsafeRaw: join)
            WHERE s.run_id = (SELECT MAX(id) FROM quality_runs)
            GROUP BY \(unsafeRaw: id), \(unsafeRaw: code), \(unsafeRaw: name)
            ORDER BY CAST(SUM(s.failures) AS REAL) / SUM(s.checks) DESC, \(unsafeRaw: code) LIMIT \(bind: limit)
            """).all(decoding: RankingRow.self).map { UnitScore(id: $0.id, code: $0.code, name: $0.name, score: Score(checks: $0.checks, failures: $0.failures)) }
    }

    public struct WorkItem: Sendable, Hashable {
        public let entity: QualityRule.Entity
        /// The student's, staff member's, class's or school's id, by `entity`.
        public let recordID: Int
        /// The person's name, the class's name and school year, or the school's name.
        public let label: String
        public let rule: QualityRule
    }

    /// A school's records to fix, with the reason, from the latest run: its students, staff (each by name), classes and
    /// the school itself.
    public func worklist(schoolID: Int) async throws -> [WorkItem] {
        guard let run = try await database.raw("SELECT id, rules FROM quality_runs ORDER BY id DESC LIMIT 1").first(decoding: RunRow.self) else { return [] }
        let rules = Dictionary(uniqueKeysWithValues: try JSONDecoder().decode([QualityRule].self, from: Data(run.rules.utf8)).map { ($0.id, $0) })
        var items: [WorkItem] = []
        for entity in QualityRule.Entity.allCases {
            let source = FindingTable.all[entity]!
            let recordColumn = "f." + (source.column ?? "school_id")
            items += try await database.raw("""
                SELECT \(unsafeRaw: recordColumn) AS record_id, \(unsafeRaw: source.label) AS label, f.rule_id
                FROM \(unsafeRaw: source.table) f JOIN \(unsafeRaw: source.records) r ON r.id = \(unsafeRaw: recordColumn)
                WHERE f.school_id = \(bind: schoolID) AND f.run_id = \(bind: run.id) ORDER BY \(unsafeRaw: source.order), \(unsafeRaw: recordColumn), f.rule_id
                """).all(decoding: FindingRow.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { row in
                    rules[row.ruleId].map { WorkItem(entity: entity, recordID: row.recordId, label: row.label, rule: $0) }
                }
        }
        return items
    }
}

/// Where each kind of record's findings go, and how a worklist names and orders them. Constants, never input.
private struct FindingTable {
    let table: String
    /// The column naming the record; none when the record is the school itself (`school_id`).
    let column: String?
    /// The records' own table, its row as `r`.
    let records: String
    let label: String
    let order: String

    static let all: [QualityRule.Entity: FindingTable] = [
        .student: FindingTable(table: "quality_findings", column: "record_id", records: "students", label: "r.full_name", order: "r.name_key"),
        .staff: FindingTable(table: "quality_staff_findings", column: "staff_id", records: "staff", label: "r.full_name", order: "r.name_key"),
        .schoolClass: FindingTable(table: "quality_class_findings", column: "class_id", records: "classes",
                                   label: "r.name || ' (' || r.school_year || ')'", order: "r.grade, r.name"),
        .school: FindingTable(table: "quality_school_findings", column: nil, records: "schools", label: "r.name", order: "r.name_key"),
    ]
}

private struct StudentRow: Decodable {
    let id: Int, schoolId: Int, nationalIdEnc: String?, fullName: String, nameKey: String, dateOfBirth: String, gender: String
    let ethnicity: String, birthplace: String, guardianPhone: String, updatedAt: String
}
private struct StaffRow: Decodable {
    let id: Int, schoolId: Int, nationalIdEnc: String?, fullName: String, nameKey: String, dateOfBirth: String, gender: String
    let position: String, qualification: String, updatedAt: String
}
private struct ClassRow: Decodable {
    let id: Int, schoolId: Int, grade: Int, homeroomStaffId: Int?, updatedAt: String, levels: String
    let homeroomSchoolId: Int?, homeroomStatus: String?, students: Int
}
private struct SchoolRow: Decodable {
    let id: Int, nameKey: String, address: String, levels: String, unitId: Int, updatedAt: String, unitStatus: String, students: Int, activeStaff: Int
}
private struct TrendRow: Decodable { let id: Int, takenOn: String, family: String, checks: Int, failures: Int }
private struct RankingRow: Decodable { let id: Int, code: String, name: String, checks: Int, failures: Int }
private struct RunRow: Decodable { let id: Int, rules: String }
private struct FindingRow: Decodable { let recordId: Int, label: String, ruleId: String }
