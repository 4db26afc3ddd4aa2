import Access
import EduServer
import Foundation
import Records
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Summer re-tests and training on the web page and through the API: the homeroom teacher records, the principal
/// approves, and only then does the year's result change.
@Suite struct SummerHTTPTests {
    /// The scoped class's approved year: the first student re-takes Vật lí (4.0), the second trains in summer.
    static func approvedYear(_ fixture: ServerFixture) async throws -> (classID: Int, students: [Int]) {
        let sql = fixture.db.database.sql
        let classID = fixture.inside.schoolClass
        let homeroom = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
        let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
            .all(decoding: IDRow.self).map(\.id)
        try #require(students.count >= 2)
        let staff = GradebookActor(staffIDs: [homeroom], principalOf: [fixture.inside.school], actor: Actor(name: "t", origin: "t"))
        try await fixture.db.database.transaction { tx in
            let store = GradebookStore(tx)
            for subject in ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học"] {
                let assignment = try await store.assign(classID: classID, subject: subject, staffID: homeroom, assessment: .scored, by: staff.actor)
                let marks = students.enumerated().flatMap { index, student in
                    let value = index == 0 && subject == "Vật lí" ? "4" : "7"
                    return [MarkEntry(studentID: student, kind: .regular, value: value), MarkEntry(studentID: student, kind: .midterm, value: value),
                            MarkEntry(studentID: student, kind: .endterm, value: value)]
                }
                for semester in 1...2 {
                    try await store.enter(marks, assignmentID: assignment.id, semester: semester, by: staff)
                    try await store.submit(assignmentID: assignment.id, semester: semester, by: staff)
                }
            }
            for semester in 1...2 {
                try await store.recordConduct(students.enumerated().map { index, student in
                    ConductEntry(studentID: student, conduct: index == 1 ? .chuaDat : .kha, absences: 0, comment: "")
                }, classID: classID, semester: semester, by: staff)
                try await store.confirm(classID: classID, semester: semester, by: staff)
                try await store.approve(classID: classID, semester: semester, by: staff)
            }
        }
        return (classID, students)
    }

    @Test func theHomeroomTeacherRecordsAndThePrincipalApproves() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let (classID, students) = try await Self.approvedYear(fixture)
            let path = "/classes/\(classID)/semesters/2"
            let retest = "kt_\(students[0])_Vật lí"
            let training = "rl_\(students[1])"
            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(html.contains("Kiểm tra lại, rèn luyện hè") && html.contains("Vật lí: 4.0 →"))
                #expect(html.contains("name=\"\(retest)\"") && html.contains("name=\"\(training)\""))
                #expect(!html.contains("/approve-summer"), "the teacher does not approve")
            }
            try await tester.test(.GET, "/classes/\(classID)/semesters/1", headers: fixture.headers(.teacher)) { response in
                #expect(!response.body.string.contains("name=\"\(retest)\""), "only on semester II's page")
            }

            let (bad, badBody) = fixture.form([retest: "11"], as: .teacher)
            try await tester.test(.POST, path + "/summer", headers: bad, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Vật lí") && response.body.string.contains("Điểm từ 0 đến 10"))
                #expect(response.body.string.contains("value=\"11\""), "what was typed stays on the page")
            }
            let (principal, principalBody) = fixture.form([retest: "6"], as: .principal)
            try await tester.test(.POST, path + "/summer", headers: principal, body: principalBody) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await GradebookStore(fixture.db.database.sql).summerResults(classID: classID).isEmpty)

            let (good, goodBody) = fixture.form([retest: "6", training: "Đạt"], as: .teacher)
            try await tester.test(.POST, path + "/summer", headers: good, body: goodBody) { response in #expect(response.status == .seeOther) }
            try await tester.test(.GET, path, headers: fixture.headers(.principal)) { response in
                let html = response.body.string
                #expect(html.contains("/approve-summer") && html.contains("Lên lớp"))
            }
            try await tester.test(.GET, "/api/v1/classes/\(classID)/year-results", headers: fixture.headers(.principal)) { response in
                let results = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(results.allSatisfy { $0["outcome_after_summer"] == nil || $0["outcome_after_summer"] is NSNull }, "not approved yet")
            }
            let (approve, approveBody) = fixture.form([:], as: .principal)
            try await tester.test(.POST, path + "/approve-summer", headers: approve, body: approveBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, "/api/v1/classes/\(classID)/year-results", headers: fixture.headers(.principal)) { response in
                let results = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                let first = try #require(results.first { $0["student_id"] as? Int == students[0] })
                #expect(first["outcome"] as? String == "Kiểm tra lại" && first["outcome_after_summer"] as? String == "Lên lớp")
            }
            let (late, lateBody) = fixture.form([retest: "3"], as: .teacher)
            try await tester.test(.POST, path + "/summer", headers: late, body: lateBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("không sửa được nữa"))
            }
        }
    }

    @Test func theAPIRecordsReadsAndApproves() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let (classID, students) = try await Self.approvedYear(fixture)
            let url = "/api/v1/classes/\(classID)/summer"
            let entries: [[String: Any]] = [["student_id": students[0], "subject": "Vật lí", "value": "5.5"],
                                            ["student_id": students[1], "subject": NSNull(), "value": "Khá"]]
            try await tester.test(.PUT, url, headers: fixture.jsonHeaders(.principal), body: try JSONBody.encode(["entries": entries])) { response in
                #expect(response.status == .forbidden)
            }
            let wrong: [[String: Any]] = [["student_id": students[0], "subject": "Toán", "value": "9"]]
            try await tester.test(.PUT, url, headers: fixture.jsonHeaders(.teacher), body: try JSONBody.encode(["entries": wrong])) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("không phải kiểm tra lại môn này"))
            }
            try await tester.test(.PUT, url, headers: fixture.jsonHeaders(.teacher), body: try JSONBody.encode(["entries": entries])) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.GET, url, headers: fixture.headers(.principal)) { response in
                let summer = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
                let rows = try #require(summer["students"] as? [[String: Any]])
                #expect(summer["approved"] as? Bool == false && rows.count == 2)
                let retaker = try #require(rows.first { $0["student_id"] as? Int == students[0] })
                #expect(retaker["retest_subjects"] as? [String: String] == ["Vật lí": "4.0"])
                #expect(retaker["retests"] as? [String: String] == ["Vật lí": "5.5"] && retaker["outcome_after_summer"] as? String == "Lên lớp")
            }
            try await tester.test(.GET, "/api/v1/classes/\(fixture.outside.schoolClass)/summer", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.POST, url + "/approve", headers: fixture.jsonHeaders(.teacher)) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, url + "/approve", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .ok)
            }
            #expect(try await GradebookStore(fixture.db.database.sql).summerApproved(classID: classID))
            let refusals = try #require(try await fixture.db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM audit_log WHERE action = 'refused' AND entity = 'attempt' AND entity_id LIKE '%summer%'
                """).first(decoding: IDRow.self)).id
            #expect(refusals == 3, "two refused recordings and a refused approval, audited")
        }
    }

    /// The province's setting of an unverified rule reaches the server's results: a comment subject Chưa đạt in HK I
    /// and Đạt in HK II is Đạt for the year by default, Chưa đạt when both semesters must be Đạt.
    @Test func theServerFollowsTheProvincesRuleSettings() async throws {
        for (rule, expected) in [(TT22Rules.CommentYearRule.secondSemester, "Đ"), (.bothSemesters, "CĐ")] {
            var rules = TT22Rules()
            rules.commentYear = rule
            try await ServerFixture.with(records: RecordsSettings(rules: rules)) { fixture in
                let sql = fixture.db.database.sql
                let classID = fixture.inside.schoolClass
                let homeroom = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)")
                    .first(decoding: IDRow.self)).id
                let student = try #require(try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
                    .first(decoding: IDRow.self)).id
                let teacher = GradebookActor(staffIDs: [homeroom], actor: Actor(name: "t", origin: "t"))
                let store = GradebookStore(sql)
                let music = try await store.assign(classID: classID, subject: "Âm nhạc", staffID: homeroom, assessment: .comment, by: teacher.actor)
                for (semester, value) in [(1, "CĐ"), (2, "Đ")] {
                    try await store.enter([MarkEntry(studentID: student, kind: .comment, value: value)], assignmentID: music.id, semester: semester, by: teacher)
                }
                try await fixture.app.testing().test(.GET, "/api/v1/classes/\(classID)/year-results", headers: fixture.headers(.principal)) { response in
                    let results = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                    let mine = try #require(results.first { $0["student_id"] as? Int == student })
                    let subject = try #require((mine["subjects"] as? [[String: Any]])?.first)
                    #expect(subject["year"] as? String == expected, "\(rule)")
                }
            }
        }
    }
}
