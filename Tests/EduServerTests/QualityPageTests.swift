import Access
import EduCore
import EduServer
import Quality
import SQLKit
import Storage
import Testing
import Vapor
import VaporTesting

/// The quality dashboard and worklists: drawn on the server (an SVG trend), each shown only to whom it belongs.
@Suite struct QualityPageTests {
    @Test func dashboardAndWorklist() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            let student = fixture.inside.student
            try await sql.raw("UPDATE students SET ethnicity = '' WHERE id = \(bind: student)").run()
            try await sql.raw("UPDATE staff SET qualification = '' WHERE id = \(bind: fixture.inside.staff)").run()
            try await sql.raw("UPDATE schools SET address = '' WHERE id = \(bind: fixture.inside.school)").run()
            let cipher = fixture.db.cipher
            for day in [20, 23] {
                _ = try await fixture.db.database.transaction { db in
                    try await QualityStore(db).run(rules: try QualityRule.standard(), today: CalendarDate(year: 2026, month: 11, day: day)!,
                                                   cipher: cipher, by: .commandLine)
                }
            }
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/quality", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<svg"))
                #expect(html.contains("<polyline"))
                #expect(html.contains("2026-11-20") && html.contains("2026-11-23"))
                #expect(html.contains("/quality/schools/"))
            }
            try await tester.test(.GET, "/quality", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.GET, "/quality/schools/\(fixture.inside.school)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Thiếu dân tộc"))
                #expect(html.contains(fixture.inside.studentName))
                #expect(html.contains("Thiếu trình độ đào tạo") && html.contains("href=\"/staff/\(fixture.inside.staff)\""),
                        "staff records are on the worklist too, linked to their page")
                #expect(html.contains("Thiếu địa chỉ trường") && html.contains("href=\"/schools/\(fixture.inside.school)\""),
                        "and the school's own record")
            }
            try await tester.test(.GET, "/quality/schools/\(fixture.outside.school)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.GET, "/quality/schools/\(fixture.inside.school)", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .notFound, "a homeroom teacher reaches their class, not the school's staff records")
            }
            let views = try await AuditLog(sql).entries(entity: "quality_worklist", entityID: String(fixture.inside.school))
            #expect(views.count == 1, "the one view shown is audited")
        }
    }
}

/// A register that disagrees about the first person it is asked about (another birth date) and agrees with the rest.
struct FirstDiffersRegister: PopulationRegister {
    let batchLimit = 50

    func verify(_ batch: [RegisterQuery]) async throws -> [RegisterVerdict] {
        batch.enumerated().map { index, query in
            index == 0 && query.dateOfBirth != "2000-01-01"
                ? RegisterVerdict(status: .mismatch, register: ["date_of_birth": "2000-01-01"])
                : RegisterVerdict(status: .verified)
        }
    }
}

@Suite struct MismatchQueueTests {
    @Test func aMismatchIsShownSideBySideAndAcceptedWithAnAudit() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            _ = try await ReconciliationJob(database: fixture.db.database, cipher: fixture.db.cipher, register: FirstDiffersRegister(), batchSize: 50).run()
            struct Row: Decodable { let id: Int; let schoolId: Int; let dateOfBirth: String }
            let student = try #require(try await sql.raw("""
                SELECT st.id, st.school_id, st.date_of_birth FROM register_checks c JOIN students st ON st.id = c.student_id WHERE c.status = 'mismatch'
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            let tester = try fixture.app.testing()
            let tally = try await ReconciliationStore(sql).tally()
            try await tester.test(.GET, "/quality", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Xác thực với CSDL quốc gia về dân cư"))
                #expect(html.contains("<td>Học sinh</td><td>\(tally.verified)</td><td>\(tally.students)</td>"), "the province's students")
                #expect(html.contains("<td>Cán bộ, giáo viên</td><td>\(tally.staffVerified)</td><td>\(tally.staff)</td>"), "and its staff")
            }
            try await tester.test(.GET, "/quality", headers: fixture.headers(.communeOfficer)) { response in
                #expect(!String(buffer: response.body).contains("Cán bộ, giáo viên</td>"), "the province's totals are the department's")
            }
            try await tester.test(.GET, "/quality/schools/\(student.schoolId)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(student.dateOfBirth) && html.contains("2000-01-01"), "both values side by side")
                #expect(html.contains("/quality/schools/\(student.schoolId)/accept/student/\(student.id)"))
            }
            var headers = fixture.headers(.departmentStaff)
            headers.contentType = .urlEncodedForm
            let form = ByteBuffer(string: "csrf=\(fixture.csrf[.departmentStaff]!)")
            try await tester.test(.POST, "/quality/schools/\(student.schoolId)/accept/student/\(student.id)", headers: headers, body: form) { response in
                #expect(response.status == .seeOther)
            }
            let after = try await sql.raw("SELECT date_of_birth AS v FROM students WHERE id = \(bind: student.id)").first(decoding: Value.self)?.v
            #expect(after == "2000-01-01")
            let audited = try await sql.raw("SELECT COUNT(*) AS id FROM audit_log WHERE action = 'accept_register' AND entity_id = \(bind: String(student.id))")
                .first(decoding: IDRow.self)!.id
            #expect(audited == 1)
            try await tester.test(.POST, "/quality/schools/\(student.schoolId)/accept/student/\(student.id)", headers: headers, body: form) { response in
                #expect(response.status == .notFound, "nothing left to accept")
            }

            // The staff's mismatches are on their school's queue too, and accepted the same way.
            let member = try #require(try await sql.raw("""
                SELECT f.id, f.school_id, f.date_of_birth FROM staff_register_checks c JOIN staff f ON f.id = c.staff_id WHERE c.status = 'mismatch'
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            try await tester.test(.GET, "/quality/schools/\(member.schoolId)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("/quality/schools/\(member.schoolId)/accept/staff/\(member.id)") && html.contains("href=\"/staff/\(member.id)\""))
            }
            try await tester.test(.POST, "/quality/schools/\(member.schoolId)/accept/student/\(member.id)", headers: headers, body: form) { response in
                #expect(response.status == .notFound, "a staff member's id is not a student's")
            }
            try await tester.test(.POST, "/quality/schools/\(member.schoolId)/accept/staff/\(member.id)", headers: headers, body: form) { response in
                #expect(response.status == .seeOther)
            }
            let staffAfter = try await sql.raw("SELECT date_of_birth AS v FROM staff WHERE id = \(bind: member.id)").first(decoding: Value.self)?.v
            #expect(staffAfter == "2000-01-01")
            let staffAudit = try await AuditLog(sql).entries(entity: "staff", entityID: String(member.id)).filter { $0.action == "accept_register" }
            #expect(staffAudit.count == 1)
        }
    }

    struct Value: Decodable { let v: String }
}
