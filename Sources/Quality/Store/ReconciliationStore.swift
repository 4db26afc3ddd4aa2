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
        public let checked: Int
    }

    /// The unfinished run, or a new one.
    func openRun() async throws -> Run {
        if let run = try await database.raw("""
            SELECT id, cursor, checked FROM reconciliation_runs WHERE status = 'running' ORDER BY id DESC LIMIT 1
            """).first(decoding: Run.self) { return run }
        let id = try await database.raw("""
            INSERT INTO reconciliation_runs (started_at, cursor, checked, failures, status) VALUES (\(bind: Timestamp.now), 0, 0, 0, 'running')
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        return Run(id: id, cursor: 0, checked: 0)
    }

    struct Person: Decodable {
        let id: Int, nationalIdEnc: String?, fullName: String, dateOfBirth: String, gender: String
    }

    func people(after cursor: Int, limit: Int) async throws -> [Person] {
        try await database.raw("""
            SELECT id, national_id_enc, full_name, date_of_birth, gender FROM students WHERE id > \(bind: cursor) ORDER BY id LIMIT \(bind: limit)
            """).all(decoding: Person.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Writes the verdicts and moves the run's cursor past them: call inside a transaction, so both or neither happen.
    func record(_ verdicts: [(studentID: Int, status: String, register: [String: String])], run: Int, cursor: Int) async throws {
        let now = Timestamp.now
        for verdict in verdicts {
            let values = String(decoding: try JSONEncoder.sorted.encode(verdict.register), as: UTF8.self)
            try await database.raw("""
                INSERT INTO register_checks (student_id, status, register_values, checked_at, run_id)
                VALUES (\(bind: verdict.studentID), \(bind: verdict.status), \(bind: values), \(bind: now), \(bind: run))
                ON CONFLICT (student_id) DO UPDATE SET status = excluded.status, register_values = excluded.register_values,
                    checked_at = excluded.checked_at, run_id = excluded.run_id
                """).run()
        }
        try await database.raw("""
            UPDATE reconciliation_runs SET cursor = \(bind: cursor), checked = checked + \(bind: verdicts.count) WHERE id = \(bind: run)
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

    /// How many students stand at each verdict, and how many there are.
    public func tally() async throws -> (verified: Int, mismatch: Int, notFound: Int, noNationalID: Int, students: Int) {
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await database.raw("SELECT status, COUNT(*) AS n FROM register_checks GROUP BY status").all(decoding: Row.self)
        let counts = Dictionary(uniqueKeysWithValues: rows.map { ($0.status, $0.n) })
        let students = try await database.raw("SELECT COUNT(*) AS id FROM students").first(decoding: IDRow.self)!.id
        return (counts["verified"] ?? 0, counts["mismatch"] ?? 0, counts["not_found"] ?? 0, counts["no_national_id"] ?? 0, students)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
