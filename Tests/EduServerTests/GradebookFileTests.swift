import Access
import EduServer
import Foundation
import Records
import SQLKit
import Tabular
import Testing
import Vapor
import VaporTesting

/// A class's marks from a spreadsheet: the template with the class in it, a bad file refused by row and column with
/// nothing stored, a good one (CSV or XLSX) stored, empty cells left alone.
@Suite struct GradebookFileTests {
    @Test func aTeacherFillsInTheTemplateAndImportsIt() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            let staffID = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            struct Student: Decodable { let id: Int; let studentCode: String }
            let students = try await sql.raw("""
                SELECT s.id, s.student_code FROM students s JOIN enrolments e ON e.student_id = s.id
                WHERE e.class_id = \(bind: classID) AND s.student_code IS NOT NULL ORDER BY s.id
                """).all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
            try #require(students.count >= 2)
            let assignment = try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: staffID, assessment: .scored,
                                                                  by: Actor(name: "t", origin: "t"))
            let path = "/gradebooks/\(assignment.id)/semesters/1"

            try await tester.test(.GET, path + "/bang-diem/csv", headers: fixture.headers(.teacher)) { response in
                let text = response.body.string
                #expect(response.status == .ok && text.contains("ma_hoc_sinh,ho_ten,TX1") && text.contains(students[0].studentCode))
            }
            #expect(try await AuditLog(sql).entries(entity: "gradebook", entityID: "\(assignment.id)/hk1").map(\.action) == ["export"])
            let header = "ma_hoc_sinh,ho_ten,TX1,GK,CK\n"
            let bad = header + "\(students[0].studentCode),A,11,7,8\nKHONGCO,B,8,7,8\n\(students[1].studentCode),C,8,7,8\n"
            let (badHeaders, badBody) = fixture.upload(Array(bad.utf8), filename: "diem.csv", as: .teacher)
            try await tester.test(.POST, path + "/import", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Dòng 3") && response.body.string.contains("Không có học sinh mã này"))
            }
            let (rangeHeaders, rangeBody) = fixture.upload(Array((header + "\(students[0].studentCode),A,11,7,8\n").utf8), filename: "diem.csv", as: .teacher)
            try await tester.test(.POST, path + "/import", headers: rangeHeaders, body: rangeBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Dòng 2, TX1"), "a value the gradebook refuses is named by the file's row and column")
            }
            #expect(try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1).isEmpty, "nothing stored")

            let good = header + students.map { "\($0.studentCode),x,8,\"7,5\",9" }.joined(separator: "\n") + "\n"
            let (goodHeaders, goodBody) = fixture.upload(Array(good.utf8), filename: "diem.csv", as: .teacher)
            try await tester.test(.POST, path + "/import", headers: goodHeaders, body: goodBody) { response in #expect(response.status == .seeOther) }
            var stored = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(stored[students[0].id] == SemesterMarks(regular: [Mark("8")!], midterm: Mark("7.5"), endterm: Mark("9")))

            // The same file again enters nothing (and audits nothing); an empty cell keeps the stored mark.
            let enters = { try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'enter'").first()!.decode(column: "n", as: Int.self) }
            let before = try await enters()
            try await tester.test(.POST, path + "/import", headers: goodHeaders, body: goodBody) { response in #expect(response.status == .seeOther) }
            #expect(try await enters() == before)
            let (emptyHeaders, emptyBody) = fixture.upload(Array((header + "\(students[0].studentCode),x,,,10\n,Không mã,,,\n").utf8),
                                                           filename: "diem.csv", as: .teacher)
            try await tester.test(.POST, path + "/import", headers: emptyHeaders, body: emptyBody) { response in #expect(response.status == .seeOther) }
            stored = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(stored[students[0].id] == SemesterMarks(regular: [Mark("8")!], midterm: Mark("7.5"), endterm: Mark("10")))
            #expect(try await enters() == before + 1)

            // An XLSX with only the end-term column for one student: the other marks stay.
            let xlsx = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-test-\(UUID().uuidString).xlsx").path
            defer { try? FileManager.default.removeItem(atPath: xlsx) }
            let writer = try TableWriter(path: xlsx, format: .xlsx, header: ["Mã học sinh", "CK"])
            try writer.write([students[1].studentCode, "10"])
            try writer.close()
            let (xlsxHeaders, xlsxBody) = fixture.upload(Array(try Data(contentsOf: URL(fileURLWithPath: xlsx))), filename: "diem.xlsx", as: .teacher)
            try await tester.test(.POST, path + "/import", headers: xlsxHeaders, body: xlsxBody) { response in #expect(response.status == .seeOther) }
            stored = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(stored[students[1].id] == SemesterMarks(regular: [Mark("8")!], midterm: Mark("7.5"), endterm: Mark("10")))

            let (otherHeaders, otherBody) = fixture.upload(Array(good.utf8), filename: "diem.csv", as: .schoolAdmin)
            try await tester.test(.POST, path + "/import", headers: otherHeaders, body: otherBody) { response in
                #expect(response.status == .forbidden, "only the subject's teacher enters its marks")
            }
        }
    }
}
