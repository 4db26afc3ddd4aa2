import Access
import Crypto
import EduCore
import Foundation
import Platform
import Registry
import Storage

/// A fresh, migrated database for one test: in-memory SQLite by default; when
/// `EDUVN_DATABASE_URL` names PostgreSQL, a new schema of its own that is dropped afterwards.
public struct TestDatabase: Sendable {
    public let database: EduDatabase
    public let cipher: PersonalDataCipher

    public static var isPostgres: Bool {
        ProcessInfo.processInfo.environment["EDUVN_DATABASE_URL"]?.hasPrefix("postgres") == true
    }

    public static func with<T: Sendable>(_ body: (TestDatabase) async throws -> T) async throws -> T {
        let cipher = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        let environment = ProcessInfo.processInfo.environment["EDUVN_DATABASE_URL"] ?? ""
        guard environment.hasPrefix("postgres") else {
            let database = try await EduDatabase.open(.sqliteMemory)
            do {
                try await database.migrate(MigrationRegistry.all)
                let result = try await body(TestDatabase(database: database, cipher: cipher))
                await database.close()
                return result
            } catch {
                await database.close()
                throw error
            }
        }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await EduDatabase.open(.postgres(url: environment))
        try await admin.sql.raw("CREATE SCHEMA \(unsafeRaw: schema)").run()
        let database = try await EduDatabase.open(.postgres(url: environment), searchPath: [schema])
        do {
            try await database.migrate(MigrationRegistry.all)
            let result = try await body(TestDatabase(database: database, cipher: cipher))
            await database.close()
            try await admin.sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
            await admin.close()
            return result
        } catch {
            await database.close()
            try? await admin.sql.raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
            await admin.close()
            throw error
        }
    }

    /// A small demo province loaded into this database.
    public func loadDemo(students: Int = 300, seed: UInt64 = 7) async throws -> DemoProvince {
        let province = DemoProvince(students: students, seed: seed)
        _ = try await DemoLoader(database: database, cipher: cipher).load(province, by: .commandLine)
        return province
    }

    /// A second record of staff member `id`, as the merger of two databases leaves one: at another school, under
    /// `code`, without a personal ID, the name in capitals. Returns its id.
    public func copyStaff(_ id: Int, code: String) async throws -> Int {
        try await database.sql.raw("""
            INSERT INTO staff (school_id, staff_code, full_name, name_key, date_of_birth, gender, position, created_at, updated_at)
            SELECT (SELECT MAX(id) FROM schools WHERE id <> s.school_id), \(bind: code), UPPER(full_name), name_key, date_of_birth, gender,
                   position, created_at, updated_at
            FROM staff s WHERE id = \(bind: id) RETURNING id
            """).first(decoding: IDRow.self)!.id
    }

    /// The ids of the first `count` schools (by id) that take pupils into `entryGrade` (1, 6 or 10), for admissions.
    public func schools(admitting entryGrade: Int, count: Int) async throws -> [Int] {
        struct Row: Decodable { let id: Int; let levels: String }
        let rows = try await database.sql.raw("SELECT id, levels FROM schools ORDER BY id").all(decoding: Row.self)
        let ids = rows.filter { (SchoolLevel.parseList($0.levels) ?? []).contains { $0.admits(entryGrade: entryGrade) } }.map(\.id)
        precondition(ids.count >= count, "the demo province has \(ids.count) schools for grade \(entryGrade)")
        return Array(ids.prefix(count))
    }

    /// Writes `rows` under `header` as a CSV file in a temporary folder and returns its path.
    public static func csv(_ header: [String], _ rows: [[String]], name: String = "input.csv") throws -> String {
        let path = try TestFiles.folder("csv").appendingPathComponent(name).path
        let quote = { (cell: String) in cell.contains(where: { ",\"\n".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell }
        let text = ([header] + rows).map { $0.map(quote).joined(separator: ",") }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
