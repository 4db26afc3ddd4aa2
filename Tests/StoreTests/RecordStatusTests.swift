import Access
import EduCore
import Foundation
import Registry
import SQLKit
import Testing
import TestSupport

/// Students' and staff members' statuses: read in either language, kept when a file leaves the column out, exported,
/// and counted only while studying or at work.
@Suite struct RecordStatusTests {
    @Test func statusesAreReadInEitherLanguageWithOrWithoutDiacritics() {
        #expect(StudentStatus(parsing: "Đã chuyển trường") == .transferred)
        #expect(StudentStatus(parsing: "da chuyen truong") == .transferred)
        #expect(StudentStatus(parsing: "TRANSFERRED OUT") == .transferred)
        #expect(StudentStatus(parsing: "on_leave") == .onLeave)
        #expect(StudentStatus(parsing: "Bảo lưu") == .onLeave)
        #expect(StudentStatus(parsing: "Tốt nghiệp") == .completed)
        #expect(StaffStatus(parsing: "Nghỉ hưu") == .retired)
        #expect(StaffStatus(parsing: "on leave") == .onLeave)
        #expect(SchoolStatus(parsing: "Đã giải thể") == .closed)
        #expect(SchoolStatus(parsing: "merged") == .merged)
        #expect(StudentStatus(parsing: "đi du học") == nil && StudentStatus(parsing: "") == nil)
    }

    /// Every way of writing a status names one status only: a new alias that collides fails here.
    @Test func noSpellingNamesTwoStatuses() {
        func collisions<Status: RecordStatus>(_: Status.Type) -> [String] {
            let spellings = Status.allCases.flatMap { status in ([status.rawValue, status.label.vi, status.label.en] + status.aliases).map { ($0, status) } }
            return spellings.filter { Status(parsing: $0.0) != $0.1 }.map(\.0)
        }
        #expect(collisions(StudentStatus.self).isEmpty)
        #expect(collisions(StaffStatus.self).isEmpty)
        #expect(collisions(SchoolStatus.self).isEmpty)
    }

    @Test func aStudentsStatusIsImportedKeptAndExported() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let required = ["school_code", "full_name", "date_of_birth", "gender", "student_code"]
            let person = ["03120001", "Nguyễn Văn An", "2017-03-04", "Nam", "T0001"]
            func status() async throws -> String {
                try await db.database.sql.raw("SELECT status FROM students WHERE student_code = 'T0001'").first()!.decode(column: "status", as: String.self)
            }
            let created = try await importer.importFile(try TestDatabase.csv(required + ["status"], [person + ["Đã chuyển trường"]]),
                                                        sheet: .students, dryRun: false, actor: .commandLine)
            #expect(created.created == 1, "\(created.problems)")
            #expect(try await status() == "transferred")

            let leftOut = try await importer.importFile(try TestDatabase.csv(required, [person]), sheet: .students, dryRun: false, actor: .commandLine)
            #expect(leftOut.summaryLine == "created 0, updated 0, unchanged 1, rejected 0")
            #expect(try await status() == "transferred")

