import Foundation
import SQLKit
import Storage

/// Counts attempts per key in a sliding 15-minute window (`login_throttle`), in one statement, so parallel guesses
/// cannot all slip under a limit. Keys are prefixed by what they count ("user:", "ip:", "code-phone:").
struct Attempts {
    static let window: TimeInterval = 15 * 60

    let database: any SQLDatabase

    /// Counts one attempt for `key` in the current window and returns the count.
    func count(_ key: String) async throws -> Int {
        let now = Timestamp.now
        let windowStart = Timestamp.string(Date().addingTimeInterval(-Self.window))
        return try await database.raw("""
            INSERT INTO login_throttle (key, failures, window_start) VALUES (\(bind: key), 1, \(bind: now))
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN login_throttle.window_start < \(bind: windowStart) THEN 1 ELSE login_throttle.failures + 1 END,
                window_start = CASE WHEN login_throttle.window_start < \(bind: windowStart) THEN \(bind: now) ELSE login_throttle.window_start END
            RETURNING failures
            """).first(decoding: FailureCount.self)!.failures
    }

    /// The count for `key` in the current window, without counting.
    func current(_ key: String) async throws -> Int {
        let windowStart = Timestamp.string(Date().addingTimeInterval(-Self.window))
        return try await database.raw("""
            SELECT failures FROM login_throttle WHERE key = \(bind: key) AND window_start >= \(bind: windowStart)
            """).first(decoding: FailureCount.self)?.failures ?? 0
    }

    func forget(_ key: String) async throws {
        try await database.raw("DELETE FROM login_throttle WHERE key = \(bind: key)").run()
    }

    /// Takes one attempt back (a success from a shared address).
    func takeBack(_ key: String) async throws {
        try await database.raw("UPDATE login_throttle SET failures = failures - 1 WHERE key = \(bind: key) AND failures > 0").run()
    }

    private struct FailureCount: Decodable { let failures: Int }
}

/// Session rows (`sessions` for staff, `family_sessions` for families): a token stored as its SHA-256, a CSRF token,
/// an idle timeout of 30 minutes and an absolute lifetime of 12 hours (ASVS 7.3). The owner column is the account.
struct SessionTable {
    static let idleTimeout: TimeInterval = 30 * 60
    static let absoluteLifetime: TimeInterval = 12 * 3600

    /// Table and column names are constants of this module, never input.
    let table: String
    let owner: String
    let database: any SQLDatabase

    /// Starts a session and returns its secret token (for the cookie) with the CSRF token. Sessions past their
    /// lifetime go at the same time, so the table holds only live ones.
    func start(ownerID: Int) async throws -> (token: String, csrf: String) {
        let token = Secret.make(), csrf = Secret.make()
        let now = Date()
        try await database.raw("DELETE FROM \(unsafeRaw: table) WHERE expires_at < \(bind: Timestamp.string(now))").run()
        try await database.raw("""
            INSERT INTO \(unsafeRaw: table) (token_hash, \(unsafeRaw: owner), csrf_token, created_at, last_seen_at, expires_at)
            VALUES (\(bind: Secret.digest(token)), \(bind: ownerID), \(bind: csrf), \(bind: Timestamp.string(now)),
                    \(bind: Timestamp.string(now)), \(bind: Timestamp.string(now.addingTimeInterval(Self.absoluteLifetime))))
            """).run()
        return (token, csrf)
    }

    /// The owner and CSRF token of a live session; touching it extends the idle timeout.
    func live(token: String) async throws -> (ownerID: Int, csrf: String)? {
        struct Row: Decodable { let owner: Int; let csrfToken: String; let lastSeenAt: String; let expiresAt: String }
        let now = Date()
        guard let row = try await database.raw("""
            SELECT \(unsafeRaw: owner) AS owner, csrf_token, last_seen_at, expires_at FROM \(unsafeRaw: table)
            WHERE token_hash = \(bind: Secret.digest(token))
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase),
              row.expiresAt > Timestamp.string(now),
              row.lastSeenAt > Timestamp.string(now.addingTimeInterval(-Self.idleTimeout)) else { return nil }
        try await database.raw("""
            UPDATE \(unsafeRaw: table) SET last_seen_at = \(bind: Timestamp.string(now)) WHERE token_hash = \(bind: Secret.digest(token))
            """).run()
        return (row.owner, row.csrfToken)
    }

    func end(token: String) async throws {
        try await database.raw("DELETE FROM \(unsafeRaw: table) WHERE token_hash = \(bind: Secret.digest(token))").run()
    }

    func endAll(ownerID: Int) async throws {
        try await database.raw("DELETE FROM \(unsafeRaw: table) WHERE \(unsafeRaw: owner) = \(bind: ownerID)").run()
    }
}
