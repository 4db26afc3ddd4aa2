import Crypto
import EduCore
import FluentKit
import SQLKit
import Storage

/// Who did something, and from where (an IP address, or "cli").
public struct Actor: Sendable, Hashable {
    public let name: String
    public let origin: String

    public init(name: String, origin: String) {
        self.name = name
        self.origin = origin
    }

    public static let commandLine = Actor(name: "cli", origin: "cli")
}

/// One event to record: a write (with the record before and after) or a read of personal data.
public struct AuditEvent: Sendable {
    public let action: String
    public let entity: String
    public let entityID: String
    public let before: String?
    public let after: String?

    public init(action: String, entity: String, entityID: String, before: String? = nil, after: String? = nil) {
        self.action = action
        self.entity = entity
        self.entityID = entityID
        self.before = before
        self.after = after
    }
}

/// The append-only audit trail. Every entry carries the hash of the one before it, so an
/// edited, deleted or reordered entry breaks the chain and `verify` names the first such entry.
/// Appends serialise on the one-row `audit_head` table, taken inside the caller's transaction:
/// the chain stays linear however many processes write.
public struct AuditLog: Sendable {
    public struct Entry: Codable, Sendable, Identifiable {
        public let id: Int
        public let at: String
        public let actor: String
        public let origin: String
        public let action: String
        public let entity: String
        public let entityId: String
        public let before: String?
        public let after: String?
        public let prevHash: String
        public let hash: String
    }

    public enum Verification: Sendable, Equatable {
        case intact(entries: Int)
        case broken(entryID: Int, reason: Bilingual)
    }

    public static let migration = SchemaMigration("0002_audit", [
        """
        CREATE TABLE audit_log (
            id BIGINT PRIMARY KEY,
            at TEXT NOT NULL, actor TEXT NOT NULL, origin TEXT NOT NULL,
            action TEXT NOT NULL, entity TEXT NOT NULL, entity_id TEXT NOT NULL,
            before TEXT, after TEXT,
            prev_hash TEXT NOT NULL, hash TEXT NOT NULL
        )
        """,
        "CREATE INDEX audit_entity ON audit_log (entity, entity_id)",
        "CREATE TABLE audit_head (id INTEGER PRIMARY KEY, last_id BIGINT NOT NULL, last_hash TEXT NOT NULL)",
        "INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, '\(genesis)')",
    ])

    static let genesis = String(repeating: "0", count: 64)

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Appends events in order, inside the caller's transaction when there is one (so the entry
    /// and the change stand or fall together), else in a transaction of its own: claiming the
    /// head and writing the entry must never be split, or two appends could fork the chain.
    public func append(_ events: [AuditEvent], by actor: Actor) async throws {
        guard !events.isEmpty else { return }
        try await inTransaction { log in
            var chain = try await log.claim(events.count, by: actor)
            let entries = events.map { chain.entry(for: $0) }
            try await log.insert(entries)
            try await log.close(chain)
        }
    }

    /// Appends the `count` events that `produce` emits, in order (an import's, read back from its spool): the head is
    /// claimed once for all of them, and each chunk is hashed on `produce`'s thread while the one before is written.
    /// Emitting more or fewer than `count` is a fault: nothing is appended (inside the caller's transaction, which then
    /// must roll back). A `count` of 0 does not run `produce` at all.
    public func append(count: Int, by actor: Actor,
                       _ produce: @escaping @Sendable (_ emit: (AuditEvent) throws -> Void) throws -> Void) async throws {
        guard count > 0 else { return }
        try await inTransaction { log in
            let claimed = try await log.claim(count, by: actor)
            let hashed = BatchPipe<[Entry]>.stream(batchSize: 1000) { emit in
                var chain = claimed
                try produce { event in
                    guard chain.nextID <= chain.lastID else { throw Self.miscounted }
                    try emit(chain.entry(for: event))
                }
                guard chain.nextID == chain.lastID + 1 else { throw Self.miscounted }
            }
            var chain = claimed
            try await hashed.drain { entries in
                try await log.insert(entries)
                chain.nextID += entries.count
                chain.previous = entries.last!.hash
            }
            try await log.close(chain)
        }
    }

