import Access
import EduServer
import Foundation
import Testing
import Vapor
import VaporTesting

@Suite struct OpenAPITests {
    /// The document and the routes must list the same operations.
    @Test func documentMatchesTheRoutes() async throws {
        try await ServerFixture.with { fixture in
            let served = Set(fixture.app.routes.all.compactMap { route -> String? in
                let parts = route.path.map(\.description)
                guard parts.count > 2, parts[0] == "api", parts[1] == "v1" else { return nil }
                let path = "/" + parts.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) \(path)"
            })
            var documented = Set<String>()
            try await fixture.app.testing().test(.GET, "/api/v1/openapi.json") { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as! [String: Any]
                let paths = json["paths"] as! [String: [String: Any]]
                for (path, operations) in paths { for method in operations.keys { documented.insert("\(method) \(path)") } }
            }
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            #expect(served.count >= 15)
        }
    }
}

@Suite struct HTTPTests {
    @Test func everyResponseIsNotCached() async throws {
        try await ServerFixture.with { fixture in
            for path in ["/healthz", "/login", "/students/\(fixture.inside.student)"] {
                try await fixture.app.testing().test(.GET, path, headers: fixture.headers(.departmentAdmin)) { response in
                    #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path)")
                }
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains(#""database":"ok""#))
            }
            try await tester.test(.GET, "/metrics") { response in
                #expect(response.body.string.contains("eduvn_http_requests_total"))
                #expect(!response.body.string.contains(fixture.inside.studentName))
            }
        }
    }

    @Test func pagesAreVietnameseFirstWithAnEnglishSwitch() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.body.string.contains("Cơ sở dữ liệu ngành giáo dục"))
                #expect(response.body.string.contains(#"lang="vi""#))
            }
            try await tester.test(.GET, "/?lang=en", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.body.string.contains("Education sector database"))
                #expect(response.headers.setCookie?["lang"]?.string == "en")
            }
        }
    }

    @Test func formsNeedTheSessionsCSRFToken() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var headers = fixture.headers(.departmentAdmin)
            headers.contentType = .urlEncodedForm
            try await tester.test(.POST, "/students", headers: headers, body: ByteBuffer(string: "q=nguyen")) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/students", headers: headers,
                                  body: ByteBuffer(string: "q=nguyen&csrf=\(fixture.csrf[.departmentAdmin]!)")) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func loginSetsASecureSessionAndThrottlesGuessing() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let good = "username=department-admin&password=m%E1%BA%ADt+kh%E1%BA%A9u+d%C3%A0i+123"
            try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .seeOther)
                let cookie = response.headers.setCookie?["eduvn_session"]
                #expect(cookie?.isHTTPOnly == true)
                #expect(cookie?.isSecure == true)
                #expect(cookie?.sameSite == .strict)
            }
            for _ in 0..<AccountStore.maxFailures {
                try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: "username=department-admin&password=wrong-password")) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            // Now even the right password is refused, with the same answer as a wrong one.
            try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func apiTokensAreScopedAndRevocable() async throws {
        try await ServerFixture.with { fixture in
            let accounts = AccountStore(fixture.db.database.sql)
            let token = try await accounts.createToken(name: "kho dữ liệu", role: .departmentStaff, unitID: nil, schoolID: nil,
                                                       canWrite: false, by: .commandLine)
            let tester = try fixture.app.testing()
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token.secret)", "Content-Type": "application/json"]
            try await tester.test(.GET, "/api/v1/students/\(fixture.outside.student)", headers: headers) { response in
                #expect(response.status == .ok)
            }
            let body = #"{"school_code":"\#(fixture.inside.schoolCode)","full_name":"Phạm Thị Mới","date_of_birth":"2016-01-02","gender":"Nữ","student_code":"TOK1"}"#
            try await tester.test(.POST, "/api/v1/students", headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden, "read-only token")
            }
            try await accounts.revokeToken(id: token.id, by: .commandLine)
            try await tester.test(.GET, "/api/v1/students/\(fixture.outside.student)", headers: headers) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func readingAStudentIsAudited() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.app.testing().test(.GET, "/api/v1/students/\(fixture.inside.student)", headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.status == .ok)
            }
            let entries = try await AuditLog(fixture.db.database.sql).entries(entity: "student", entityID: String(fixture.inside.student))
            #expect(entries.contains { $0.action == "read" && $0.actor == "user:school-admin" })
        }
    }
}
