import Access
import SQLKit
import Storage
import Testing
import TestSupport

@Suite struct AccountTests {
    @Test func disablingAnAccountEndsItsSessions() async throws {
        try await TestDatabase.with { db in
            let accounts = AccountStore(db.database.sql)
            let user = try await accounts.createUser(username: "gv.an", displayName: "Nguyễn Văn An", passwordHash: "x",
                                                     grants: [Grant(role: .auditor)], by: .commandLine)
            let session = try await accounts.startSession(userID: user.id)
            #expect(try await accounts.session(token: session.token)?.principal.name == "gv.an")
            try await accounts.setStatus(userID: user.id, active: false, by: .commandLine)
            #expect(try await accounts.session(token: session.token) == nil)
            try await accounts.setStatus(userID: user.id, active: true, by: .commandLine)
            #expect(try await accounts.session(token: session.token) == nil, "an ended session stays ended")
        }
    }

    @Test func aPasswordResetEndsEverySession() async throws {
        try await TestDatabase.with { db in
            let accounts = AccountStore(db.database.sql)
            let user = try await accounts.createUser(username: "gv.binh", displayName: "Trần Thị Bình", passwordHash: "x",
                                                     grants: [], by: .commandLine)
            let first = try await accounts.startSession(userID: user.id), second = try await accounts.startSession(userID: user.id)
            try await accounts.setPassword(userID: user.id, passwordHash: "y", by: .commandLine)
            #expect(try await accounts.session(token: first.token) == nil)
            #expect(try await accounts.session(token: second.token) == nil)
        }
    }

    /// Changes to one account's roles take turns: a second transaction that holds the account waits for the first to
    /// end, then sees the roles as the first left them (so two requests cannot each take one of its last two roles).
    @Test func holdingAnAccountMakesRoleChangesTakeTurns() async throws {
        try await TestDatabase.with { db in
            let database = db.database
            let user = try await AccountStore(database.sql).createUser(username: "qt.an", displayName: "Lê Văn An", passwordHash: "x",
                                                                       grants: [Grant(role: .departmentAdmin), Grant(role: .auditor)], by: .commandLine)
            let second = try await database.transaction { first in
                let accounts = AccountStore(first)
                try await accounts.hold(userID: user.id)
                let second = Task {
                    try await database.transaction { tx in
                        try await AccountStore(tx).hold(userID: user.id)
                        return try await AccountStore(tx).grants(userID: user.id).map(\.role)
                    }
                }
                // Time for the second to read, were it not held back.
                try await Task.sleep(for: .milliseconds(300))
                struct Row: Decodable { let id: Int }
                let auditor = try #require(try await first.raw("SELECT id FROM grants WHERE user_id = \(bind: user.id) AND role = 'auditor'")
                    .first(decoding: Row.self))
                #expect(try await accounts.revoke(grantID: auditor.id, ofUser: user.id, by: .commandLine))
                return second
            }
            #expect(try await second.value == [.departmentAdmin])
        }
    }

    @Test(arguments: ["short", "12345678", String(repeating: "á", count: 40)])
    func weakOrOverlongPasswordsAreRefused(_ password: String) {
        #expect(PasswordPolicy.problem(password) != nil)
    }

    @Test func aLongPassphraseIsAccepted() {
        #expect(PasswordPolicy.problem("học sinh chăm ngoan 2026") == nil)
    }
}

/// Compares plain text: enough to drive `authenticate` without bcrypt's cost.
private struct PlainHasher: PasswordHasher {
    func hash(_ password: String) throws -> String { "plain:" + password }
    func verify(_ password: String, against hash: String) throws -> Bool { hash == "plain:" + password }
}

@Suite struct LoginRecordTests {
    /// People type passwords or personal IDs into the username box: neither the audit log nor the
    /// throttle table may keep what was typed.
    @Test func whatWasTypedAsAUsernameIsNotStored() async throws {
        try await TestDatabase.with { db in
            let accounts = AccountStore(db.database.sql)
            let typed = "031217000001"
            #expect(try await accounts.authenticate(username: typed, password: "wrong-password", origin: "10.0.0.1", hasher: PlainHasher()) == nil)
            let leaks = try await db.database.sql.raw("""
                SELECT key AS found FROM login_throttle WHERE key LIKE \(bind: "%\(typed)%")
                UNION ALL SELECT entity_id AS found FROM audit_log WHERE entity_id LIKE \(bind: "%\(typed)%")
                """).all()
            #expect(leaks.isEmpty)
            let throttled = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM login_throttle").first(decoding: CountRow.self)!.n
            #expect(throttled == 2, "the attempt was still counted, by username digest and by address")
        }
    }

    @Test func theSixthFailureLocksTheAccountEvenForTheRightPassword() async throws {
        try await TestDatabase.with { db in
            let accounts = AccountStore(db.database.sql)
            _ = try await accounts.createUser(username: "gv.cuc", displayName: "Lê Thị Cúc", passwordHash: "plain:right-password",
                                              grants: [], by: .commandLine)
            #expect(try await accounts.authenticate(username: "gv.cuc", password: "right-password", origin: "a", hasher: PlainHasher()) != nil)
            for _ in 0..<AccountStore.maxFailures {
                #expect(try await accounts.authenticate(username: "gv.cuc", password: "wrong", origin: "a", hasher: PlainHasher()) == nil)
            }
            #expect(try await accounts.authenticate(username: "GV.CUC", password: "right-password", origin: "b", hasher: PlainHasher()) == nil)
        }
    }
}
