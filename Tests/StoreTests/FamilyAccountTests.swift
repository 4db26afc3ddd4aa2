import Access
import EduCore
import Foundation
import SQLKit
import Storage
import Testing
import TestSupport

/// Guardians sign in with a one-time code: once, within its lifetime, with the challenge it was sent for, in few guesses.
@Suite struct FamilyAccountTests {
    let phone = PhoneNumber("0912345678")!

    @Test func theRightCodeSignsInOnceAndTheAccountIsTheSameNextTime() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            let first = try #require(try await store.requestCode(phone: phone, origin: "10.0.0.1"))
            #expect(first.code.count == 6 && first.code.allSatisfy(\.isNumber))
            let account = try #require(try await store.verify(challenge: first.token, code: first.code, origin: "10.0.0.1"))
            #expect(account.phone == phone)
            #expect(try await store.verify(challenge: first.token, code: first.code, origin: "10.0.0.1") == nil, "a code works once")
            let second = try #require(try await store.requestCode(phone: PhoneNumber("+84 912 345 678")!, origin: "10.0.0.1"))
            #expect(try await store.verify(challenge: second.token, code: " \(second.code) ", origin: "10.0.0.1")?.id == account.id)

            let session = try await store.startSession(accountID: account.id)
            let live = try #require(try await store.session(token: session.token))
            #expect(live.principal.kind == .family && live.principal.grants.isEmpty, "a family reaches nothing of the staff's")
            #expect(live.principal.actor(origin: "o").name == "family:\(account.id)", "no part of the phone in the audit trail")
            try await store.endSession(token: session.token)
            #expect(try await store.session(token: session.token) == nil)
        }
    }

    @Test func aCodeIsBoundToItsChallenge() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            let mine = try #require(try await store.requestCode(phone: phone, origin: "10.0.0.1"))
            let theirs = try #require(try await store.requestCode(phone: PhoneNumber("0987654321")!, origin: "10.0.0.2"))
            #expect(try await store.verify(challenge: theirs.token, code: mine.code, origin: "10.0.0.2") == nil || mine.code == theirs.code)
            #expect(try await store.verify(challenge: Secret.make(), code: mine.code, origin: "10.0.0.2") == nil)
            #expect(try await store.verify(challenge: mine.token, code: mine.code, origin: "10.0.0.1") != nil)
        }
    }

    @Test func anExpiredCodeAVoidedCodeAndTheSixthGuessFail() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            let store = FamilyAccountStore(sql, cipher: db.cipher)
            let expired = try #require(try await store.requestCode(phone: phone, origin: "o"))
            try await sql.raw("UPDATE sign_in_codes SET expires_at = \(bind: Timestamp.string(Date().addingTimeInterval(-1)))").run()
            #expect(try await store.verify(challenge: expired.token, code: expired.code, origin: "o") == nil)

            let voided = try #require(try await store.requestCode(phone: phone, origin: "o"))
            let fresh = try #require(try await store.requestCode(phone: phone, origin: "o"))
            #expect(try await store.verify(challenge: voided.token, code: voided.code, origin: "o") == nil, "a new code voids the old")

            let wrong = fresh.code == "000000" ? "111111" : "000000"
            for _ in 1...FamilyAccountStore.guessesPerCode {
                #expect(try await store.verify(challenge: fresh.token, code: wrong, origin: "o") == nil)
            }
            #expect(try await store.verify(challenge: fresh.token, code: fresh.code, origin: "o") == nil, "out of guesses")
            let failures = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login_failed'").first()!
                .decode(column: "n", as: Int.self)
            #expect(failures == 8)
        }
    }

    @Test func aPhoneGetsThreeCodesInAWindowAndAnUndeliveredOneIsGivenBack() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            var last: FamilyAccountStore.Challenge?
            for _ in 1...FamilyAccountStore.codesPerPhone {
                last = try #require(try await store.requestCode(phone: phone, origin: "o"))
            }
            #expect(try await store.requestCode(phone: phone, origin: "o") == nil)
            #expect(try await store.requestCode(phone: PhoneNumber("0987654321")!, origin: "o") != nil, "another phone is not held up")

            // The window counts the refused request too; an undelivered code gives one back and cannot be used.
            try await db.database.sql.raw("UPDATE login_throttle SET failures = \(bind: FamilyAccountStore.codesPerPhone) WHERE key LIKE 'code-phone:%'").run()
            try await store.withdraw(last!)
            #expect(try await store.verify(challenge: last!.token, code: last!.code, origin: "o") == nil)
            #expect(try await store.requestCode(phone: phone, origin: "o") != nil)
        }
    }

    @Test func neitherThePhoneNorTheCodeIsStoredInClear() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            let challenge = try #require(try await store.requestCode(phone: phone, origin: "o"))
            _ = try #require(try await store.verify(challenge: challenge.token, code: challenge.code, origin: "o"))
            let leaks = try await db.database.sql.raw("""
                SELECT phone_hash AS found FROM family_accounts WHERE phone_hash || phone_enc LIKE '%0912345678%' OR phone_enc LIKE '%912345678%'
                UNION ALL SELECT code_hash FROM sign_in_codes WHERE code_hash LIKE \(bind: "%\(challenge.code)%")
                    OR challenge_hash = \(bind: challenge.token) OR phone_enc LIKE '%912345678%'
                UNION ALL SELECT entity_id FROM audit_log WHERE entity_id LIKE '%912345678%' OR COALESCE(after, '') LIKE '%912345678%'
                """).all()
            #expect(leaks.isEmpty)
        }
    }

    /// Two requests with the right code at once: one session, never two.
    @Test func theRightCodeSentTwiceAtOnceSignsInOnce() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            let challenge = try #require(try await store.requestCode(phone: phone, origin: "o"))
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<6 {
                    group.addTask { try await store.verify(challenge: challenge.token, code: challenge.code, origin: "o") != nil }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
            let accounts = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM family_accounts").first()!.decode(column: "n", as: Int.self)
            #expect(accounts == 1)
        }
    }
}
