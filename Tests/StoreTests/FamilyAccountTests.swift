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

    @Test func anExpiredCodeAndTheSixthGuessFailButAStrangersRequestVoidsNothing() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            let store = FamilyAccountStore(sql, cipher: db.cipher)
            let expired = try #require(try await store.requestCode(phone: phone, origin: "o"))
            try await sql.raw("UPDATE sign_in_codes SET expires_at = \(bind: Timestamp.string(Date().addingTimeInterval(-1)))").run()
            #expect(try await store.verify(challenge: expired.token, code: expired.code, origin: "o") == nil)

            let guardians = try #require(try await store.requestCode(phone: phone, origin: "guardian"))
            let strangers = try #require(try await store.requestCode(phone: phone, origin: "stranger"))
            let wrong = strangers.code == "000000" ? "111111" : "000000"
            for _ in 1...FamilyAccountStore.guessesPerCode {
                #expect(try await store.verify(challenge: strangers.token, code: wrong, origin: "stranger") == nil)
            }
            #expect(try await store.verify(challenge: strangers.token, code: strangers.code, origin: "stranger") == nil, "out of guesses")
            #expect(try await store.verify(challenge: guardians.token, code: guardians.code, origin: "guardian") != nil,
                    "another request for the same phone does not void the guardian's code")
            let failures = try await sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'login_failed'").first()!
                .decode(column: "n", as: Int.self)
            #expect(failures == 7)
        }
    }

    /// Guessing across many codes does not multiply the guesses: ten wrong ones stop the phone's codes for the window.
    @Test func tenWrongGuessesOnAPhoneStopEvenTheRightCode() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            for round in 0..<2 {
                let challenge = try #require(try await store.requestCode(phone: phone, origin: "o\(round)"))
                let wrong = challenge.code == "000000" ? "111111" : "000000"
                for _ in 1...FamilyAccountStore.guessesPerCode {
                    #expect(try await store.verify(challenge: challenge.token, code: wrong, origin: "o\(round)") == nil)
                }
            }
            let last = try #require(try await store.requestCode(phone: phone, origin: "o3"))
            #expect(try await store.verify(challenge: last.token, code: last.code, origin: "o3") == nil)
            let other = try #require(try await store.requestCode(phone: PhoneNumber("0987654321")!, origin: "o3"))
            #expect(try await store.verify(challenge: other.token, code: other.code, origin: "o3") != nil, "another phone is not held up")
        }
    }

    @Test func codesAreLimitedPerPhoneAndAddressAndAnUndeliveredOneIsGivenBack() async throws {
        try await TestDatabase.with { db in
            let store = FamilyAccountStore(db.database.sql, cipher: db.cipher)
            var last: FamilyAccountStore.Challenge?
            for _ in 1...FamilyAccountStore.codesPerPhoneAndOrigin {
                last = try #require(try await store.requestCode(phone: phone, origin: "o"))
            }
            #expect(try await store.requestCode(phone: phone, origin: "o") == nil)
            #expect(try await store.requestCode(phone: PhoneNumber("0987654321")!, origin: "o") != nil, "another phone is not held up")
            #expect(try await store.requestCode(phone: phone, origin: "elsewhere") != nil, "nor the phone from another address")
            for index in 0..<(FamilyAccountStore.codesPerPhone - FamilyAccountStore.codesPerPhoneAndOrigin - 1) {
                #expect(try await store.requestCode(phone: phone, origin: "x\(index)") != nil)
            }
            // Ten codes in the window: the phone is at its limit from anywhere.
            #expect(try await store.requestCode(phone: phone, origin: "y") == nil)
            try await db.database.sql.raw("""
                UPDATE login_throttle SET failures = \(bind: FamilyAccountStore.codesPerPhone) WHERE key = \(bind: "code-phone:" + db.cipher.lookupHash(phone.digits))
                """).run()
            try await store.withdraw(last!)
            #expect(try await store.verify(challenge: last!.token, code: last!.code, origin: "o") == nil)
            #expect(try await store.requestCode(phone: phone, origin: "z") != nil)
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
