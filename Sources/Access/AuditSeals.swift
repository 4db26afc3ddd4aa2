import EduCore
import SQLKit
import Storage

/// Seals of the audit chain: an HMAC, under a key derived from the data key, of the chain's hash
/// at an entry. The chain alone is unkeyed: whoever can write the table could edit an entry and
/// recompute every hash after it. A seal pins the chain where it was sealed with a code only the
/// key's holder can make, so `AuditLog.verify(seals:)` catches such a rewrite of anything before
/// the latest seal. Servers seal every minute; the command line seals after imports and checks.
public struct AuditSeals: Sendable {
    public struct Seal: Sendable, Decodable, Equatable {
        public let id: Int
        public let lastId: Int
        public let lastHash: String
        public let mac: String
    }

    public static let migration = SchemaMigration("0009_audit_seals", [
        "CREATE TABLE audit_seals (id {{id}}, last_id BIGINT NOT NULL, last_hash TEXT NOT NULL, mac TEXT NOT NULL, at TEXT NOT NULL)",
    ])

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Seals the chain's current head unless the latest seal already covers it; answers the entry sealed.
    @discardableResult
    public func seal() async throws -> Int {
        struct Head: Decodable { let lastId: Int; let lastHash: String }
        let head = try await database.raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
            .first(decoding: Head.self, keyDecodingStrategy: .convertFromSnakeCase)!
        let sealed = try await database.raw("SELECT MAX(last_id) AS id FROM audit_seals").first(decoding: OptionalID.self)?.id
        guard head.lastId > 0, head.lastId > sealed ?? 0 else { return sealed ?? 0 }
        try await database.raw("""
            INSERT INTO audit_seals (last_id, last_hash, mac, at)
            VALUES (\(bind: head.lastId), \(bind: head.lastHash), \(bind: mac(head.lastId, head.lastHash)), \(bind: Timestamp.now))
            """).run()
        return head.lastId
    }

    public func all() async throws -> [Seal] {
        try await database.raw("SELECT id, last_id, last_hash, mac FROM audit_seals ORDER BY last_id, id")
            .all(decoding: Seal.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func isGenuine(_ seal: Seal) -> Bool {
        mac(seal.lastId, seal.lastHash) == seal.mac
    }

    private func mac(_ lastID: Int, _ lastHash: String) -> String {
        cipher.auditSeal("audit-head|\(lastID)|\(lastHash)")
    }

    private struct OptionalID: Decodable { let id: Int? }
}
