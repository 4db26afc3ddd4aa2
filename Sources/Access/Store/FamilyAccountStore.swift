import EduCore
import Foundation
import SQLKit
import Storage

/// Guardians' accounts: a phone number proven by a one-time code, never a password and never a child's ID or date
/// of birth (those are not secrets). The account reaches the children whose school recorded that phone as their
/// guardian's. Only the phone's keyed hash (lookup) and its ciphertext are stored; codes only as keyed hashes.
///
/// A code is bound to the challenge it was sent for (the browser that asked holds the challenge), lives five minutes,
/// works once, and allows five guesses. Codes do not void each other, so a stranger asking for codes cannot cancel the
/// guardian's. Within fifteen minutes a phone gets three codes asked from one address and ten in all, an address thirty;
/// and ten wrong guesses on a phone's codes, or fifty from an address, stop every code until the window passes
/// (ASVS 6.5.1, 6.5.5, 6.6.3).
public struct FamilyAccountStore: Sendable {
    public struct Account: Sendable, Equatable {
        public let id: Int
        public let phone: PhoneNumber
    }

    public struct Session: Sendable {
        public let principal: Principal
        public let account: Account
        public let csrfToken: String
    }

    /// A code to deliver to `phone`, and the challenge the asking browser keeps: only the two together sign in.
    public struct Challenge: Sendable {
        public let token: String
        public let code: String
        public let phone: PhoneNumber
        public let expiresAt: Date
    }

    public static let codeLifetime: TimeInterval = 5 * 60
    public static let absoluteLifetime = SessionTable.absoluteLifetime
    public static let guessesPerCode = 5
    public static let codesPerPhoneAndOrigin = 3
    public static let codesPerPhone = 10
    public static let codesPerOrigin = 30
    public static let wrongGuessesPerPhone = 10
    public static let wrongGuessesPerOrigin = 50

    public static let migration = SchemaMigration("0021_family_accounts", [
        """
        CREATE TABLE family_accounts (
            id {{id}}, phone_hash TEXT NOT NULL UNIQUE, phone_enc TEXT NOT NULL, created_at TEXT NOT NULL, last_sign_in_at TEXT
        )
        """,
        """
        CREATE TABLE sign_in_codes (
            challenge_hash TEXT PRIMARY KEY, phone_hash TEXT NOT NULL, phone_enc TEXT NOT NULL, code_hash TEXT NOT NULL, created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL, guesses INTEGER NOT NULL DEFAULT 0, used_at TEXT
        )
        """,
        "CREATE INDEX sign_in_codes_phone ON sign_in_codes (phone_hash)",
        """
        CREATE TABLE family_sessions (
            token_hash TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES family_accounts(id), csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL
        )
        """,
    ])

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    private var sessions: SessionTable { SessionTable(table: "family_sessions", owner: "account_id", database: database) }

    // MARK: codes

