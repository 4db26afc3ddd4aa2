import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Past years' results kept as the học bạ of the time recorded them (`historic_results`, one per student and school
/// year): imported all or nothing, again and again without duplicates (a changed row is an audited update), and shown
/// with the labels of their rule set.
public struct HistoricResultsStore: Sendable {
    public static let migration = SchemaMigration("0024_historic_results", [
        """
        CREATE TABLE historic_results (
            id {{id}}, student_id BIGINT NOT NULL REFERENCES students(id), school_year TEXT NOT NULL, grade INTEGER NOT NULL,
            school_name TEXT NOT NULL, regime TEXT NOT NULL, learning TEXT NOT NULL, conduct TEXT, average TEXT, outcome TEXT NOT NULL,
            award TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL, UNIQUE (student_id, school_year)
        )
        """,
    ])

    public struct Tally: Sendable, Equatable {
        public var created = 0, updated = 0, unchanged = 0

        public init(created: Int = 0, updated: Int = 0, unchanged: Int = 0) {
            self.created = created
            self.updated = updated
            self.unchanged = unchanged
        }
    }

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Finds each row's student (by personal ID, else by student code), then writes every row; any student not found,
    /// found twice, or given two rows for one year fails the whole import by row. Run it in a transaction; `dryRun`
    /// counts without writing.
    public func importRows(_ rows: [HistoricRow], dryRun: Bool = false, by actor: Actor) async throws -> Tally {
        var problems: [RowProblem] = [], resolved: [(row: HistoricRow, student: Int)] = [], seen: [String: Int] = [:]
        for row in rows {
            guard let student = try await student(of: row, &problems) else { continue }
            if let first = seen.updateValue(row.row, forKey: "\(student)/\(row.result.schoolYear)") {
                problems.append(RowProblem(row: row.row, column: "nam_hoc", value: row.result.schoolYear,
                                           vi: "Học sinh đã có năm học này ở dòng \(first)", en: "The student has this school year on row \(first) already"))
                continue
            }
            resolved.append((row, student))
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        var tally = Tally()
        for (row, student) in resolved {
            let before = try await result(student: student, schoolYear: row.result.schoolYear)
            if before == row.result { tally.unchanged += 1; continue }
            if before == nil { tally.created += 1 } else { tally.updated += 1 }
            guard !dryRun else { continue }
            let r = row.result, now = Timestamp.now
            try await database.raw("""
                INSERT INTO historic_results (student_id, school_year, grade, school_name, regime, learning, conduct, average, outcome, award,
                                              created_at, updated_at)
                VALUES (\(bind: student), \(bind: r.schoolYear), \(bind: r.grade), \(bind: r.schoolName), \(bind: r.regime.rawValue), \(bind: r.learning),
                        \(bind: r.conduct), \(bind: r.average), \(bind: r.outcome), \(bind: r.award), \(bind: now), \(bind: now))
                ON CONFLICT (student_id, school_year) DO UPDATE SET grade = excluded.grade, school_name = excluded.school_name,
                    regime = excluded.regime, learning = excluded.learning, conduct = excluded.conduct, average = excluded.average,
                    outcome = excluded.outcome, award = excluded.award, updated_at = excluded.updated_at
                """).run()
            try await AuditLog(database).append(AuditEvent(
                action: before == nil ? "historic_result" : "historic_result_update", entity: "student", entityID: String(student),
                before: before.map(Self.summary), after: Self.summary(r)), by: actor)
        }
        return tally
    }

    /// A student's past years, oldest first.
    public func results(studentID: Int) async throws -> [HistoricResult] {
        try await database.raw("""
            SELECT school_year, grade, school_name, regime, learning, conduct, average, outcome, award FROM historic_results
            WHERE student_id = \(bind: studentID) ORDER BY school_year
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map(\.result)
    }

    private func result(student: Int, schoolYear: String) async throws -> HistoricResult? {
        try await database.raw("""
            SELECT school_year, grade, school_name, regime, learning, conduct, average, outcome, award FROM historic_results
            WHERE student_id = \(bind: student) AND school_year = \(bind: schoolYear)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.result
    }

    private func student(of row: HistoricRow, _ problems: inout [RowProblem]) async throws -> Int? {
        if let nationalID = row.nationalID {
            if let id = try await database.raw("SELECT id FROM students WHERE national_id_hash = \(bind: cipher.lookupHash(nationalID.digits))")
                .first(decoding: IDRow.self)?.id { return id }
            // The personal ID is not written back into the report: the row number and column say which.
            problems.append(RowProblem(row: row.row, column: "so_dinh_danh", value: "", vi: "Không có học sinh mang số định danh này",
                                       en: "No student has this personal ID"))
            return nil
        }
        // The code exactly as given, found through the index of lowered codes (migration 0052).
        let code = row.studentCode ?? ""
        let ids = try await database.raw("""
            SELECT id FROM students WHERE lower(student_code) = \(bind: code.lowercased()) AND student_code = \(bind: code) LIMIT 2
            """).all(decoding: IDRow.self).map(\.id)
        guard ids.count == 1 else {
            problems.append(RowProblem(row: row.row, column: "ma_hoc_sinh", value: row.studentCode ?? "",
                                       vi: ids.isEmpty ? "Không có học sinh mã này" : "Hai học sinh cùng mã này: dùng số định danh",
                                       en: ids.isEmpty ? "No student has this code" : "Two students have this code: use the personal ID"))
            return nil
        }
        return ids[0]
    }

    private static func summary(_ result: HistoricResult) -> String {
        [result.schoolYear, "khối \(result.grade)", result.regime.rawValue, result.learning, result.conduct ?? "-", result.average ?? "-",
         result.outcome, result.award ?? "-"].joined(separator: ", ")
    }

    private struct Row: Decodable {
        let schoolYear: String, grade: Int, schoolName: String, regime: AssessmentRegime, learning: String, conduct: String?
        let average: String?, outcome: String, award: String?

        var result: HistoricResult {
            HistoricResult(schoolYear: schoolYear, grade: grade, schoolName: schoolName, regime: regime, learning: learning, conduct: conduct,
                           average: average, outcome: outcome, award: award)
        }
    }
}