    private static let miscounted = EduError("audit.count", vi: "Số mục nhật ký khác số đã giữ chỗ",
                                             en: "The number of audit entries differs from the number claimed")

    private func inTransaction(_ work: @escaping @Sendable (AuditLog) async throws -> Void) async throws {
        if let fluent = database as? any FluentKit.Database, !fluent.inTransaction {
            try await fluent.transaction { try await work(AuditLog($0 as! any SQLDatabase)) }
        } else {
            try await work(self)
        }
    }

    /// Claiming the head row first locks it until the transaction ends.
    private func claim(_ count: Int, by actor: Actor) async throws -> Chain {
        let head = try await database.raw("""
            UPDATE audit_head SET last_id = last_id + \(bind: count) WHERE id = 1 RETURNING last_id, last_hash
            """).first(decoding: Head.self, keyDecodingStrategy: .convertFromSnakeCase)!
        return Chain(nextID: head.lastId - count + 1, lastID: head.lastId, previous: head.lastHash, at: Timestamp.now, actor: actor)
    }

    private func insert(_ entries: [Entry]) async throws {
        try await BulkInsert.rows(entries.map { entry in
            [.integer(entry.id), .text(entry.at), .text(entry.actor), .text(entry.origin), .text(entry.action),
             .text(entry.entity), .text(entry.entityId), BulkValue(entry.before), BulkValue(entry.after),
             .text(entry.prevHash), .text(entry.hash)]
        }, into: "audit_log", columns: ["id", "at", "actor", "origin", "action", "entity", "entity_id", "before", "after",
                                         "prev_hash", "hash"], on: database)
    }

    private func close(_ chain: Chain) async throws {
        try await database.raw("UPDATE audit_head SET last_hash = \(bind: chain.previous) WHERE id = 1").run()
    }

    /// The claimed ids, filled in order: each entry is hashed with the one before it.
    private struct Chain: Sendable {
        var nextID: Int
        let lastID: Int
        var previous: String
        let at: String
        let actor: Actor

        mutating func entry(for event: AuditEvent) -> Entry {
            let hash = AuditLog.hash(id: nextID, at: at, actor: actor.name, origin: actor.origin, event: event, previous: previous)
            defer { nextID += 1; previous = hash }
            return Entry(id: nextID, at: at, actor: actor.name, origin: actor.origin, action: event.action, entity: event.entity,
                         entityId: event.entityID, before: event.before, after: event.after, prevHash: previous, hash: hash)
        }
    }

    public func append(_ event: AuditEvent, by actor: Actor) async throws {
        try await append([event], by: actor)
    }

