import Access
import EduCore
import Foundation
import Registry
import Testing
import VaporTesting
@testable import EduServer

/// A department administrator disables, enables and resets the password of accounts on `/users`; nobody else may.
@Suite struct UserWebTests {
    @Test func anAdministratorDisablesEnablesAndResetsAnAccount() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), accounts = AccountStore(fixture.db.database.sql)
            let teacher = try #require(try await accounts.user(username: "teacher"))
            let admin = try #require(try await accounts.user(username: "department-admin"))
            try await tester.test(.GET, "/users", headers: fixture.headers(.departmentAdmin)) { response in
                let page = response.body.string
                #expect(page.contains("action=\"/users/\(teacher.id)/disable\"") && page.contains("action=\"/users/\(teacher.id)/password\""))
                #expect(!page.contains("action=\"/users/\(admin.id)/disable\""), "no button to lock oneself out")
            }

            for role in Role.allCases where role != .departmentAdmin {
                for action in ["disable", "enable", "password"] {
                    let (headers, body) = fixture.form([:], as: role)
                    try await tester.test(.POST, "/users/\(teacher.id)/\(action)", headers: headers, body: body) { response in
                        #expect(response.status == .forbidden, "\(role) \(action)")
                    }
                }
            }
            #expect(try await accounts.user(id: teacher.id)?.status == "active")

            let (headers, body) = fixture.form([:], as: .departmentAdmin)
            // Roles: one added takes effect on the account's next request, one taken back is gone; a bad scope is named.
            try await tester.test(.GET, "/audit", headers: fixture.headers(.teacher)) { response in #expect(response.status == .forbidden) }
            let (addHeaders, addBody) = fixture.form(["role": "auditor", "scope_code": ""], as: .departmentAdmin)
            try await tester.test(.POST, "/users/\(teacher.id)/grants", headers: addHeaders, body: addBody) { response in
                #expect(response.status == .seeOther, "\(response.body.string.suffix(800))")
            }
            try await tester.test(.GET, "/audit", headers: fixture.headers(.teacher)) { response in #expect(response.status == .ok) }
            let (badHeaders, badBody) = fixture.form(["role": "school_admin", "scope_code": "KHONGCO"], as: .departmentAdmin)
            try await tester.test(.POST, "/users/\(teacher.id)/grants", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("KHONGCO"), "\(response.body.string.suffix(800))")
            }
            // No role chosen, or a department-wide role given a code (another role was meant): refused, nothing granted.
            for (role, scope, reason) in [("", "", "Chọn một vai trò"), ("department_admin", fixture.inside.schoolCode, "Vai trò cấp Sở không đi kèm mã")] {
                let (slipHeaders, slipBody) = fixture.form(["role": role, "scope_code": scope], as: .departmentAdmin)
                try await tester.test(.POST, "/users/\(teacher.id)/grants", headers: slipHeaders, body: slipBody) { response in
                    #expect(response.status == .unprocessableEntity && response.body.string.contains(reason), "\(role)")
                }
            }
            try await tester.test(.POST, "/users/\(teacher.id)/grants", headers: addHeaders, body: addBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Tài khoản đã có vai trò này ở đây"))
            }
            let granted = try await GrantResolver(fixture.db.database.sql).grantedRoles(ofUsers: [teacher.id, admin.id])
            let auditorGrant = try #require(granted[teacher.id]?.first { $0.role == .auditor })
            #expect(granted[teacher.id]?.count == 2)
            try await tester.test(.GET, "/users", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.body.string.contains("action=\"/users/\(teacher.id)/grants/\(auditorGrant.id)/remove\""))
            }
            try await tester.test(.POST, "/users/\(teacher.id)/grants/\(auditorGrant.id)/remove", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, "/audit", headers: fixture.headers(.teacher)) { response in #expect(response.status == .forbidden) }
            let adminGrant = try #require(granted[admin.id]?.first)
            try await tester.test(.POST, "/users/\(admin.id)/grants/\(adminGrant.id)/remove", headers: headers, body: body) { response in
                #expect(response.status == .conflict, "one's own last administrator role stays")
            }
            #expect(try await GrantResolver(fixture.db.database.sql).grantedRoles(ofUsers: [admin.id])[admin.id]?.count == 1)
            let roleAudit = try await AuditLog(fixture.db.database.sql).entries(entity: "user", entityID: String(teacher.id)).map(\.action)
            #expect(roleAudit.contains("grant") && roleAudit.contains("revoke_grant"), "\(roleAudit)")

            try await tester.test(.POST, "/users/\(teacher.id)/disable", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await accounts.user(id: teacher.id)?.status == "disabled")
            try await tester.test(.GET, "/classes/\(fixture.inside.schoolClass)", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .seeOther, "a disabled account's session ends at once")
            }
            try await tester.test(.POST, "/users/\(teacher.id)/enable", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await accounts.user(id: teacher.id)?.status == "active")

            try await tester.test(.POST, "/users/\(admin.id)/disable", headers: headers, body: body) { response in
                #expect(response.status == .conflict && response.body.string.contains("Không thể tự khoá tài khoản của mình"))
            }
            #expect(try await accounts.user(id: admin.id)?.status == "active")

            var password = ""
            try await tester.test(.POST, "/users/\(teacher.id)/password", headers: headers, body: body) { response in
                let page = response.body.string
                let marker = "Mật khẩu mới của teacher: "
                password = page.range(of: marker).map { String(page[$0.upperBound...].prefix { $0 != " " }) } ?? ""
                #expect(response.status == .ok && password.count == 16, "\(page.suffix(1500))")
                #expect(response.headers.first(name: .cacheControl) == "no-store")
            }
            let signedIn = try await accounts.authenticate(username: "teacher", password: password, origin: "test", hasher: BcryptHasher(cost: 4))
            #expect(signedIn?.id == teacher.id)
            let audit = try await AuditLog(fixture.db.database.sql).entries(entity: "user", entityID: String(teacher.id)).map(\.action)
            #expect(Set(audit).isSuperset(of: ["disable", "enable", "reset_password"]), "\(audit)")

            let (noCSRF, emptyBody) = ServerFixture.form([:], csrf: "wrong", headers: fixture.headers(.departmentAdmin))
            try await tester.test(.POST, "/users/\(teacher.id)/disable", headers: noCSRF, body: emptyBody) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/users/999999/disable", headers: headers, body: body) { response in
                #expect(response.status == .notFound)
            }
            // An API token, even a department administrator's that may write, is not a person to hand a password to.
            let token = try await accounts.createToken(name: "kho", role: .departmentAdmin, unitID: nil, schoolID: nil, canWrite: true, by: .commandLine)
            var bearer: HTTPHeaders = ["Authorization": "Bearer \(token.secret)"]
            bearer.contentType = .urlEncodedForm
            for action in ["/\(teacher.id)/password", "/\(teacher.id)/disable", "/\(teacher.id)/grants", ""] {
                let form = "csrf=&username=tu-token&display_name=Token&password=mat-khau-rat-dai-2026&role=department_admin&scope_code="
                try await tester.test(.POST, "/users\(action)", headers: bearer, body: ByteBuffer(string: form)) { response in
                    #expect(response.status == .forbidden, "\(action)")
                }
            }
            #expect(try await accounts.user(username: "tu-token") == nil)
            #expect(try await accounts.user(id: teacher.id)?.status == "active")
        }
    }

    /// A province has thousands of accounts: the page shows a hundred at a time in username order, and finds one by
    /// the beginning of its username.
    @Test func accountsComeAPageAtATimeAndAreFoundByUsername() async throws {
        try await ServerFixture.with { fixture in
            let accounts = AccountStore(fixture.db.database.sql)
            for index in 0..<120 {
                _ = try await accounts.createUser(username: "gv.\(String(format: "%03d", index))", displayName: "Giáo viên \(index)",
                                                  passwordHash: "not a hash", grants: [], by: .commandLine)
            }
            let everyone = try await accounts.users().map(\.username)
            #expect(everyone.count == 127 && everyone == everyone.sorted())
            let tester = try fixture.app.testing()
            var shown: [String] = [], page: String? = "/users"
            while let address = page {
                try await tester.test(.GET, address, headers: fixture.headers(.departmentAdmin)) { response in
                    let html = response.body.string
                    let rows = everyone.filter { html.contains("<td>\($0)</td>") }
                    #expect(response.status == .ok && rows.count <= UserRoutes.pageSize, "\(address): \(rows.count)")
                    shown += rows
                    page = html.range(of: #"href="(/users\?[^"]*)""#, options: .regularExpression)
                        .map { String(html[$0].dropFirst(6).dropLast()) }
                }
            }
            #expect(shown == everyone, "each account once, in order, over the pages")

            try await tester.test(.GET, "/users?q=GV.11", headers: fixture.headers(.departmentAdmin)) { response in
                let html = response.body.string
                let found = everyone.filter { html.contains("<td>\($0)</td>") }
                #expect(found == (110..<120).map { "gv.\($0)" }, "\(found)")
                #expect(!html.contains("Trang sau"))
            }
            try await tester.test(.GET, "/users?q=gv.0", headers: fixture.headers(.departmentAdmin)) { response in
                let html = response.body.string
                #expect(everyone.filter { html.contains("<td>\($0)</td>") }.count == UserRoutes.pageSize)
                #expect(!html.contains("Trang sau"), "a full last page offers no next page")
            }
            try await tester.test(.GET, "/users?q=%25", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.status == .ok && response.body.string.contains("Không có tài khoản nào."), "no pattern characters")
            }
        }
    }
}
