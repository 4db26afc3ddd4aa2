import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Runs the quality rules over every student and staff member, keeps each school's score per rule family for the
/// trend, and the latest findings as the schools' worklists. Run `run` in a transaction.
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

    /// Checks every student and every active staff member against the rules about them, and keeps each school's score
    /// per family (both kinds of record counted together) and the findings.
    public func run(rules: [QualityRule], today: CalendarDate, cipher: PersonalDataCipher, by actor: Actor) async throws -> RunSummary {
        let records: [QualityRule.Entity: [QualityRecord]] = [.student: try await studentRecords(cipher), .staff: try await staffRecords(cipher)]
        let findings = Dictionary(uniqueKeysWithValues: records.map { entity, records in
            (entity, QualityCheck.findings(records, of: entity, rules: rules, today: today))
        })
        let recordCount = records.values.map(\.count).reduce(0, +), findingCount = findings.values.map(\.count).reduce(0, +)
        let rulesJSON = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        let runID = try await database.raw("""
            INSERT INTO quality_runs (taken_at, taken_on, records, rules) VALUES (\(bind: Timestamp.now), \(bind: today.iso), \(bind: recordCount), \(bind: rulesJSON))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        for (entity, (table, column)) in Self.findingTables {
            try await database.raw("DELETE FROM \(unsafeRaw: table) WHERE run_id < \(bind: runID)").run()
            try await BulkInsert.rows((findings[entity] ?? []).map { [.integer(runID), .integer($0.schoolID), .integer($0.recordID), .text($0.ruleID)] },
                                      into: table, columns: ["run_id", "school_id", column, "rule_id"], on: database)
        }
        try await writeScores(runID: runID, records: records, findings: findings, rules: rules)
        try await AuditLog(database).append(AuditEvent(action: "quality_run", entity: "quality_run", entityID: String(runID),
                                                       after: "\(recordCount) records, \(findingCount) findings"), by: actor)
        return RunSummary(runID: runID, records: recordCount, findings: findingCount)
    }

    /// Where each kind of record's findings go, and the column naming the record. Constants, never input.
    private static let findingTables: [QualityRule.Entity: (table: String, column: String)] = [
        .student: ("quality_findings", "record_id"), .staff: ("quality_staff_findings", "staff_id"),
    ]

    /// Per school and family: every (record, rule) check of either kind of record, and how many failed.
    private func writeScores(runID: Int, records: [QualityRule.Entity: [QualityRecord]], findings: [QualityRule.Entity: [QualityFinding]],
                             rules: [QualityRule]) async throws {
        let family = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.family) })
        var scores: [Int: [QualityRule.Family: Score]] = [:]
        for (entity, records) in records {
            let rulesPerFamily = Dictionary(grouping: rules.filter { $0.entity == entity }, by: \.family).mapValues(\.count)
            for (school, count) in Dictionary(grouping: records, by: \.schoolID).mapValues(\.count) {
                for (family, ruleCount) in rulesPerFamily {
                    scores[school, default: [:]][family, default: Score(checks: 0, failures: 0)].checks += count * ruleCount
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

    /// Active staff only: someone who left is no school's record to fix.
    private func staffRecords(_ cipher: PersonalDataCipher) async throws -> [QualityRecord] {
        try await database.raw("""
            SELECT id, school_id, national_id_enc, full_name, name_key, date_of_birth, gender, position, qualification, updated_at
            FROM staff WHERE status = 'active' ORDER BY id
            """).all(decoding: StaffRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                try Self.record(id: row.id, schoolID: row.schoolId, nationalID: try row.nationalIdEnc.map(cipher.open), dateOfBirth: row.dateOfBirth,
                                gender: row.gender, updatedAt: row.updatedAt,
                                fields: ["full_name": row.fullName, "name_key": row.nameKey, "date_of_birth": row.dateOfBirth, "gender": row.gender,
                                         "position": row.position, "qualification": row.qualification])
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
        /// The student's or staff member's id, by `entity`.
        public let recordID: Int
        public let fullName: String
        public let rule: QualityRule
    }

    /// A school's records to fix, with the reason, from the latest run: its students, then its staff, by name.
    public func worklist(schoolID: Int) async throws -> [WorkItem] {
        guard let run = try await database.raw("SELECT id, rules FROM quality_runs ORDER BY id DESC LIMIT 1").first(decoding: RunRow.self) else { return [] }
        let rules = Dictionary(uniqueKeysWithValues: try JSONDecoder().decode([QualityRule].self, from: Data(run.rules.utf8)).map { ($0.id, $0) })
        var items: [WorkItem] = []
        for entity in QualityRule.Entity.allCases {
            let (table, column) = Self.findingTables[entity]!
            let people = entity == .student ? "students" : "staff"
            items += try await database.raw("""
                SELECT f.\(unsafeRaw: column) AS record_id, p.full_name, f.rule_id FROM \(unsafeRaw: table) f JOIN \(unsafeRaw: people) p ON p.id = f.\(unsafeRaw: column)
                WHERE f.school_id = \(bind: schoolID) AND f.run_id = \(bind: run.id) ORDER BY p.name_key, f.\(unsafeRaw: column), f.rule_id
                """).all(decoding: FindingRow.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { row in
                    rules[row.ruleId].map { WorkItem(entity: entity, recordID: row.recordId, fullName: row.fullName, rule: $0) }
                }
        }
        return items
    }
}

private struct StudentRow: Decodable {
    let id: Int, schoolId: Int, nationalIdEnc: String?, fullName: String, nameKey: String, dateOfBirth: String, gender: String
    let ethnicity: String, birthplace: String, guardianPhone: String, updatedAt: String
}
private struct StaffRow: Decodable {
    let id: Int, schoolId: Int, nationalIdEnc: String?, fullName: String, nameKey: String, dateOfBirth: String, gender: String
    let position: String, qualification: String, updatedAt: String
}
private struct TrendRow: Decodable { let id: Int, takenOn: String, family: String, checks: Int, failures: Int }
private struct RankingRow: Decodable { let id: Int, code: String, name: String, checks: Int, failures: Int }
private struct RunRow: Decodable { let id: Int, rules: String }
private struct FindingRow: Decodable { let recordId: Int, fullName: String, ruleId: String }
