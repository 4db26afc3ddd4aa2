import EduCore
import SQLKit

/// Codes an import refers to, loaded once before validation so rows are checked without queries.
struct References: Sendable {
    struct SchoolRef: Decodable, Sendable { let id: Int; let code: String; let unitId: Int }
    struct ClassRef: Decodable, Sendable { let id: Int; let schoolId: Int; let schoolYear: String; let name: String; let grade: Int }
    struct CodeRef: Decodable, Sendable { let id: Int; let code: String }
    struct StaffRef: Decodable, Sendable { let id: Int; let schoolId: Int; let staffCode: String }

    /// Units in force, by code; and units a merger ended, by code, with the code of the unit they became.
    var units: [String: Int] = [:]
    var mergedUnits: [String: String] = [:]
    var schools: [String: SchoolRef] = [:]
    var classes: [String: ClassRef] = [:]
    var staff: [String: Int] = [:]

    static func classKey(schoolID: Int, year: String, name: String) -> String { "\(schoolID)|\(year)|\(PersonName.foldedKey(name))" }
    static func staffKey(schoolID: Int, code: String) -> String { "\(schoolID)|\(code)" }

    static func load(for sheet: RegistrySheet, from database: any SQLDatabase) async throws -> References {
        var refs = References()
        let unitRows = try await database.raw("SELECT id, code FROM units WHERE valid_to IS NULL").all(decoding: CodeRef.self)
        refs.units = Dictionary(unitRows.map { ($0.code, $0.id) }, uniquingKeysWith: { a, _ in a })
        struct Merged: Decodable { let code: String; let successor: String }
        let merged = try await database.raw("""
            SELECT u.code, n.code AS successor FROM units u JOIN units n ON n.id = u.successor_id WHERE u.valid_to IS NOT NULL
            """).all(decoding: Merged.self)
        refs.mergedUnits = Dictionary(merged.map { ($0.code, $0.successor) }, uniquingKeysWith: { a, _ in a })
        let schoolRows = try await database.raw("SELECT id, code, unit_id FROM schools")
            .all(decoding: SchoolRef.self, keyDecodingStrategy: .convertFromSnakeCase)
        refs.schools = Dictionary(schoolRows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        if sheet == .students {
            let classRows = try await database.raw("SELECT id, school_id, school_year, name, grade FROM classes")
                .all(decoding: ClassRef.self, keyDecodingStrategy: .convertFromSnakeCase)
            refs.classes = Dictionary(classRows.map { (classKey(schoolID: $0.schoolId, year: $0.schoolYear, name: $0.name), $0) },
                                      uniquingKeysWith: { a, _ in a })
        }
        if sheet == .classes {
            let staffRows = try await database.raw("SELECT id, school_id, staff_code FROM staff WHERE staff_code IS NOT NULL")
                .all(decoding: StaffRef.self, keyDecodingStrategy: .convertFromSnakeCase)
            refs.staff = Dictionary(staffRows.map { (staffKey(schoolID: $0.schoolId, code: $0.staffCode), $0.id) },
                                    uniquingKeysWith: { a, _ in a })
        }
        return refs
    }

    func school(_ code: String, row: Int, into problems: inout [RowProblem]) -> SchoolRef? {
        if let school = schools[code] { return school }
        problems.append(RowProblem(row: row, column: "school_code", value: code,
                                   vi: "Không có trường mã này (nhập danh sách trường trước)",
                                   en: "No school has this code (import schools first)"))
        return nil
    }
}
