import Access
import EduServer
import Foundation
import Testing
import Vapor
import VaporTesting

/// The gradebook API end to end: each step by the role it belongs to, refusals by status, results without ranking.
@Suite struct GradebookHTTPTests {
    @Test func aSemesterFromMarksToLockAndCorrection() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let schoolClass = fixture.inside.schoolClass
            // The teacher session is the class's homeroom teacher; here it also teaches the subject.
            let staffID = try #require(try await fixture.db.database.sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: schoolClass)")
                .first(decoding: IDRow.self)).id
            let students = try await fixture.db.database.sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: schoolClass) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)

            var assignment = 0
            let assign = try JSONBody.encode(["subject": "Toán", "staff_id": staffID, "assessment": "scored"])
            try await tester.test(.POST, "/api/v1/classes/\(schoolClass)/gradebooks", headers: fixture.jsonHeaders(.teacher), body: assign) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/api/v1/classes/\(fixture.outside.schoolClass)/gradebooks", headers: fixture.jsonHeaders(.schoolAdmin), body: assign) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.POST, "/api/v1/classes/\(schoolClass)/gradebooks", headers: fixture.jsonHeaders(.schoolAdmin), body: assign) { response in
                #expect(response.status == .created)
                assignment = try #require(try JSONBody.object(response)["id"] as? Int)
            }
            let base = "/api/v1/gradebooks/\(assignment)/semesters/1"

            let marks = try JSONBody.encode(["entries": students.flatMap { student in
                [["student_id": student, "kind": "tx", "position": 1, "value": "8"], ["student_id": student, "kind": "gk", "value": "7,5"],
                 ["student_id": student, "kind": "ck", "value": "9"]]
            }])
            try await tester.test(.PUT, base + "/marks", headers: fixture.jsonHeaders(.principal), body: marks) { response in
                #expect(response.status == .forbidden)
                let code = try JSONBody.object(response)["code"] as? String
                #expect(code == "gradebook.not_teacher")
            }
            let bad = try JSONBody.encode(["entries": [["student_id": students[0], "kind": "tx", "value": "11"], ["student_id": -5, "kind": "gk", "value": "8"]]])
            try await tester.test(.PUT, base + "/marks", headers: fixture.jsonHeaders(.teacher), body: bad) { response in
                #expect(response.status == .unprocessableEntity)
                let problems = try #require(try JSONBody.object(response)["problems"] as? [[String: Any]])
                #expect(problems.map { "\($0["row"]!):\($0["column"]!)" } == ["1:value", "2:student_id"])
            }
            try await tester.test(.PUT, base + "/marks", headers: fixture.jsonHeaders(.teacher), body: marks) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.POST, base + "/submit", headers: fixture.jsonHeaders(.teacher)) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.GET, base, headers: fixture.headers(.auditor)) { response in
                #expect(response.status == .ok)
                let sheet = try JSONBody.object(response)
                #expect(sheet["status"] as? String == "submitted")
                let first = try #require((sheet["students"] as? [[String: Any]])?.first)
                #expect(first["midterm"] as? String == "7.5" && first["regular"] as? [String] == ["8.0"])
            }

            let conduct = try JSONBody.encode(["entries": students.map { ["student_id": $0, "conduct": "Tốt", "absences": 0] }])
            let semester = "/api/v1/classes/\(schoolClass)/semesters/1"
            try await tester.test(.POST, semester + "/approve", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .conflict, "not confirmed yet")
            }
            try await tester.test(.PUT, semester + "/conduct", headers: fixture.jsonHeaders(.teacher), body: conduct) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.POST, semester + "/confirm", headers: fixture.jsonHeaders(.teacher)) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.POST, semester + "/approve", headers: fixture.jsonHeaders(.schoolAdmin)) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, semester + "/approve", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.PUT, base + "/marks", headers: fixture.jsonHeaders(.teacher), body: marks) { response in
                #expect(response.status == .conflict)
                let code = try JSONBody.object(response)["code"] as? String
                #expect(code == "gradebook.locked")
            }
            // Every refusal above changed nothing and is in the audit trail: who tried what, and why (no refused value).
            let refusals = Array(try await AuditLog(fixture.db.database.sql).entries(entity: "attempt", entityID: "PUT \(base)/marks").reversed())
            let reasons = refusals.compactMap(\.after)
            #expect(refusals.map(\.action) == ["refused", "refused", "refused"] && reasons.count == 3)
            #expect(reasons.first?.hasPrefix("gradebook.not_teacher") == true && reasons.last?.hasPrefix("gradebook.locked") == true, "\(reasons)")
            #expect(reasons.dropFirst().first.map { $0.contains("row 1 value") && $0.contains("row 2 student_id") && !$0.contains("11") } == true,
                    "\(reasons)")

            var correction = 0
            let request = try JSONBody.encode(["entry": ["student_id": students[0], "kind": "ck", "value": "10"], "reason": "Chấm phúc khảo"])
            try await tester.test(.POST, base + "/corrections", headers: fixture.jsonHeaders(.teacher), body: request) { response in
                #expect(response.status == .ok)
                correction = try #require(try JSONBody.object(response)["id"] as? Int)
            }
            try await tester.test(.POST, "/api/v1/corrections/\(correction)/decision", headers: fixture.jsonHeaders(.teacher),
                                  body: try JSONBody.encode(["approve": true])) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/api/v1/corrections/\(correction)/decision", headers: fixture.jsonHeaders(.principal),
                                  body: try JSONBody.encode(["approve": true])) { response in
                #expect(response.status == .ok)
            }

            try await tester.test(.GET, "/api/v1/classes/\(schoolClass)/year-results", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok)
                let results = try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [[String: Any]])
                #expect(results.count == students.count)
                let math = try #require((results.first?["subjects"] as? [[String: Any]])?.first)
                // (8 + 2×7.5 + 3×10) / 6 = 8.83…
                let semesters = try #require(math["semesters"] as? [Any])
                #expect(semesters.first as? String == "8.8" && semesters.last is NSNull)
                #expect(!response.body.string.contains("rank"))
            }
            try await tester.test(.GET, "/api/v1/classes/\(fixture.outside.schoolClass)/year-results", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
