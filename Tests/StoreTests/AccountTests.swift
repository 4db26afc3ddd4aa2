import Access
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

    @Test(arguments: ["short", "12345678", String(repeating: "á", count: 40)])
    func weakOrOverlongPasswordsAreRefused(_ password: String) {
        #expect(PasswordPolicy.problem(password) != nil)
    }

    @Test func aLongPassphraseIsAccepted() {
        #expect(PasswordPolicy.problem("học sinh chăm ngoan 2026") == nil)
    }
}
