import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Runs the quality rules over every student, keeps each school's score per rule family for the trend, and the
/// latest findings as the schools' worklists. Run `run` in a transaction.
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
        public let checks: Int
        public let failures: Int
        public var percent: Double { checks == 0 ? 100 : 100 * Double(checks - failures) / Double(checks) }
    }

    public func run(rules: [QualityRule], today: CalendarDate, cipher: PersonalDataCipher, by actor: Actor) async throws -> RunSummary {
        let rows = try await database.raw("""
            SELECT id, school_id, national_id_enc, full_name, name_key, date_of_birth, gender, ethnicity, birthplace, guardian_phone, updated_at
            FROM students WHERE \(MergedStudents.excluded("id")) ORDER BY id
            """).all(decoding: StudentRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        let records = try rows.map { row in
            let nationalID = try row.nationalIdEnc.map(cipher.open)
            return QualityRecord(
                id: row.id, schoolID: row.schoolId,
                fields: ["national_id": nationalID ?? "", "full_name": row.fullName, "name_key": row.nameKey, "date_of_birth": row.dateOfBirth,
                         "gender": row.gender, "ethnicity": row.ethnicity, "birthplace": row.birthplace, "guardian_phone": row.guardianPhone],
                nationalID: nationalID.flatMap(NationalID.init), dateOfBirth: CalendarDate(iso: row.dateOfBirth),
                gender: Gender(rawValue: row.gender) ?? Gender(parsing: row.gender), updatedOn: CalendarDate(iso: String(row.updatedAt.prefix(10))))
        }
        let findings = QualityCheck.findings(records, rules: rules, today: today)
        let rulesJSON = String(decoding: try JSONEncoder().encode(rules), as: UTF8.self)
        let runID = try await database.raw("""
            INSERT INTO quality_runs (taken_at, taken_on, records, rules) VALUES (\(bind: Timestamp.now), \(bind: today.iso), \(bind: records.count), \(bind: rulesJSON))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await database.raw("DELETE FROM quality_findings WHERE run_id < \(bind: runID)").run()
        try await BulkInsert.rows(findings.map { [.integer(runID), .integer($0.schoolID), .integer($0.recordID), .text($0.ruleID)] },
                                  into: "quality_findings", columns: ["run_id", "school_id", "record_id", "rule_id"], on: database)
        let family = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0.family) })
        var failures: [Int: [QualityRule.Family: Int]] = [:]
        for finding in findings { failures[finding.schoolID, default: [:]][family[finding.ruleID]!, default: 0] += 1 }
        let recordsPerSchool = Dictionary(grouping: records, by: \.schoolID).mapValues(\.count)
        let rulesPerFamily = Dictionary(grouping: rules, by: \.family).mapValues(\.count)
        var scores: [[BulkValue]] = []
        for (school, count) in recordsPerSchool.sorted(by: { $0.key < $1.key }) {
            for (family, ruleCount) in rulesPerFamily.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                scores.append([.integer(runID), .integer(school), .text(family.rawValue), .integer(count * ruleCount),
                               .integer(failures[school]?[family] ?? 0)])
            }
        }
        try await BulkInsert.rows(scores, into: "quality_scores", columns: ["run_id", "school_id", "family", "checks", "failures"], on: database)
        try await AuditLog(database).append(AuditEvent(action: "quality_run", entity: "quality_run", entityID: String(runID),
                                                       after: "\(records.count) records, \(findings.count) findings"), by: actor)
        return RunSummary(runID: runID, records: records.count, findings: findings.count)
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
        public let studentID: Int
        public let fullName: String
        public let rule: QualityRule
    }

    /// A school's records to fix, with the reason, from the latest run.
    public func worklist(schoolID: Int) async throws -> [WorkItem] {
        guard let run = try await database.raw("SELECT id, rules FROM quality_runs ORDER BY id DESC LIMIT 1").first(decoding: RunRow.self) else { return [] }
        let rules = Dictionary(uniqueKeysWithValues: try JSONDecoder().decode([QualityRule].self, from: Data(run.rules.utf8)).map { ($0.id, $0) })
        return try await database.raw("""
            SELECT f.record_id, st.full_name, f.rule_id FROM quality_findings f JOIN students st ON st.id = f.record_id
            WHERE f.school_id = \(bind: schoolID) AND f.run_id = \(bind: run.id) ORDER BY st.name_key, f.record_id, f.rule_id
            """).all(decoding: FindingRow.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { row in
                rules[row.ruleId].map { WorkItem(studentID: row.recordId, fullName: row.fullName, rule: $0) }
            }
    }
}

private struct StudentRow: Decodable {
    let id: Int, schoolId: Int, nationalIdEnc: String?, fullName: String, nameKey: String, dateOfBirth: String, gender: String
    let ethnicity: String, birthplace: String, guardianPhone: String, updatedAt: String
}
private struct TrendRow: Decodable { let id: Int, takenOn: String, family: String, checks: Int, failures: Int }
private struct RankingRow: Decodable { let id: Int, code: String, name: String, checks: Int, failures: Int }
private struct RunRow: Decodable { let id: Int, rules: String }
private struct FindingRow: Decodable { let recordId: Int, fullName: String, ruleId: String }
