import Access
import Credentials
import EduCore
@testable import EduServer
import Foundation
import Testing
import Vapor
import VaporTesting

/// Employers' keys from the web: an administrator creates one (its secret shown once, and it works on the lookup API),
/// revokes it (it stops working); an auditor reads the list; department staff without administration cannot.
@Suite struct VerifierKeyWebTests {
    @Test func anAdministratorCreatesAndRevokesAKey() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let (staff, staffBody) = fixture.form(["organisation": "Công ty A", "daily": "10"], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/keys", headers: staff, body: staffBody) { response in #expect(response.status == .forbidden) }
            let (bad, badBody) = fixture.form(["organisation": "Công ty A", "daily": "0"], as: .departmentAdmin)
            try await tester.test(.POST, "/credentials/keys", headers: bad, body: badBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("lớn hơn 0"))
            }
            let (create, createBody) = fixture.form(["organisation": "Công ty  Cổ phần   B", "daily": "10"], as: .departmentAdmin)
            var secret = ""
            try await tester.test(.POST, "/credentials/keys", headers: create, body: createBody) { response in
                #expect(response.status == .ok && response.headers.first(name: .cacheControl) == "no-store")
                let html = response.body.string
                secret = html.components(separatedBy: VerifierKeyStore.prefix).dropFirst().first.map { VerifierKeyStore.prefix + $0.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" } } ?? ""
            }
            #expect(secret.count > VerifierKeyStore.prefix.count + 10)
            let lookup = try JSONBody.encode(["serial": "ZZ0000001", "full_name": "Ai Đó", "date_of_birth": "2000-01-01"])
            var headers: HTTPHeaders = ["Authorization": "Bearer \(secret)"]
            headers.contentType = .json
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: lookup) { response in
                #expect(response.status == .notFound && response.headers.first(name: "X-Quota-Remaining") == "9", "the key works")
            }
            try await tester.test(.GET, "/credentials/keys", headers: fixture.headers(.auditor)) { response in
                let html = response.body.string
                #expect(html.contains("Công ty Cổ phần B") && html.contains("1 / 10") && !html.contains(VerifierKeyStore.prefix) && !html.contains("/revoke"))
            }
            let id = try #require(try await VerifierKeyStore(fixture.db.database.sql).keys().first?.id)
            let (revoke, revokeBody) = fixture.form([:], as: .departmentAdmin)
            try await tester.test(.POST, "/credentials/keys/\(id)/revoke", headers: revoke, body: revokeBody) { response in #expect(response.status == .seeOther) }
            try await tester.test(.POST, "/credentials/keys/\(id)/revoke", headers: revoke, body: revokeBody) { response in #expect(response.status == .notFound) }
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: lookup) { response in
                #expect(response.status == .unauthorized, "a revoked key stops at once")
            }
            try await tester.test(.GET, "/credentials/keys", headers: fixture.headers(.schoolAdmin)) { response in #expect(response.status == .forbidden) }
        }
    }
}
