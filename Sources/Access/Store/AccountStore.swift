import Crypto
import EduCore
import Foundation
import SQLKit
import Storage

/// Accounts, their grants, sessions and API tokens. Session and token secrets are stored
/// only as SHA-256 hashes; everything lives in the database so every instance agrees.
public struct AccountStore: Sendable {
    public struct User: Codable, Sendable, Equatable {
        public let id: Int
        public let username: String
        public let displayName: String
        public let status: String
        public let staffId: Int?
    }

    public struct Session: Sendable {
        public let principal: Principal
        public let csrfToken: String
    }

    public struct APIToken: Codable, Sendable {
        public let id: Int
        public let name: String
        public let role: String
        public let unitId: Int?
        public let schoolId: Int?
        public let canWrite: Int
        public let revokedAt: String?
    }

    public static let migration = SchemaMigration("0003_accounts", [
        """
        CREATE TABLE users (
            id {{id}}, username TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL, password_hash TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'active', staff_id BIGINT, created_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE grants (
            id {{id}}, user_id BIGINT NOT NULL REFERENCES users(id), role TEXT NOT NULL,
            unit_id BIGINT, school_id BIGINT, staff_id BIGINT
        )
        """,
        "CREATE INDEX grants_user ON grants (user_id)",
        """
        CREATE TABLE sessions (
            token_hash TEXT PRIMARY KEY, user_id BIGINT NOT NULL REFERENCES users(id), csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL, expires_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE api_tokens (
            id {{id}}, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
            unit_id BIGINT, school_id BIGINT, can_write INTEGER NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT
        )
        """,
        "CREATE TABLE login_throttle (key TEXT PRIMARY KEY, failures INTEGER NOT NULL, window_start TEXT NOT NULL)",
    ])

    /// A session ends after 30 minutes without use, and after 12 hours in any case (ASVS 7.3).
    public static let idleTimeout = SessionTable.idleTimeout
    public static let absoluteLifetime = SessionTable.absoluteLifetime
    /// Five failed attempts within 15 minutes lock that username (from any address) for the rest
    /// of the window; fifty lock an address (a school behind one NAT address shares it). The
    /// response never says which.
    public static let maxFailures = 5
    public static let maxFailuresPerOrigin = 50
    public static let throttleWindow = Attempts.window

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    // MARK: users

    public func createUser(username: String, displayName: String, passwordHash: String,
                           grants: [Grant], by actor: Actor) async throws -> User {
        let name = username.lowercased()
        guard name.range(of: "^[a-z0-9._-]{3,64}$", options: .regularExpression) != nil else {
            throw EduError("user.username", vi: "Tên đăng nhập chỉ gồm a-z, 0-9, . _ - (3-64 ký tự)",
                           en: "Usernames use a-z, 0-9, . _ - (3-64 characters)")
        }
        if try await user(username: name) != nil {
            throw EduError("user.exists", vi: "Tên đăng nhập đã tồn tại", en: "That username is taken")
        }
        let row = try await database.raw("""
            INSERT INTO users (username, display_name, password_hash, created_at)
            VALUES (\(bind: name), \(bind: PersonName.normalized(displayName)), \(bind: passwordHash), \(bind: Timestamp.now))
            RETURNING id
            """).first(decoding: IDRow.self)!
        for grant in grants { try await add(grant, toUser: row.id) }
        try await AuditLog(database).append(AuditEvent(action: "create", entity: "user", entityID: String(row.id),
                                                      after: "\(name) \(grants.map(Self.describe).joined(separator: ","))"), by: actor)
        return try await user(id: row.id)!
    }

    /// Gives an account one more role, audited; it holds from the account's next request. A role the account holds
    /// already, in the same place, is refused; run in a transaction, two requests at once cannot both give it.
    public func grant(_ grant: Grant, toUser userID: Int, by actor: Actor) async throws {
        try await hold(userID: userID)
        if try await grants(userID: userID).contains(grant) {
            throw EduError("user.grant_exists", vi: "Tài khoản đã có vai trò này ở đây", en: "The account already has this role there")
        }
        try await add(grant, toUser: userID)
        try await AuditLog(database).append(AuditEvent(action: "grant", entity: "user", entityID: String(userID), after: Self.describe(grant)),
                                            by: actor)
    }

    /// Holds the account's row to the end of the transaction (PostgreSQL `FOR UPDATE`; SQLite has one writer), so that
    /// changes to one account's roles take turns: two at once cannot both pass a check made on the roles it holds.
    public func hold(userID: Int) async throws {
        guard Dialect(database) == .postgres else { return }
        try await database.raw("SELECT id FROM users WHERE id = \(bind: userID) FOR UPDATE").run()
    }

