import Access
import Testing
import Vapor
import VaporTesting

/// Every protected route × every role × an object inside and outside the role's scope.
/// Outside the scope the answer is always 403 or 404 and the body never carries the record.
@Suite struct AccessMatrixTests {
    enum Target { case student, school, schoolClass, staff }

    static let readRoutes: [(String, Target)] = [
        ("/students/{id}", .student), ("/schools/{id}", .school), ("/classes/{id}", .schoolClass), ("/staff/{id}", .staff),
        ("/api/v1/students/{id}", .student), ("/api/v1/schools/{id}", .school), ("/api/v1/classes/{id}", .schoolClass),
        ("/api/v1/staff/{id}", .staff),
    ]

    /// Which roles may read each kind of object when it is inside their scope.
    static func mayRead(_ role: Role, _ target: Target, inside: Bool) -> Bool {
        switch role {
        case .departmentAdmin, .departmentStaff, .auditor: return true
        case .communeOfficer, .schoolAdmin, .principal: return inside
        case .teacher: return inside && target != .staff
        }
    }

    func id(_ objects: ServerFixture.Objects, _ target: Target) -> Int {
        switch target {
        case .student: objects.student
        case .school: objects.school
        case .schoolClass: objects.schoolClass
        case .staff: objects.staff
        }
    }

    @Test func readsFollowTheRoleAndScope() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            for role in Role.allCases {
                for (pattern, target) in Self.readRoutes {
                    for inside in [true, false] {
                        let objects = inside ? fixture.inside : fixture.outside
                        let path = pattern.replacingOccurrences(of: "{id}", with: String(id(objects, target)))
                        try await tester.test(.GET, path, headers: fixture.headers(role)) { response in
                            if Self.mayRead(role, target, inside: inside) {
                                #expect(response.status == .ok, "\(role) \(path) inside=\(inside)")
                            } else {
                                #expect([.forbidden, .notFound].contains(response.status), "\(role) \(path) inside=\(inside): \(response.status)")
                                #expect(!response.body.string.contains(objects.studentName), "\(role) \(path) leaked a name")
                            }
                        }
                    }
                }
            }
        }
    }

    @Test func anonymousCallersGetNothing() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            for (pattern, target) in Self.readRoutes {
                let path = pattern.replacingOccurrences(of: "{id}", with: String(id(fixture.inside, target)))
                try await tester.test(.GET, path) { response in
                    #expect([.unauthorized, .seeOther, .found].contains(response.status), "\(path): \(response.status)")
                    #expect(!response.body.string.contains(fixture.inside.studentName))
                }
            }
        }
    }

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
