import Access
import EduCore
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

/// Several guardians per student, and a student's enrolments across schools and years.
@Suite struct GuardianTests {
    static let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])

    @Test func anAddedGuardianIsOnTheRecordAndSignsInAsTheFamily() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let sql = db.database.sql
            let student = try await sql.raw("SELECT id FROM students ORDER BY id LIMIT 1").first(decoding: IDRow.self)!.id
            let guardians = GuardianStore(sql), family = FamilyRegistry(sql, cipher: db.cipher)
            let phone = PhoneNumber("0987 654 321")!
            #expect(try await family.children(of: phone).isEmpty)

            let grandmother = try await guardians.add(studentID: student, fullName: "  Nguyễn Thị  Hoa ", phone: "0987 654 321",
                                                      relationship: "Bà ngoại", by: .commandLine)
            #expect(grandmother.fullName == "Nguyễn Thị Hoa" && grandmother.phone == "0987654321")
            let detail = try #require(try await RegistryStore(sql, cipher: db.cipher).student(id: student, in: Self.everything, by: .commandLine))
            #expect(detail.guardians == [grandmother])
            #expect(try await family.children(of: phone).map(\.id) == [student])

            let twice = await #expect(throws: InputRejected.self) {
                try await guardians.add(studentID: student, fullName: "Nguyễn Thị Hoa", phone: "0987654321", relationship: "", by: .commandLine)
            }
            #expect(twice?.problems.map(\.column) == ["phone"])
            let bad = await #expect(throws: InputRejected.self) {
                try await guardians.add(studentID: student, fullName: "", phone: "12345", relationship: "", by: .commandLine)
            }
            #expect(Set(bad?.problems.map(\.column) ?? []) == ["full_name", "phone"])

            #expect(try await guardians.remove(id: grandmother.id, studentID: student, by: .commandLine))
            #expect(try await guardians.remove(id: grandmother.id, studentID: student, by: .commandLine) == false)
            #expect(try await family.children(of: phone).isEmpty)
            let audit = try await AuditLog(sql).entries(entity: "student", entityID: String(student))
            #expect(audit.contains { $0.action == "add_guardian" && $0.after?.contains("098****321") == true && $0.after?.contains("0987654321") == false })
            #expect(audit.contains { $0.action == "remove_guardian" })
        }
    }

    /// A pupil who finished primary at one school and went on to lower secondary at another: both years, both schools.
    @Test func enrolmentHistorySpansSchoolsAndYears() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let sql = db.database.sql
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let header = ["school_code", "full_name", "date_of_birth", "gender", "student_code", "national_id", "grade", "school_year"]
            let primary = try TestDatabase.csv(header, [["03120001", "Lê Minh Châu", "2014-04-05", "Nữ", "LC1", "031314000777", "5", "2024-2025"]])
            let secondary = try TestDatabase.csv(header, [["03130002", "Lê Minh Châu", "2014-04-05", "Nữ", "LC2", "031314000777", "6", "2025-2026"]])
            #expect(try await importer.importFile(primary, sheet: .students, dryRun: false, actor: .commandLine).created == 1)
            #expect(try await importer.importFile(secondary, sheet: .students, dryRun: false, actor: .commandLine).updated == 1)
            let store = RegistryStore(sql, cipher: db.cipher)
            let id = try #require(try await store.students(matching: "031314000777", in: Self.everything).first?.id)
            let detail = try #require(try await store.student(id: id, in: Self.everything, by: .commandLine))
            #expect(detail.enrolments.map { "\($0.schoolYear) \($0.schoolName) \($0.grade ?? -1)" } == [
                "2025-2026 Trường THCS Ngô Quyền 6", "2024-2025 Trường Tiểu học Hồng Bàng 5",
            ])
            #expect(detail.summary.schoolId == detail.enrolments[0].schoolId)
        }
    }
}