    /// Takes one of an account's roles back, audited; false when the account has no such grant.
    public func revoke(grantID: Int, ofUser userID: Int, by actor: Actor) async throws -> Bool {
        guard let row = try await database.raw("""
            SELECT role, unit_id, school_id, staff_id FROM grants WHERE id = \(bind: grantID) AND user_id = \(bind: userID)
            """).first(decoding: GrantRow.self, keyDecodingStrategy: .convertFromSnakeCase), let role = Role(rawValue: row.role) else { return false }
        try await database.raw("DELETE FROM grants WHERE id = \(bind: grantID)").run()
        let grant = Grant(role: role, unitID: row.unitId, schoolID: row.schoolId, staffID: row.staffId)
        try await AuditLog(database).append(AuditEvent(action: "revoke_grant", entity: "user", entityID: String(userID), before: Self.describe(grant)),
                                            by: actor)
        return true
    }

    /// `teacher@school:12/staff:40`, as the audit trail names a role and the staff record it acts as.
    static func describe(_ grant: Grant) -> String {
        "\(grant.role.rawValue)@\(grant.unitID.map { "unit:\($0)" } ?? grant.schoolID.map { "school:\($0)" } ?? "department")"
            + (grant.staffID.map { "/staff:\($0)" } ?? "")
    }

    public func add(_ grant: Grant, toUser userID: Int) async throws {
        try await database.raw("""
            INSERT INTO grants (user_id, role, unit_id, school_id, staff_id)
            VALUES (\(bind: userID), \(bind: grant.role.rawValue), \(bind: grant.unitID), \(bind: grant.schoolID), \(bind: grant.staffID))
            """).run()
    }

