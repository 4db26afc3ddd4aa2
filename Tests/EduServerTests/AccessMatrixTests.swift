import Access
import Testing
import Vapor
import VaporTesting

/// Beside the route matrix (`RouteMatrixTests`, every route with an empty request): lists filtered by reach, and
/// real writes, allowed inside the reach and refused outside it.
@Suite struct AccessMatrixTests {
    @Test func listsNeverShowRecordsOutsideTheScope() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            for role in [Role.communeOfficer, .schoolAdmin, .principal, .teacher] {
                for path in ["/api/v1/students?school_id=\(fixture.outside.school)&limit=200", "/api/v1/staff?school_id=\(fixture.outside.school)&limit=200",
                             "/api/v1/classes?school_id=\(fixture.outside.school)", "/api/v1/schools?limit=200"] {
                    try await tester.test(.GET, path, headers: fixture.headers(role)) { response in
                        #expect(response.status == .ok)
                        #expect(!response.body.string.contains(fixture.outside.studentName), "\(role) \(path)")
                        #expect(!response.body.string.contains(fixture.outside.schoolCode), "\(role) \(path)")
                    }
                }
            }
        }
    }

    @Test func apiWritesWithASessionNeedTheCSRFHeader() async throws {
        try await ServerFixture.with { fixture in
            var headers = fixture.headers(.departmentAdmin)
            headers.contentType = .json
            let body = #"{"school_code":"\#(fixture.inside.schoolCode)","full_name":"Phạm Thị Mới","date_of_birth":"2016-01-02","gender":"Nữ","student_code":"CSRF1"}"#
            try await fixture.app.testing().test(.POST, "/api/v1/students", headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    /// Writes: department writers anywhere, commune officers and school admins inside their scope, never teachers or auditors.
    @Test func writesFollowTheRoleAndScope() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            for role in Role.allCases {
                for inside in [true, false] {
                    let school = inside ? fixture.inside.schoolCode : fixture.outside.schoolCode
                    let body = #"{"school_code":"\#(school)","full_name":"Phạm Thị Mới","date_of_birth":"2016-01-02","gender":"Nữ","student_code":"NEW-\#(role.rawValue)-\#(inside)"}"#
                    var headers = fixture.headers(role)
                    headers.contentType = .json
                    headers.replaceOrAdd(name: "X-CSRF-Token", value: fixture.csrf[role]!)
                    try await tester.test(.POST, "/api/v1/students", headers: headers, body: ByteBuffer(string: body)) { response in
                        let allowed: Bool
                        switch role {
                        case .departmentAdmin, .departmentStaff: allowed = true
                        case .communeOfficer, .schoolAdmin, .principal: allowed = inside
                        case .teacher, .auditor: allowed = false
                        }
                        if allowed {
                            #expect(response.status == .ok, "\(role) inside=\(inside): \(response.body.string)")
                        } else {
                            #expect([.forbidden, .notFound].contains(response.status), "\(role) inside=\(inside): \(response.status)")
                        }
                    }
                }
            }
        }
    }
}
