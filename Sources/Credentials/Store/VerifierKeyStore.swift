import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Keys for employers and other systems that verify diplomas through the API: each names its organisation, carries a
/// daily quota of lookups (Vietnam's calendar day), and is shown once (only its SHA-256 is kept). A key replaces the
/// per-address limit of anonymous lookups; the overall limit still applies.
public struct VerifierKeyStore: Sendable {
    public static let migration = SchemaMigration("0025_verifier_keys", [
        """
        CREATE TABLE verifier_keys (
            id {{id}}, organisation TEXT NOT NULL, key_hash TEXT NOT NULL UNIQUE, daily_quota INTEGER NOT NULL CHECK (daily_quota > 0),
            created_at TEXT NOT NULL, revoked_at TEXT
        )
        """,
        """
        CREATE TABLE verifier_key_usage (
            key_id BIGINT NOT NULL REFERENCES verifier_keys(id), day TEXT NOT NULL, lookups INTEGER NOT NULL, PRIMARY KEY (key_id, day)
        )
        """,
    ])

    public static let prefix = "evk_"
    /// The most lookups a key may make a day: an employer's checks, not a copy of the register.
    public static let quotaLimit = 100_000

    public struct Key: Sendable, Hashable, Decodable {
        public let id: Int
        public let organisation: String
        public let dailyQuota: Int
        public let createdAt: String
        public let revokedAt: String?
    }

    public enum Admission: Sendable, Equatable {
        case unknown
        case overQuota
        case admitted(keyID: Int, remaining: Int)
    }

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// A new key; the secret is returned once.
    public func create(organisation: String, dailyQuota: Int, by actor: Actor) async throws -> (id: Int, secret: String) {
        let name = PersonName.normalized(organisation)
        guard !name.isEmpty, name.count <= 200 else {
            throw EduError("verifier_key.organisation", vi: "Cần tên tổ chức (tối đa 200 ký tự)", en: "The organisation's name is needed (200 characters at most)")
        }
        guard (1...Self.quotaLimit).contains(dailyQuota) else {
            throw EduError("verifier_key.quota", vi: "Hạn mức mỗi ngày phải lớn hơn 0 và không quá \(Self.quotaLimit)",
                           en: "The daily quota must be above zero and \(Self.quotaLimit) at most")
        }
        let secret = Self.prefix + Secret.make()
        let id = try await database.raw("""
            INSERT INTO verifier_keys (organisation, key_hash, daily_quota, created_at)
            VALUES (\(bind: name), \(bind: Secret.digest(secret)), \(bind: dailyQuota), \(bind: Timestamp.now)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "create", entity: "verifier_key", entityID: String(id),
                                                       after: "\(name), \(dailyQuota)/day"), by: actor)
        return (id, secret)
    }

    public func revoke(id: Int, by actor: Actor) async throws {
        guard try await database.raw("""
            UPDATE verifier_keys SET revoked_at = \(bind: Timestamp.now) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id
            """).first() != nil else { throw EduError("verifier_key.unknown", vi: "Không có khoá đang dùng số \(id)", en: "No key \(id) in use") }
        try await AuditLog(database).append(AuditEvent(action: "revoke", entity: "verifier_key", entityID: String(id)), by: actor)
    }

    public func keys() async throws -> [Key] {
        try await database.raw("SELECT id, organisation, daily_quota, created_at, revoked_at FROM verifier_keys ORDER BY id")
            .all(decoding: Key.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Lookups used today by key id.
    public func usage(on day: CalendarDate = .today) async throws -> [Int: Int] {
        struct Row: Decodable { let keyId: Int; let lookups: Int }
        return Dictionary(uniqueKeysWithValues: try await database.raw("SELECT key_id, lookups FROM verifier_key_usage WHERE day = \(bind: day.iso)")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.keyId, $0.lookups) })
    }

    /// An active key as `VerifierKeyMeter` holds it.
    public struct ActiveKey: Sendable, Hashable, Decodable {
        public let id: Int
        public let dailyQuota: Int
    }

    /// The active (not revoked) key whose secret has this digest.
    func activeKey(digest: String) async throws -> ActiveKey? {
        try await database.raw("SELECT id, daily_quota FROM verifier_keys WHERE key_hash = \(bind: digest) AND revoked_at IS NULL")
            .first(decoding: ActiveKey.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Every active key by the digest of its secret.
    func activeKeys() async throws -> [String: ActiveKey] {
        struct Row: Decodable { let keyHash: String; let id: Int; let dailyQuota: Int }
        return Dictionary(uniqueKeysWithValues: try await database.raw("SELECT key_hash, id, daily_quota FROM verifier_keys WHERE revoked_at IS NULL")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.keyHash, ActiveKey(id: $0.id, dailyQuota: $0.dailyQuota)) })
    }

    /// Adds lookups counted by a meter (key id → lookups) to each key's count for `day`, all in one statement.
    func record(_ counts: [Int: Int], on day: CalendarDate) async throws {
        let rows = counts.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        guard !rows.isEmpty else { return }
        let values = SQLList(rows.map { SQLList([SQLBind($0.key), SQLBind(day.iso), SQLBind($0.value)]) }, separator: SQLRaw("), ("))
        try await database.raw("""
            INSERT INTO verifier_key_usage (key_id, day, lookups) VALUES (\(values))
            ON CONFLICT (key_id, day) DO UPDATE SET lookups = verifier_key_usage.lookups + excluded.lookups
            """).run()
    }
}