    public func user(username: String) async throws -> User? {
        try await database.raw("SELECT id, username, display_name, status, staff_id FROM users WHERE username = \(bind: username.lowercased())")
            .first(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func user(id: Int) async throws -> User? {
        try await database.raw("SELECT id, username, display_name, status, staff_id FROM users WHERE id = \(bind: id)")
            .first(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Accounts in username order; a page of them: those whose username starts with `prefix` (usernames are lower
    /// case), after the username `after`, at most `limit` (all when nil, for the command line).
    public func users(prefix: String = "", after: String = "", limit: Int? = nil) async throws -> [User] {
        let prefix = prefix.lowercased()
        // substr, not a range or LIKE: right under any collation, with nothing in the prefix to escape.
        let prefixFilter: SQLQueryString = prefix.isEmpty ? "1 = 1" : "substr(username, 1, \(literal: prefix.unicodeScalars.count)) = \(bind: prefix)"
        let page: SQLQueryString = limit.map { "LIMIT \(literal: $0)" } ?? ""
        return try await database.raw("""
            SELECT id, username, display_name, status, staff_id FROM users
            WHERE \(prefixFilter) AND username > \(bind: after) ORDER BY username \(page)
            """).all(decoding: User.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func grants(userID: Int) async throws -> [Grant] {
        try await database.raw("SELECT role, unit_id, school_id, staff_id FROM grants WHERE user_id = \(bind: userID) ORDER BY id")
            .all(decoding: GrantRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            .compactMap { row in Role(rawValue: row.role).map { Grant(role: $0, unitID: row.unitId, schoolID: row.schoolId, staffID: row.staffId) } }
    }

    public func setPassword(userID: Int, passwordHash: String, by actor: Actor) async throws {
        try await database.raw("UPDATE users SET password_hash = \(bind: passwordHash) WHERE id = \(bind: userID)").run()
        // A new password ends every session of that account (ASVS 7.4.3).
        try await sessions.endAll(ownerID: userID)
        try await AuditLog(database).append(AuditEvent(action: "reset_password", entity: "user", entityID: String(userID)), by: actor)
    }

    public func setStatus(userID: Int, active: Bool, by actor: Actor) async throws {
        try await database.raw("UPDATE users SET status = \(bind: active ? "active" : "disabled") WHERE id = \(bind: userID)").run()
        if !active { try await sessions.endAll(ownerID: userID) }
        try await AuditLog(database).append(AuditEvent(action: active ? "enable" : "disable", entity: "user", entityID: String(userID)), by: actor)
    }

    // MARK: login

    /// Checks a password with throttling by username and by origin. Returns the user on success.
    /// Every outcome but success looks the same to the caller. The attempt is counted before the
    /// password is checked, in one statement, so parallel guesses cannot all slip under the limit;
    /// a success takes its count back.
    public func authenticate(username: String, password: String, origin: String,
                             hasher: any PasswordHasher) async throws -> User? {
        let name = username.lowercased()
        let row = try await database.raw("SELECT id, password_hash, status FROM users WHERE username = \(bind: name)")
            .first(decoding: PasswordRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        // What people type as a username may be a password or a personal ID: the audit log only
        // ever records the id of an existing account.
        let subject = row.map { String($0.id) } ?? "unknown"
        let anonymous = Actor(name: "anonymous", origin: origin)
        // The throttle key holds a digest too, for the same reason.
        let userKey = "user:" + Secret.digest(name)
        let attempts = Attempts(database: database)
        let userCount = try await attempts.count(userKey)
        let originCount = try await attempts.count("ip:\(origin)")
        if userCount > Self.maxFailures || originCount > Self.maxFailuresPerOrigin {
            try await AuditLog(database).append(AuditEvent(action: "login_throttled", entity: "user", entityID: subject), by: anonymous)
            return nil
        }
        // An unknown user still costs one hash, so timing does not reveal which usernames exist.
        let ok = try row.map { try hasher.verify(password, against: $0.passwordHash) } ?? (try hasher.hash(password)).isEmpty
        guard ok, let row, row.status == "active" else {
            try await AuditLog(database).append(AuditEvent(action: "login_failed", entity: "user", entityID: subject), by: anonymous)
            return nil
        }
        try await attempts.forget(userKey)
        try await attempts.takeBack("ip:\(origin)")
        try await AuditLog(database).append(AuditEvent(action: "login", entity: "user", entityID: String(row.id)),
                                            by: Actor(name: "user:\(name)", origin: origin))
        return try await user(id: row.id)
    }

    // MARK: sessions

    private var sessions: SessionTable { SessionTable(table: "sessions", owner: "user_id", database: database) }

    /// Starts a session and returns its secret token (for the cookie) with the CSRF token.
    public func startSession(userID: Int) async throws -> (token: String, csrf: String) {
        try await sessions.start(ownerID: userID)
    }

    /// The session for a cookie token, if it is live and its account active; touching it extends the idle timeout.
    public func session(token: String) async throws -> Session? {
        guard let live = try await sessions.live(token: token), let user = try await user(id: live.ownerID),
              user.status == "active" else { return nil }
        let principal = Principal(kind: .user, id: user.id, name: user.username, grants: try await grants(userID: user.id))
        return Session(principal: principal, csrfToken: live.csrf)
    }

    public func endSession(token: String) async throws {
        try await sessions.end(token: token)
    }

    // MARK: API tokens

    /// Creates a token acting with `role` in one scope; returns the secret once (only its hash is kept).
    public func createToken(name: String, role: Role, unitID: Int?, schoolID: Int?, canWrite: Bool,
                            by actor: Actor) async throws -> (id: Int, secret: String) {
        let secret = "evn_" + Secret.make()
        let row = try await database.raw("""
            INSERT INTO api_tokens (name, token_hash, role, unit_id, school_id, can_write, created_at)
            VALUES (\(bind: name), \(bind: Secret.digest(secret)), \(bind: role.rawValue), \(bind: unitID), \(bind: schoolID),
                    \(bind: canWrite ? 1 : 0), \(bind: Timestamp.now)) RETURNING id
            """).first(decoding: IDRow.self)!
        try await AuditLog(database).append(AuditEvent(action: "create", entity: "api_token", entityID: String(row.id),
                                                      after: "\(name) \(role.rawValue) write=\(canWrite)"), by: actor)
        return (row.id, secret)
    }

    public func revokeToken(id: Int, by actor: Actor) async throws {
        try await database.raw("UPDATE api_tokens SET revoked_at = \(bind: Timestamp.now) WHERE id = \(bind: id)").run()
        try await AuditLog(database).append(AuditEvent(action: "revoke", entity: "api_token", entityID: String(id)), by: actor)
    }

    public func principal(apiToken secret: String) async throws -> Principal? {
        guard let token = try await database.raw("""
            SELECT id, name, role, unit_id, school_id, can_write, revoked_at FROM api_tokens WHERE token_hash = \(bind: Secret.digest(secret))
            """).first(decoding: APIToken.self, keyDecodingStrategy: .convertFromSnakeCase),
              token.revokedAt == nil, let role = Role(rawValue: token.role) else { return nil }
        return Principal(kind: .token, id: token.id, name: token.name,
                         grants: [Grant(role: role, unitID: token.unitId, schoolID: token.schoolId)],
                         readOnly: token.canWrite == 0)
    }

    private struct GrantRow: Decodable { let role: String; let unitId: Int?; let schoolId: Int?; let staffId: Int? }
    private struct PasswordRow: Decodable { let id: Int; let passwordHash: String; let status: String }
}

/// Random secrets (256 bits from the system CSPRNG) and their stored digests.
public enum Secret {
    public static func make() -> String {
        SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func digest(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)))
    }
}