    /// A fresh code for `phone`; nil when the phone or the address has asked too often.
    /// Any well-formed number gets a code: whether it belongs to a guardian shows only after signing in.
    public func requestCode(phone: PhoneNumber, origin: String) async throws -> Challenge? {
        let phoneHash = cipher.lookupHash(phone.digits)
        let anonymous = Actor(name: "anonymous", origin: origin)
        let attempts = Attempts(database: database)
        guard try await attempts.count("code-phone:\(phoneHash):\(origin)") <= Self.codesPerPhoneAndOrigin,
              try await attempts.count("code-phone:" + phoneHash) <= Self.codesPerPhone,
              try await attempts.count("code-ip:" + origin) <= Self.codesPerOrigin else {
            try await AuditLog(database).append(AuditEvent(action: "code_throttled", entity: "family_phone", entityID: phoneHash), by: anonymous)
            return nil
        }
        let now = Date()
        // A code row outlives its code by a day at most: the table keeps no list of the numbers people typed.
        try await database.raw("""
            DELETE FROM sign_in_codes WHERE expires_at < \(bind: Timestamp.string(now.addingTimeInterval(-86_400)))
            """).run()
        let challenge = Challenge(token: Secret.make(), code: Self.makeCode(), phone: phone, expiresAt: now.addingTimeInterval(Self.codeLifetime))
        try await database.raw("""
            INSERT INTO sign_in_codes (challenge_hash, phone_hash, phone_enc, code_hash, created_at, expires_at)
            VALUES (\(bind: Secret.digest(challenge.token)), \(bind: phoneHash), \(bind: try cipher.seal(phone.digits)),
                    \(bind: codeHash(challenge.token, challenge.code)),
                    \(bind: Timestamp.string(now)), \(bind: Timestamp.string(challenge.expiresAt)))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "code_sent", entity: "family_phone", entityID: phoneHash), by: anonymous)
        return challenge
    }

    /// Takes back a code that could not be delivered, so it cannot be used and the phone's allowance is not spent.
    public func withdraw(_ challenge: Challenge) async throws {
        try await database.raw("""
            UPDATE sign_in_codes SET used_at = \(bind: Timestamp.now) WHERE challenge_hash = \(bind: Secret.digest(challenge.token))
            """).run()
        try await Attempts(database: database).takeBack("code-phone:" + cipher.lookupHash(challenge.phone.digits))
    }

    /// The account the code signs in to (made on its first sign-in), or nil: wrong code, another challenge's code,
    /// expired, used, out of guesses, or too many wrong guesses on the phone or from the address, all alike. The guess
    /// is counted before the code is compared, and the code is spent by one conditional update, so two requests with
    /// the right code cannot both sign in.
    public func verify(challenge token: String, code: String, origin: String) async throws -> Account? {
        let anonymous = Actor(name: "anonymous", origin: origin)
        let attempts = Attempts(database: database)
        // Past the address's limit nothing more is written, so junk requests cannot flood the audit trail.
        guard try await attempts.current("guess-ip:" + origin) < Self.wrongGuessesPerOrigin else { return nil }
        let now = Timestamp.now
        struct Row: Decodable { let phoneHash: String; let phoneEnc: String; let codeHash: String }
        guard let row = try await database.raw("""
            UPDATE sign_in_codes SET guesses = guesses + 1
            WHERE challenge_hash = \(bind: Secret.digest(token)) AND used_at IS NULL AND expires_at > \(bind: now)
                AND guesses < \(bind: Self.guessesPerCode)
            RETURNING phone_hash, phone_enc, code_hash
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else {
            _ = try await attempts.count("guess-ip:" + origin)
            try await AuditLog(database).append(AuditEvent(action: "login_failed", entity: "family_account", entityID: "unknown"), by: anonymous)
            return nil
        }
        let typed = code.filter { !$0.isWhitespace }
        guard try await attempts.current("guess-phone:" + row.phoneHash) < Self.wrongGuessesPerPhone,
              codeHash(token, typed) == row.codeHash, try await database.raw("""
            UPDATE sign_in_codes SET used_at = \(bind: now) WHERE challenge_hash = \(bind: Secret.digest(token)) AND used_at IS NULL
            RETURNING challenge_hash
            """).first() != nil else {
            _ = try await attempts.count("guess-phone:" + row.phoneHash)
            _ = try await attempts.count("guess-ip:" + origin)
            try await AuditLog(database).append(AuditEvent(action: "login_failed", entity: "family_phone", entityID: row.phoneHash), by: anonymous)
            return nil
        }
        // Two first sign-ins of one phone at once make one account.
        try await database.raw("""
            INSERT INTO family_accounts (phone_hash, phone_enc, created_at) VALUES (\(bind: row.phoneHash), \(bind: row.phoneEnc), \(bind: now))
            ON CONFLICT (phone_hash) DO NOTHING
            """).run()
        let account = try await account(phoneHash: row.phoneHash)!
        try await database.raw("UPDATE family_accounts SET last_sign_in_at = \(bind: now) WHERE id = \(bind: account.id)").run()
        try await attempts.forget("guess-phone:" + row.phoneHash)
        try await AuditLog(database).append(AuditEvent(action: "login", entity: "family_account", entityID: String(account.id)),
                                            by: Actor(name: "family:\(account.id)", origin: origin))
        return account
    }

    // MARK: accounts and sessions

    public func account(id: Int) async throws -> Account? {
        try await database.raw("SELECT id, phone_enc FROM family_accounts WHERE id = \(bind: id)")
            .first(decoding: AccountRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(decode)
    }

    public func startSession(accountID: Int) async throws -> (token: String, csrf: String) {
        try await sessions.start(ownerID: accountID)
    }

    public func session(token: String) async throws -> Session? {
        guard let live = try await sessions.live(token: token), let account = try await account(id: live.ownerID) else { return nil }
        // Named by the account's number, so the audit trail holds no part of the phone.
        return Session(principal: Principal(kind: .family, id: account.id, name: String(account.id), grants: []),
                       account: account, csrfToken: live.csrf)
    }

    public func endSession(token: String) async throws {
        try await sessions.end(token: token)
    }

    // MARK: helpers

    /// Six decimal digits from the system's CSPRNG (about 20 bits, ASVS 6.5.4); guesses are limited per code.
    static func makeCode() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = UInt32.random(in: 0..<1_000_000, using: &generator)
        return String(repeating: "0", count: 6 - String(value).count) + String(value)
    }

    /// Keyed, and bound to the challenge: a code sent for one browser's request is worthless with another's.
    private func codeHash(_ challenge: String, _ code: String) -> String {
        cipher.lookupHash("sign-in-code:\(Secret.digest(challenge)):\(code)")
    }

    private func account(phoneHash: String) async throws -> Account? {
        try await database.raw("SELECT id, phone_enc FROM family_accounts WHERE phone_hash = \(bind: phoneHash)")
            .first(decoding: AccountRow.self, keyDecodingStrategy: .convertFromSnakeCase).map(decode)
    }

    private func decode(_ row: AccountRow) throws -> Account {
        guard let phone = PhoneNumber(try cipher.open(row.phoneEnc)) else {
            throw EduError("crypto.corrupt", vi: "Dữ liệu mã hoá bị hỏng", en: "Encrypted data is corrupt")
        }
        return Account(id: row.id, phone: phone)
    }

    private struct AccountRow: Decodable { let id: Int; let phoneEnc: String }
}
