import Access
import EduServer
import Foundation
import Records
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A primary class's semester on the web (TT27): no conduct rating, the qualities and competences at the middle and
/// the end of the semester by the homeroom teacher, then the confirmation.
@Suite struct PrimaryClassSemesterWebTests {
    @Test func qualitiesFromTheFormToTheConfirmation() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            try await sql.raw("UPDATE classes SET grade = 2 WHERE id = \(bind: classID)").run()
            let homeroom = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)
            let teacher = GradebookActor(staffIDs: [homeroom], actor: Actor(name: "t", origin: "t"))
            let store = GradebookStore(sql)
            let ethics = try await store.assign(classID: classID, subject: "Đạo đức", staffID: homeroom, assessment: .levels, by: teacher.actor)
            try await store.enter(students.flatMap { [MarkEntry(studentID: $0, kind: .midterm, value: "T"), MarkEntry(studentID: $0, kind: .endterm, value: "H")] },
                                  assignmentID: ethics.id, semester: 1, by: teacher)
            try await store.submit(assignmentID: ethics.id, semester: 1, by: teacher)
            let path = "/classes/\(classID)/semesters/1"
            try await tester.test(.GET, "/gradebooks/\(ethics.id)/semesters/1", headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(html.contains("<th>GK</th>") && html.contains("<th>CK</th>") && !html.contains("TX1"), "a subject by levels: its two columns")
                #expect(html.contains("inputmode=\"text\""))
            }
            let items = PrimaryQualities.standard

            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("Phẩm chất, năng lực") && html.contains("Giải quyết vấn đề và sáng tạo"))
                #expect(html.contains("name=\"q_\(students[0])_0\"") && !html.contains("name=\"conduct_"), "no conduct rating in primary school")
            }
            func fields(_ level: String, kind: String) -> [String: String] {
                var fields = ["kind": kind]
                for student in students {
                    for index in items.indices { fields["q_\(student)_\(index)"] = level }
                }
                return fields
            }
            var bad = fields("Tốt", kind: "gk")
            bad["q_\(students[0])_2"] = "Khá"
            let (badHeaders, badBody) = fixture.form(bad, as: .teacher)
            try await tester.test(.POST, path + "/qualities", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("\(items[2]): Mức đạt được là Tốt, Đạt hoặc Cần cố gắng"), "named by item")
            }
            #expect(try await store.qualityLevels(classID: classID).isEmpty, "nothing stored from a refused form")

            let (midHeaders, midBody) = fixture.form(fields("Tốt", kind: "gk"), as: .teacher)
            try await tester.test(.POST, path + "/qualities", headers: midHeaders, body: midBody) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location)?.hasSuffix("diem=gk") == true)
            }
            let (stranger, strangerBody) = fixture.form(fields("Đạt", kind: "ck"), as: .principal)
            try await tester.test(.POST, path + "/qualities", headers: stranger, body: strangerBody) { response in
                #expect(response.status == .forbidden)
            }
            let (confirm, confirmBody) = fixture.form([:], as: .teacher)
            try await tester.test(.POST, path + "/confirm", headers: confirm, body: confirmBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("chưa đủ phẩm chất, năng lực"))
            }
            let (endHeaders, endBody) = fixture.form(fields("C", kind: "ck"), as: .teacher)
            try await tester.test(.POST, path + "/qualities", headers: endHeaders, body: endBody) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await store.qualityLevels(classID: classID)[students[0]]?[items[0]] == [.midFirst: .good, .endFirst: .needsEffort])
            try await tester.test(.POST, path + "/confirm", headers: confirm, body: confirmBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, path + "?diem=ck", headers: fixture.headers(.principal)) { response in
                let html = response.body.string
                #expect(html.contains("cuối kì") && html.contains("<td>C</td>") && !html.contains("name=\"q_"), "read-only, the end of the term")
            }
        }
    }
}