            let path = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString).csv").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            try await RegistryExporter(db.database.sql, cipher: db.cipher).export(.students, to: path, format: .csv, by: .commandLine)
            let exported = try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
            #expect(exported.first?.hasSuffix(",status") == true)
            #expect(exported.filter { $0.contains(",T0001,") }.map { $0.hasSuffix(",transferred") } == [true])

            // An empty cell keeps it too (a template filled in without statuses changes none); a new row starts studying.
            let blank = try await importer.importFile(try TestDatabase.csv(required + ["status"], [person + [""], ["03120001", "Lê Thị Mai", "2017-05-06", "Nữ", "T0002", ""]]),
                                                      sheet: .students, dryRun: false, actor: .commandLine)
            #expect(blank.summaryLine == "created 1, updated 0, unchanged 1, rejected 0")
            #expect(try await status() == "transferred")
            #expect(try await db.database.sql.raw("SELECT status FROM students WHERE student_code = 'T0002'").first()!.decode(column: "status", as: String.self) == "studying")

            let backFile = try TestDatabase.csv(required + ["status"], [person + ["Đang học"]])
            let preview = try await importer.importFile(backFile, sheet: .students, dryRun: true, actor: .commandLine)
            #expect(preview.changes.first?.columns == ["status"], "\(preview.changes)")
            #expect(try await importer.importFile(backFile, sheet: .students, dryRun: false, actor: .commandLine).updated == 1)
            #expect(try await status() == "studying")

            let unknown = try await importer.importFile(try TestDatabase.csv(required + ["status"], [person + ["đi du học"]]),
                                                        sheet: .students, dryRun: false, actor: .commandLine)
            #expect(unknown.rejected == 1 && unknown.problems.map(\.column) == ["status"])
            #expect(unknown.problems.first?.reason.vi.contains("Đã chuyển trường (transferred)") == true, "\(unknown.problems)")
            #expect(try await status() == "studying")
        }
    }

    /// A staff sheet without its optional columns keeps the position, subjects, qualification and status stored.
    @Test func aStaffSheetWithoutOptionalColumnsKeepsThem() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let full = try TestDatabase.csv(RegistrySheet.staff.englishHeader,
                                            [["03130001", "Phạm Thu Hà", "1960-02-03", "Nữ", "GVL1", "", "Tổ trưởng", "Toán", "Thạc sĩ", "Nghỉ hưu"]])
            #expect(try await importer.importFile(full, sheet: .staff, dryRun: false, actor: .commandLine).created == 1)
            let renamed = try TestDatabase.csv(["school_code", "full_name", "date_of_birth", "gender", "staff_code"],
                                               [["03130001", "Phạm Thu Hằng", "1960-02-03", "Nữ", "GVL1"]])
            let outcome = try await importer.importFile(renamed, sheet: .staff, dryRun: false, actor: .commandLine)
            #expect(outcome.summaryLine == "created 0, updated 1, unchanged 0, rejected 0")
            struct Kept: Decodable, Equatable { let fullName: String, position: String, subjects: String, qualification: String, status: String }
            let kept = try await db.database.sql.raw("SELECT full_name, position, subjects, qualification, status FROM staff WHERE staff_code = 'GVL1'")
                .first(decoding: Kept.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(kept == Kept(fullName: "Phạm Thu Hằng", position: "Tổ trưởng", subjects: "Toán", qualification: "Thạc sĩ", status: "retired"))
        }
    }

    /// An account is linked only to a member of staff at work; one who is not is named as such, not as missing.
    @Test func onlyStaffAtWorkGetAnAccount() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let sql = db.database.sql
            let row = try await sql.raw("SELECT s.code, f.staff_code FROM staff f JOIN schools s ON s.id = f.school_id WHERE f.staff_code IS NOT NULL ORDER BY f.id LIMIT 1").first()!
            let school = try row.decode(column: "code", as: String.self), code = try row.decode(column: "staff_code", as: String.self)
            let resolver = GrantResolver(sql)
            #expect(try await resolver.grant(role: .teacher, scopeCode: school, staffCode: code).staffID != nil)
            try await sql.raw("UPDATE staff SET status = 'retired' WHERE staff_code = \(bind: code)").run()
            let refused = await #expect(throws: EduError.self) { try await resolver.grant(role: .teacher, scopeCode: school, staffCode: code) }
            #expect(refused?.code == "grant.staff_not_at_work" && refused?.message.vi.contains("Nghỉ hưu") == true, "\(String(describing: refused))")
            let department = await #expect(throws: EduError.self) { try await resolver.grant(role: .departmentStaff, scopeCode: school) }
            #expect(department?.code == "grant.department")
        }
    }

    /// The home page's counts are of students studying and staff at work.
    @Test func countsLeaveOutThoseWhoLeft() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let registry = RegistryStore(db.database.sql, cipher: db.cipher)
            func totals() async throws -> (students: Int, staff: Int) {
                let counts = try await registry.countsByUnit(in: Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: []))
                return (counts.map(\.students).reduce(0, +), counts.map(\.staff).reduce(0, +))
            }
            let before = try await totals()
            try await db.database.sql.raw("UPDATE students SET status = 'left' WHERE id = (SELECT MIN(id) FROM students)").run()
            try await db.database.sql.raw("UPDATE staff SET status = 'retired' WHERE id IN (SELECT id FROM staff ORDER BY id LIMIT 2)").run()
            let after = try await totals()
            #expect(after.students == before.students - 1 && after.staff == before.staff - 2)
        }
    }
}
