import Access
import EduCore
import SQLKit
import Storage
import Tabular

/// Writes a whole sheet in its import shape (English headers), so an export can be imported again.
/// Rows are read a page at a time: memory stays flat. Exporting is a read of personal data and is audited.
public struct RegistryExporter: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher
    static let pageSize = 2000

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Writes an empty sheet with both header rows' names: the English header, for the template.
    public static func writeTemplate(_ sheet: RegistrySheet, to path: String, format: TableFormat) throws {
        let writer = try TableWriter(path: path, format: format, header: sheet.englishHeader, sheetName: sheet.rawValue)
        try writer.close()
    }

    /// Returns the number of records written.
    @discardableResult
    public func export(_ sheet: RegistrySheet, to path: String, format: TableFormat, by actor: Actor) async throws -> Int {
        let writer = try TableWriter(path: path, format: format, header: sheet.englishHeader, sheetName: sheet.rawValue)
        var cursor = 0, count = 0
        while true {
            let rows = try await page(sheet, after: cursor)
            for row in rows { try writer.write(try row.cells(cipher)) }
            count += rows.count
            guard let last = rows.last, rows.count == Self.pageSize else { break }
            cursor = last.id
        }
        try writer.close()
        try await AuditLog(database).append(AuditEvent(action: "export", entity: sheet.rawValue, entityID: "*",
                                                      after: "\(count) rows"), by: actor)
        return count
    }

    /// One stored record in its import shape (the personal ID in clear) and the state it is in, or nil when there is none:
    /// what a change by id starts from. Not audited here: the change that follows is.
    public func record(_ sheet: RegistrySheet, id: Int) async throws -> (fields: [String: String], pin: RecordPin)? {
        guard let row = try await page(sheet, after: 0, only: id).first else { return nil }
        return (Dictionary(uniqueKeysWithValues: zip(sheet.columns.map(\.name), try row.cells(cipher))), RecordPin(id: id, version: row.version))
    }

    /// Records after `cursor` in id order, or the one record `only`.
    private func page(_ sheet: RegistrySheet, after cursor: Int, only: Int? = nil) async throws -> [ExportRow] {
        let alias = switch sheet { case .schools: "s"; case .classes: "c"; case .students: "st"; case .staff: "f" }
        let condition: SQLQueryString = only.map { "\(unsafeRaw: alias).id = \(bind: $0)" } ?? "\(unsafeRaw: alias).id > \(bind: cursor)"
        let query: SQLQueryString
        switch sheet {
        case .schools:
            query = """
                SELECT s.id, s.updated_at, s.code AS school_code, s.name, s.levels, s.ownership, u.code AS unit_code, s.address, s.status
                FROM schools s JOIN units u ON u.id = s.unit_id WHERE \(condition) ORDER BY s.id LIMIT \(bind: Self.pageSize)
                """
        case .classes:
            query = """
                SELECT c.id, c.updated_at, s.code AS school_code, c.school_year, c.grade, c.name AS class_name, f.staff_code AS homeroom_teacher_code
                FROM classes c JOIN schools s ON s.id = c.school_id LEFT JOIN staff f ON f.id = c.homeroom_staff_id
                WHERE \(condition) ORDER BY c.id LIMIT \(bind: Self.pageSize)
                """
        case .students:
            query = """
                SELECT st.id, st.updated_at, sc.code AS school_code, st.full_name, st.date_of_birth, st.gender, st.student_code,
                       st.national_id_enc, c.name AS class_name, e.grade, e.school_year, st.ethnicity, st.birthplace,
                       st.address, st.guardian_name, st.guardian_phone, st.status
                FROM students st JOIN schools sc ON sc.id = st.school_id
                LEFT JOIN enrolments e ON e.student_id = st.id
                    AND e.school_year = (SELECT MAX(school_year) FROM enrolments WHERE student_id = st.id)
                LEFT JOIN classes c ON c.id = e.class_id
                WHERE \(condition) ORDER BY st.id LIMIT \(bind: Self.pageSize)
                """
        case .staff:
            query = """
                SELECT f.id, f.updated_at, s.code AS school_code, f.full_name, f.date_of_birth, f.gender, f.staff_code, f.national_id_enc,
                       f.position, f.subjects, f.qualification, f.status
                FROM staff f JOIN schools s ON s.id = f.school_id WHERE \(condition) ORDER BY f.id LIMIT \(bind: Self.pageSize)
                """
        }
        return try await database.raw(query).all().map { ExportRow(row: $0, sheet: sheet) }
    }
}

/// One exported record: its id (for paging) and its cells in the sheet's column order.
private struct ExportRow {
    let id: Int
    /// The record's `updated_at`: which state of it this is.
    let version: String
    private let values: [String: String]
    private let sealedID: String?
    private let sheet: RegistrySheet

    init(row: any SQLRow, sheet: RegistrySheet) {
        self.sheet = sheet
        id = (try? row.decode(column: "id", as: Int.self)) ?? 0
        version = (try? row.decode(column: "updated_at", as: String.self)) ?? ""
        var values: [String: String] = [:]
        // Decode by the column's type: PostgreSQL will hand an integer's raw bytes to a String,
        // and SQLite would turn a code like "0312" into a number.
        for column in sheet.columns {
            if Self.integerColumns.contains(column.name) {
                values[column.name] = (try? row.decode(column: column.name, as: Int?.self))?.map(String.init)
            } else {
                values[column.name] = try? row.decode(column: column.name, as: String?.self)
            }
        }
        if let gender = values["gender"].flatMap(Gender.init(rawValue:)) { values["gender"] = gender.vietnamese }
        self.values = values
        sealedID = try? row.decode(column: "national_id_enc", as: String?.self)
    }

    private static let integerColumns: Set<String> = ["grade"]

    func cells(_ cipher: PersonalDataCipher) throws -> [String] {
        let nationalID = try sealedID.map(cipher.open) ?? ""
        return sheet.columns.map { $0.name == "national_id" ? nationalID : values[$0.name] ?? "" }
    }
}