    /// Walks the chain from the start and reports the first entry that does not fit. With `seals`,
    /// also checks every seal's code and that the chain still passes through each sealed hash: a
    /// chain recomputed after an edit fits together again, but no longer matches its seals.
    public func verify(seals: AuditSeals? = nil) async throws -> Verification {
        let sealList = try await seals?.all() ?? []
        if let seals, let forged = sealList.first(where: { !seals.isGenuine($0) }) {
            return .broken(entryID: forged.lastId, reason: Bilingual(
                vi: "Dấu niêm phong \(forged.id) của nhật ký không hợp lệ (bị sửa hoặc giả)",
                en: "Audit seal \(forged.id) is not genuine (edited or forged)"))
        }
        let sealedHashes = Dictionary(grouping: sealList, by: \.lastId).mapValues { Set($0.map(\.lastHash)) }
        var expectedID = 1
        var previous = Self.genesis
        var lastID = 0
        while true {
            let page = try await database.raw("""
                SELECT * FROM audit_log WHERE id >= \(bind: expectedID) ORDER BY id LIMIT 5000
                """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            for entry in page {
                if entry.id != expectedID {
                    return .broken(entryID: expectedID, reason: Bilingual(
                        vi: "Mục \(expectedID) bị xoá hoặc đổi thứ tự", en: "Entry \(expectedID) was deleted or reordered"))
                }
                let event = AuditEvent(action: entry.action, entity: entry.entity, entityID: entry.entityId,
                                       before: entry.before, after: entry.after)
                let hash = Self.hash(id: entry.id, at: entry.at, actor: entry.actor, origin: entry.origin,
                                     event: event, previous: previous)
                if entry.prevHash != previous || entry.hash != hash {
                    return .broken(entryID: entry.id, reason: Bilingual(
                        vi: "Mục \(entry.id) đã bị sửa", en: "Entry \(entry.id) was edited"))
                }
                if let sealed = sealedHashes[entry.id], sealed != [entry.hash] {
                    return .broken(entryID: entry.id, reason: Bilingual(
                        vi: "Nhật ký đã bị viết lại: chuỗi tại mục \(entry.id) không khớp dấu niêm phong",
                        en: "The log was rewritten: the chain at entry \(entry.id) does not match its seal"))
                }
                previous = entry.hash
                lastID = entry.id
                expectedID += 1
            }
            if page.count < 5000 { break }
        }
        let head = try await database.raw("SELECT last_id, last_hash FROM audit_head WHERE id = 1")
            .first(decoding: Head.self, keyDecodingStrategy: .convertFromSnakeCase)!
        if head.lastId != lastID || head.lastHash != previous || sealList.contains(where: { $0.lastId > lastID }) {
            return .broken(entryID: lastID + 1, reason: Bilingual(
                vi: "Các mục sau mục \(lastID) đã bị xoá", en: "Entries after \(lastID) were deleted"))
        }
        return .intact(entries: lastID)
    }

    /// Who may filter the trail by: each given field must match (`from` and `to` are instants, as stored).
    public struct Filter: Sendable, Equatable {
        public var entity: String?, entityID: String?, actor: String?, from: String?, to: String?

        public init(entity: String? = nil, entityID: String? = nil, actor: String? = nil, from: String? = nil, to: String? = nil) {
            self.entity = entity
            self.entityID = entityID
            self.actor = actor
            self.from = from
            self.to = to
        }
    }

    public static let actorIndex = SchemaMigration("0050_audit_actor", ["CREATE INDEX audit_actor ON audit_log (actor, id)"])

    /// Entries matching `filter`, newest first, with ids below `before` (0: from the newest).
    public func entries(_ filter: Filter, before: Int = 0, limit: Int = 100) async throws -> [Entry] {
        var conditions: [SQLQueryString] = [before > 0 ? "id < \(bind: before)" : "1 = 1"]
        if let entity = filter.entity { conditions.append("entity = \(bind: entity)") }
        if let entityID = filter.entityID { conditions.append("entity_id = \(bind: entityID)") }
        if let actor = filter.actor { conditions.append("actor = \(bind: actor)") }
        if let from = filter.from { conditions.append("at >= \(bind: from)") }
        if let to = filter.to { conditions.append("at < \(bind: to)") }
        return try await database.raw("""
            SELECT * FROM audit_log WHERE \(conditions.joined(separator: " AND ")) ORDER BY id DESC LIMIT \(bind: limit)
            """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func entries(entity: String, entityID: String, limit: Int = 100) async throws -> [Entry] {
        try await database.raw("""
            SELECT * FROM audit_log WHERE entity = \(bind: entity) AND entity_id = \(bind: entityID)
            ORDER BY id DESC LIMIT \(bind: limit)
            """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// SHA-256 over the fields as a JSON array: unambiguous, whatever the fields contain.
    static func hash(id: Int, at: String, actor: String, origin: String, event: AuditEvent, previous: String) -> String {
        let fields: [String?] = [String(id), at, actor, origin, event.action, event.entity, event.entityID,
                                 event.before, event.after, previous]
        return Hex.encode(SHA256.hash(data: JSONText.array(fields)))
    }

    private struct Head: Decodable {
        let lastId: Int
        let lastHash: String
    }
}
