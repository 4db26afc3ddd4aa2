import Access
import EduCore
import Registry
import Testing
import VaporTesting
@testable import EduServer

/// The registry's web forms beyond imports: a student's guardians and the school years' dates.
@Suite struct RegistryWebFormTests {
    /// A school administrator adds a guardian on the student's page, sees them listed, is told which field is wrong
    /// when the phone is bad, and removes them; a teacher sees the page without the forms.
    @Test func guardiansAreAddedAndRemovedOnTheStudentsPage() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), student = fixture.inside.student, page = "/students/\(student)"
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("action=\"\(page)/guardians\""))
            }
            try await tester.test(.GET, page, headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .ok && !response.body.string.contains("/guardians"))
            }
            let (headers, body) = fixture.form(["full_name": "  trần   văn bố ", "phone": "0912 000 111", "relationship": "Bố"], as: .schoolAdmin)
            try await tester.test(.POST, "\(page)/guardians", headers: headers, body: body) { response in
                #expect(response.status == .seeOther && response.headers.first(name: .location) == page)
            }
            let guardians = try await GuardianStore(fixture.db.database.sql).guardians(of: student)
            #expect(guardians.map(\.phone) == ["0912000111"] && guardians.map(\.relationship) == ["Bố"])
            let guardian = try #require(guardians.first)
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("\(guardian.fullName) (Bố) 0912000111"))
                #expect(response.body.string.contains("action=\"\(page)/guardians/\(guardian.id)/remove\""))
            }

            let (badHeaders, badBody) = fixture.form(["full_name": "Lê Thị Mẹ", "phone": "12345"], as: .schoolAdmin)
            try await tester.test(.POST, "\(page)/guardians", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("<td>phone</td><td>12345</td>"), "\(response.body.string.suffix(2000))")
            }
            #expect(try await GuardianStore(fixture.db.database.sql).guardians(of: student).count == 1)

            let (removeHeaders, removeBody) = fixture.form([:], as: .schoolAdmin)
            try await tester.test(.POST, "\(page)/guardians/\(guardian.id)/remove", headers: removeHeaders, body: removeBody) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await GuardianStore(fixture.db.database.sql).guardians(of: student).isEmpty)
            try await tester.test(.POST, "\(page)/guardians/\(guardian.id)/remove", headers: removeHeaders, body: removeBody) { response in
                #expect(response.status == .notFound)
            }
            let actions = try await AuditLog(fixture.db.database.sql).entries(entity: "student", entityID: String(student)).map(\.action)
            #expect(actions.filter { $0 == "add_guardian" }.count == 1 && actions.filter { $0 == "remove_guardian" }.count == 1)
        }
    }

    /// A school administrator marks a student transferred and a teacher retired on their pages, through the importer's
    /// checks and audit; a value no status has is refused with the reason; the API changes a status the same way; a
    /// teacher sees no form.
    @Test func statusesAreSetOnTheStudentsAndStaffPages() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), sql = fixture.db.database.sql
            let student = fixture.inside.student, page = "/students/\(student)", staffPage = "/staff/\(fixture.inside.staff)"
            func stored(_ table: String, _ id: Int) async throws -> String {
                try await sql.raw("SELECT status FROM \(unsafeRaw: table) WHERE id = \(bind: id)").first()!.decode(column: "status", as: String.self)
            }
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("action=\"\(page)/status\"") && response.body.string.contains("<td>Đang học</td>"))
            }
            try await tester.test(.GET, page, headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .ok && !response.body.string.contains("/status\""))
            }
            let (headers, body) = fixture.form(["status": "transferred"], as: .schoolAdmin)
            try await tester.test(.POST, "\(page)/status", headers: headers, body: body) { response in
                #expect(response.status == .seeOther && response.headers.first(name: .location) == page)
            }
            #expect(try await stored("students", student) == "transferred")
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("<td>Đã chuyển trường</td>"))
            }
            let audit = try await AuditLog(sql).entries(entity: "student", entityID: String(student))
            #expect(audit.contains { $0.action == "update" && $0.after?.contains("\"status\":\"transferred\"") == true })

            let (badHeaders, badBody) = fixture.form(["status": "vắng mặt"], as: .schoolAdmin)
            try await tester.test(.POST, "\(page)/status", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("<td>status</td><td>vắng mặt</td>"), "\(response.body.string.suffix(1500))")
            }
            #expect(try await stored("students", student) == "transferred")

            let (staffHeaders, staffBody) = fixture.form(["status": "retired"], as: .schoolAdmin)
            try await tester.test(.POST, "\(staffPage)/status", headers: staffHeaders, body: staffBody) { response in
                #expect(response.status == .seeOther && response.headers.first(name: .location) == staffPage)
            }
            #expect(try await stored("staff", fixture.inside.staff) == "retired")
            try await tester.test(.GET, staffPage, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("<td>Nghỉ hưu</td>") && response.body.string.contains("action=\"\(staffPage)/status\""))
            }
            try await tester.test(.PATCH, "/api/v1/staff/\(fixture.inside.staff)", headers: fixture.jsonHeaders(.schoolAdmin),
                                  body: JSONBody.encode(["status": "Tạm nghỉ"])) { response in
                #expect(response.status == .ok, "\(response.body.string)")
            }
            try await tester.test(.GET, "/api/v1/staff/\(fixture.inside.staff)", headers: fixture.jsonHeaders(.schoolAdmin)) { response in
                #expect(response.body.string.contains("\"status\":\"on_leave\""), "\(response.body.string)")
            }
            // An integration's create-or-update that does not know the field leaves the status (and the position) alone.
            let row = try await sql.raw("SELECT staff_code, full_name, date_of_birth, gender, position FROM staff WHERE id = \(bind: fixture.inside.staff)").first()!
            let position = try row.decode(column: "position", as: String.self)
            let upsert = ["school_code": fixture.inside.schoolCode, "staff_code": try row.decode(column: "staff_code", as: String.self),
                          "full_name": try row.decode(column: "full_name", as: String.self), "date_of_birth": try row.decode(column: "date_of_birth", as: String.self),
                          "gender": Gender(rawValue: try row.decode(column: "gender", as: String.self))?.vietnamese ?? ""]
            try await tester.test(.POST, "/api/v1/staff", headers: fixture.jsonHeaders(.schoolAdmin), body: JSONBody.encode(upsert)) { response in
                #expect(response.status == .ok, "\(response.body.string)")
            }
            #expect(try await stored("staff", fixture.inside.staff) == "on_leave")
            #expect(try await sql.raw("SELECT position FROM staff WHERE id = \(bind: fixture.inside.staff)").first()!.decode(column: "position", as: String.self) == position)
        }
    }

    /// Everyone signed in sees the years; the department corrects one's dates, and dates outside the year are refused
    /// with the reason and nothing changed.
    @Test func theDepartmentCorrectsASchoolYearOnItsPage() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), store = SchoolYearStore(fixture.db.database.sql)
            try await tester.test(.GET, "/school-years", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .ok && response.body.string.contains("<td>2025-2026</td><td>05/09/2025</td><td>31/05/2026</td>"))
                #expect(!response.body.string.contains("action=\"/school-years/"))
            }
            let (headers, body) = fixture.form(["starts_on": "2025-09-05", "ends_on": "2026-05-25"], as: .departmentStaff)
            try await tester.test(.POST, "/school-years/2025-2026", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await store.all().first { $0.code == "2025-2026" }?.endsOn == "2026-05-25")
            try await tester.test(.GET, "/school-years?done=2025-2026", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.body.string.contains("action=\"/school-years/2025-2026\"") && response.body.string.contains("Đã lưu năm học 2025-2026"))
            }

            let (badHeaders, badBody) = fixture.form(["starts_on": "2026-09-05", "ends_on": "2026-05-25"], as: .departmentStaff)
            try await tester.test(.POST, "/school-years/2025-2026", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Năm học 2025-2026 bắt đầu trong năm 2025 và kết thúc trong năm 2026"))
            }
            #expect(try await store.all().first { $0.code == "2025-2026" }?.startsOn == "2025-09-05")
            try await tester.test(.POST, "/school-years/1999-2000", headers: headers, body: body) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}

extension RegistryWebFormTests {
    /// The units page lists the units in force on the chosen day, and on today's, what each new ward replaced.
    @Test func theUnitsPageFollowsTheChosenDay() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/units", headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("<td>X031001</td><td>Phường Hồng Bàng</td>"))
                #expect(html.contains("Phường Minh Khai (X031001-"), "the wards merged into Hồng Bàng are named")
                #expect(!html.contains("<td>Phường Minh Khai</td>"))
            }
            try await tester.test(.GET, "/units?as_of=2025-06-30", headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(html.contains("<td>Phường Minh Khai</td>") && !html.contains("<td>Phường Hồng Bàng</td>"))
                #expect(html.contains("Sở Giáo dục và Đào tạo Hải Dương"))
            }
        }
    }
}
