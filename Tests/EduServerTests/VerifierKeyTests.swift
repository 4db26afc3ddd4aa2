import Access
import Credentials
import EduCore
import EduServer
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// Employers' lookup keys: a daily quota instead of the address's limit, spent exactly even under parallel requests,
/// and refused once revoked.
@Suite struct VerifierKeyTests {
    @Test func aKeyHasItsOwnQuotaAndEndsWhenRevoked() async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            let store = VerifierKeyStore(fixture.db.database.sql)
            let key = try await store.create(organisation: "Công ty TNHH Tuyển dụng Hải Phòng", dailyQuota: 25, by: .commandLine)
            #expect(key.secret.hasPrefix("evk_"))
            let tester = try fixture.app.testing()
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.bearerAuthorization = BearerAuthorization(token: key.secret)
            let body = try JSONBody.encode(["serial": "AB0012345", "full_name": "Nguyễn Văn An", "date_of_birth": "1987-03-04"])
            // More than an address's burst of 20: the key's quota applies instead.
            for left in (0..<25).reversed() {
                try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: body) { response in
                    #expect(response.status == .ok && response.headers.first(name: "X-Quota-Remaining") == String(left))
                }
            }
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: body) { response in
                #expect(response.status == .tooManyRequests && response.headers.first(name: .retryAfter) != nil)
            }
            var stranger = headers
            stranger.bearerAuthorization = BearerAuthorization(token: "evk_unknown")
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: stranger, body: body) { response in
                #expect(response.status == .unauthorized)
            }
            let other = try await store.create(organisation: "Trường Đại học Hải Phòng", dailyQuota: 5, by: .commandLine)
            try await store.revoke(id: other.id, by: .commandLine)
            headers.bearerAuthorization = BearerAuthorization(token: other.secret)
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: body) { response in
                #expect(response.status == .unauthorized, "a revoked key")
            }
            // Counts reach the database with the first lookup a second later.
            try await Task.sleep(for: VerifierKeyMeter.interval + .milliseconds(100))
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: HTTPHeaders([("Authorization", "Bearer \(key.secret)"), ("Content-Type", "application/json")]),
                                  body: body) { response in #expect(response.status == .tooManyRequests) }
            #expect(try await store.usage()[key.id] == 25)
            let attempts = try await AuditLog(fixture.db.database.sql).entries(entity: "verifier_key", entityID: "unknown")
            #expect(attempts.count == 2 && attempts.allSatisfy { $0.action == "login_failed" }, "every wrong or revoked key is audited")
        }
    }

    /// Parallel lookups with one key never pass its quota, and a new day brings a new one.
    @Test func theQuotaHoldsUnderParallelRequests() async throws {
        try await TestDatabase.with { db in
            let store = VerifierKeyStore(db.database.sql)
            let key = try await store.create(organisation: "Công ty A", dailyQuota: 5, by: .commandLine)
            let day = CalendarDate(year: 2026, month: 11, day: 23)!
            let sql = db.database.sql
            let meter = VerifierKeyMeter(today: day) { sql }
            let admitted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<12 {
                    group.addTask {
                        if case .admitted = try await meter.admit(secret: key.secret, today: day) { return true }
                        return false
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(admitted == 5)
            let nextDay = CalendarDate(year: 2026, month: 11, day: 24)!
            #expect(try await meter.admit(secret: key.secret, today: nextDay) == .admitted(keyID: key.id, remaining: 4), "a new day, a new quota")
            #expect(try await store.usage(on: day)[key.id] == 5, "the day's lookups written when the day changed")
        }
    }

    /// Two instances on one database: each counts in memory, and what one has written the other respects.
    @Test func instancesShareTheQuotaThroughTheDatabase() async throws {
        try await TestDatabase.with { db in
            let store = VerifierKeyStore(db.database.sql)
            let key = try await store.create(organisation: "Công ty B", dailyQuota: 5, by: .commandLine)
            let sql = db.database.sql
            let one = VerifierKeyMeter { sql }, other = VerifierKeyMeter { sql }
            for left in (2..<5).reversed() {
                #expect(try await one.admit(secret: key.secret) == .admitted(keyID: key.id, remaining: left))
            }
            try await one.write()
            #expect(try await other.admit(secret: key.secret) == .admitted(keyID: key.id, remaining: 1))
            #expect(try await other.admit(secret: key.secret) == .admitted(keyID: key.id, remaining: 0))
            #expect(try await other.admit(secret: key.secret) == .overQuota)
            try await other.write()
            #expect(try await store.usage()[key.id] == 5)
            try await store.revoke(id: key.id, by: .commandLine)
            try await one.write()
            #expect(try await one.admit(secret: key.secret) == .unknown, "a revoked key stops at the next write")
            #expect(try await one.admit(secret: "evk_nothing") == .unknown)
        }
    }
}
