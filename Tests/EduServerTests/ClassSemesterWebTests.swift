import Access
import EduServer
import Foundation
import Records
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A class's semester on the web: the homeroom teacher's conduct and confirmation, the principal's approval, and a
/// correction of a locked mark from request to decision.
@Suite struct ClassSemesterWebTests {
    @Test func fromConductToApprovalAndACorrection() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            let homeroom = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)
            let teacher = GradebookActor(staffIDs: [homeroom], actor: Actor(name: "t", origin: "t"))
            let assignment = try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: homeroom, assessment: .scored,
                                                                  by: teacher.actor)
            try await GradebookStore(sql).enter(students.flatMap { [MarkEntry(studentID: $0, kind: .regular, value: "8"),
                                                                    MarkEntry(studentID: $0, kind: .midterm, value: "7"),
                                                                    MarkEntry(studentID: $0, kind: .endterm, value: "9")] },
                                                assignmentID: assignment.id, semester: 1, by: teacher)
            try await GradebookStore(sql).submit(assignmentID: assignment.id, semester: 1, by: teacher)
            let path = "/classes/\(classID)/semesters/1"

            // Given back to its teacher before confirmation, with a reason; then submitted again.
            let reopen = "\(path)/subjects/\(assignment.id)/reopen"
            let (blank, blankBody) = fixture.form(["reason": " "], as: .teacher)
            try await tester.test(.POST, reopen, headers: blank, body: blankBody) { response in #expect(response.status != .seeOther) }
            let (other, otherBody) = fixture.form(["reason": "Nhập nhầm điểm"], as: .schoolAdmin)
            try await tester.test(.POST, reopen, headers: other, body: otherBody) { response in #expect(response.status == .forbidden) }
            let (give, giveBody) = fixture.form(["reason": "Nhập nhầm điểm"], as: .principal)
            try await tester.test(.POST, reopen, headers: give, body: giveBody) { response in #expect(response.status == .seeOther) }
            #expect(try await GradebookStore(sql).gradebookStatus(assignmentID: assignment.id, semester: 1) == .open)
            #expect(try await AuditLog(sql).entries(entity: "gradebook", entityID: "\(assignment.id)/hk1").first?.after == "Nhập nhầm điểm")
            try await GradebookStore(sql).submit(assignmentID: assignment.id, semester: 1, by: teacher)

            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("Toán") && html.contains("Đã nộp"))
                #expect(html.contains("name=\"conduct_\(students[0])\"") && html.contains("/confirm"))
            }
            try await tester.test(.GET, path, headers: fixture.headers(.principal)) { response in
                let html = response.body.string
                #expect(!html.contains("name=\"conduct_") && !html.contains("/confirm") && !html.contains("/approve"), "read-only until confirmed")
            }
            try await tester.test(.GET, "/classes/\(fixture.outside.schoolClass)/semesters/1", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .notFound)
            }

            var conduct: [String: String] = [:]
            for student in students {
                conduct["conduct_\(student)"] = "Tốt"; conduct["absences_\(student)"] = "1"; conduct["comment_\(student)"] = "Chăm ngoan"
            }
            var bad = conduct
            bad["absences_\(students[0])"] = "ba"
            let (badHeaders, badBody) = fixture.form(bad, as: .teacher)
            try await tester.test(.POST, path + "/conduct", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Số buổi nghỉ là số nguyên"))
                #expect(response.body.string.contains("value=\"ba\"") && response.body.string.contains("value=\"Chăm ngoan\""),
                        "what was typed stays on the page")
            }
            let (ratingHeaders, ratingBody) = fixture.form(["conduct_\(students[0])": "Xuất sắc", "absences_\(students[0])": "1"], as: .teacher)
            try await tester.test(.POST, path + "/conduct", headers: ratingHeaders, body: ratingBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt"))
            }
            #expect(try await GradebookStore(sql).conduct(classID: classID, semester: 1).isEmpty, "nothing stored")
            let (goodHeaders, goodBody) = fixture.form(conduct, as: .teacher)
            try await tester.test(.POST, path + "/conduct", headers: goodHeaders, body: goodBody) { response in #expect(response.status == .seeOther) }
            #expect(try await GradebookStore(sql).conduct(classID: classID, semester: 1)[students[0]]?.conduct == .tot)
            // One student's row alone: the others keep what is stored.
            let (oneHeaders, oneBody) = fixture.form(["conduct_\(students[1])": "Khá"], as: .teacher)
            try await tester.test(.POST, path + "/conduct", headers: oneHeaders, body: oneBody) { response in #expect(response.status == .seeOther) }
            let after = try await GradebookStore(sql).conduct(classID: classID, semester: 1)
            #expect(after[students[1]] == ConductEntry(studentID: students[1], conduct: .kha, absences: 1, comment: "Chăm ngoan"))
            #expect(after[students[0]] == ConductEntry(studentID: students[0], conduct: .tot, absences: 1, comment: "Chăm ngoan"))

            for (step, wrong, right) in [("confirm", Role.principal, Role.teacher), ("approve", .teacher, .principal)] {
                let (h1, b1) = fixture.form([:], as: wrong)
                try await tester.test(.POST, "\(path)/\(step)", headers: h1, body: b1) { response in #expect(response.status == .forbidden) }
                let (h2, b2) = fixture.form([:], as: right)
                try await tester.test(.POST, "\(path)/\(step)", headers: h2, body: b2) { response in #expect(response.status == .seeOther) }
            }
            #expect(try await GradebookStore(sql).gradebookStatus(assignmentID: assignment.id, semester: 1) == .locked)

            let gradebook = "/gradebooks/\(assignment.id)/semesters/1"
            try await tester.test(.GET, gradebook, headers: fixture.headers(.teacher)) { response in
                #expect(response.body.string.contains("\(gradebook)/corrections"))
            }
            let (noReasonHeaders, noReasonBody) = fixture.form(["student": "\(students[0])", "column": "ck_1", "value": "9.5", "reason": " "], as: .teacher)
            try await tester.test(.POST, gradebook + "/corrections", headers: noReasonHeaders, body: noReasonBody) { response in
                #expect(response.status != .seeOther && response.body.string.contains("Cần nêu lý do"))
            }
            let (askHeaders, askBody) = fixture.form(["student": "\(students[0])", "column": "ck_1", "value": "9.5", "reason": "Nhập nhầm"], as: .teacher)
            try await tester.test(.POST, gradebook + "/corrections", headers: askHeaders, body: askBody) { response in
                #expect(response.status == .seeOther)
            }
            let correction = try #require(try await GradebookStore(sql).corrections(classID: classID).first)
            #expect(correction.status == .pending && correction.oldValue == "9.0" && correction.newValue == "9.5")
            try await tester.test(.GET, path, headers: fixture.headers(.principal)) { response in
                #expect(response.body.string.contains("/corrections/\(correction.id)/approve") && response.body.string.contains("Nhập nhầm"))
            }
            let (teacherHeaders, teacherBody) = fixture.form(["semester": "1"], as: .teacher)
            try await tester.test(.POST, "/corrections/\(correction.id)/approve", headers: teacherHeaders, body: teacherBody) { response in
                #expect(response.status == .forbidden)
            }
            let (principalHeaders, principalBody) = fixture.form(["semester": "1"], as: .principal)
            try await tester.test(.POST, "/corrections/\(correction.id)/approve", headers: principalHeaders, body: principalBody) { response in
                #expect(response.status == .seeOther)
            }
            let marks = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(marks[students[0]]?.endterm == Mark("9.5"))
        }
    }
}
