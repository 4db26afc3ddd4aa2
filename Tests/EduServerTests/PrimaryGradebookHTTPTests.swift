import Access
import EduServer
import Foundation
import Records
import Testing
import Vapor
import VaporTesting

/// A primary class's year through the API (TT27): subjects by levels and test scores, qualities and competences by the
/// homeroom teacher, the year's results in TT27's shape.
@Suite struct PrimaryGradebookHTTPTests {
    @Test func aPrimaryYearThroughTheAPI() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let schoolClass = fixture.inside.schoolClass
            let sql = fixture.db.database.sql
            try await sql.raw("UPDATE classes SET grade = 3 WHERE id = \(bind: schoolClass)").run()
            // Two classmates more, so that results are told apart.
            try await sql.raw("""
                UPDATE enrolments SET class_id = \(bind: schoolClass), school_id = \(bind: fixture.inside.school) WHERE student_id IN (
                    SELECT student_id FROM enrolments WHERE class_id <> \(bind: schoolClass) ORDER BY student_id LIMIT 2)
                """).run()
            let staffID = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: schoolClass)")
                .first(decoding: IDRow.self)).id
            let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: schoolClass) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)

            let gradebooks = "/api/v1/classes/\(schoolClass)/gradebooks"
            try await tester.test(.POST, gradebooks, headers: fixture.jsonHeaders(.schoolAdmin),
                                  body: try JSONBody.encode(["subject": "Toán", "staff_id": staffID, "assessment": "scored"])) { response in
                #expect(response.status == .unprocessableEntity)
                let code = try JSONBody.object(response)["code"] as? String
                #expect(code == "gradebook.assessment")
            }
            var assignment = 0
            try await tester.test(.POST, gradebooks, headers: fixture.jsonHeaders(.schoolAdmin),
                                  body: try JSONBody.encode(["subject": "Toán", "staff_id": staffID, "assessment": "levels_and_tests"])) { response in
                #expect(response.status == .created)
                assignment = try #require(try JSONBody.object(response)["id"] as? Int)
            }
            let semester = "/api/v1/classes/\(schoolClass)/semesters/1"
            let bad = try JSONBody.encode(["entries": [["student_id": students[0], "item": "Chăm chỉ", "kind": "ck", "level": "Khá"],
                                                       ["student_id": students[0], "item": "Chăm chỉ", "kind": "ck", "level": "Tốt"]]])
            try await tester.test(.PUT, semester + "/qualities", headers: fixture.jsonHeaders(.teacher), body: bad) { response in
                #expect(response.status == .unprocessableEntity)
                let problems = try #require(try JSONBody.object(response)["problems"] as? [[String: Any]])
                #expect(problems.map { "\($0["row"]!):\($0["column"]!)" } == ["1:level"])
            }

            for term in 1...2 {
                let base = "/api/v1/gradebooks/\(assignment)/semesters/\(term)"
                let marks = try JSONBody.encode(["entries": students.flatMap { student in
                    [["student_id": student, "kind": "gk", "value": "T"], ["student_id": student, "kind": "ck", "value": "hoàn thành tốt"],
                     ["student_id": student, "kind": "ktck", "value": student == students[0] ? "9" : "6"]]
                }])
                try await tester.test(.PUT, base + "/marks", headers: fixture.jsonHeaders(.teacher), body: marks) { response in
                    #expect(response.status == .ok, "\(response.body.string)")
                }
                try await tester.test(.POST, base + "/submit", headers: fixture.jsonHeaders(.teacher)) { response in
                    #expect(response.status == .ok)
                }
                let entries = students.flatMap { student in
                    PrimaryQualities.standard.flatMap { item in
                        ["gk", "ck"].map { ["student_id": student, "item": item, "kind": $0, "level": "T"] as [String: Any] }
                    }
                }
                // Sent over and again (each a harmless repeat), as large as a class of 45's batch.
                let qualities = try JSONBody.encode(["entries": Array(repeating: entries, count: 45 / students.count + 1).flatMap { $0 }])
                #expect(qualities.readableBytes > 16_384)
                let classTerm = "/api/v1/classes/\(schoolClass)/semesters/\(term)"
                try await tester.test(.PUT, classTerm + "/conduct", headers: fixture.jsonHeaders(.teacher),
                                      body: try JSONBody.encode(["entries": [["student_id": students[0], "conduct": "Tốt", "absences": 0]]])) { response in
                    #expect(response.status == .unprocessableEntity, "primary school gives no conduct rating")
                }
                try await tester.test(.PUT, classTerm + "/qualities", headers: fixture.jsonHeaders(.principal), body: qualities) { response in
                    #expect(response.status == .forbidden)
                }
                try await tester.test(.PUT, classTerm + "/qualities", headers: fixture.jsonHeaders(.teacher), body: qualities) { response in
                    #expect(response.status == .ok, "\(response.body.string)")
                }
                try await tester.test(.POST, classTerm + "/confirm", headers: fixture.jsonHeaders(.teacher)) { response in
                    #expect(response.status == .ok, "\(response.body.string)")
                }
                try await tester.test(.POST, classTerm + "/approve", headers: fixture.jsonHeaders(.principal)) { response in
                    #expect(response.status == .ok)
                }
            }

            try await tester.test(.GET, "/api/v1/gradebooks/\(assignment)/semesters/2", headers: fixture.headers(.principal)) { response in
                let first = try #require((try JSONBody.object(response)["students"] as? [[String: Any]])?.first)
                #expect(first["endterm"] as? String == "T" && first["endterm_test"] as? String == "9", "\(first)")
            }
            try await tester.test(.GET, "/api/v1/classes/\(schoolClass)/qualities", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok)
                let all = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                let items = try #require(all.first?["items"] as? [[String: Any]])
                #expect(items.count == PrimaryQualities.standard.count && items.first?["levels"] as? [String] == ["Tốt", "Tốt", "Tốt", "Tốt"])
            }
            try await tester.test(.GET, "/api/v1/classes/\(schoolClass)/year-results", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok)
                let results = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(results.count == students.count && students.count >= 3)
                #expect(results.first?["result"] as? String == "Hoàn thành xuất sắc")
                #expect(results.first?["outcome"] as? String == "Hoàn thành chương trình lớp học")
                #expect(results.dropFirst().allSatisfy { $0["result"] as? String == "Hoàn thành" })
                let math = try #require((results.first?["subjects"] as? [[String: Any]])?.first)
                #expect(math["levels"] as? [String] == ["T", "T", "T", "T"])
            }
            let reads = try await AuditLog(sql).entries(entity: "qualities", entityID: String(students[1]))
            #expect(reads.map(\.action) == ["read"], "each student's qualities read is audited")
            let secondary = try #require(try await sql.raw("""
                SELECT c.id FROM classes c WHERE c.grade >= 6 AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id) ORDER BY c.id LIMIT 1
                """).first(decoding: IDRow.self)).id
            try await tester.test(.GET, "/api/v1/classes/\(secondary)/qualities", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .notFound, "a class the caller reads, but not a primary one")
            }
            try await tester.test(.GET, "/api/v1/classes/\(secondary)/year-results", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .ok && response.body.string.contains("\"learning\":"), "a secondary class keeps TT22's shape")
            }
        }
    }
}
