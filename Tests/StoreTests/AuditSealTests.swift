@testable import Access
import EduCore
import SQLKit
import Testing
import TestSupport

/// The chain alone is unkeyed; seals (HMAC under the data key) catch a chain recomputed after an edit.
@Suite struct AuditSealTests {
    func seeded(_ db: TestDatabase) async throws -> (AuditLog, AuditSeals) {
        let log = AuditLog(db.database.sql)
        for index in 1...5 {
            try await log.append(AuditEvent(action: "update", entity: "student", entityID: String(index), before: "a", after: "b\(index)"),
                                 by: Actor(name: "user:t", origin: "127.0.0.1"))
        }
        let seals = AuditSeals(db.database.sql, cipher: db.cipher)
        #expect(try await seals.seal() == 5)
        #expect(try await seals.seal() == 5)
        #expect(try await seals.all().count == 1)
        return (log, seals)
    }

    /// What an attacker with write access to the table would do: edit entry 3, then recompute every hash after it.
    func rewrite(_ db: TestDatabase, editing target: Int) async throws {
        let sql = db.database.sql
        let entries = try await sql.raw("SELECT * FROM audit_log ORDER BY id").all(decoding: AuditLog.Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
        var previous = AuditLog.genesis
        for entry in entries {
            let after = entry.id == target ? "forged" : entry.after
            let event = AuditEvent(action: entry.action, entity: entry.entity, entityID: entry.entityId, before: entry.before, after: after)
            let hash = AuditLog.hash(id: entry.id, at: entry.at, actor: entry.actor, origin: entry.origin, event: event, previous: previous)
            try await sql.raw("UPDATE audit_log SET after = \(bind: after), prev_hash = \(bind: previous), hash = \(bind: hash) WHERE id = \(bind: entry.id)").run()
            previous = hash
        }
        try await sql.raw("UPDATE audit_head SET last_hash = \(bind: previous) WHERE id = 1").run()
    }

    @Test func aRecomputedChainIsCaughtByItsSeal() async throws {
        try await TestDatabase.with { db in
            let (log, seals) = try await seeded(db)
            try await rewrite(db, editing: 3)
            #expect(try await log.verify() == .intact(entries: 5))
            guard case .broken(let id, _) = try await log.verify(seals: seals) else { Issue.record("rewrite not detected"); return }
            #expect(id == 5)
        }
    }

    @Test func aForgedSealIsRejected() async throws {
        try await TestDatabase.with { db in
            let (log, seals) = try await seeded(db)
            try await rewrite(db, editing: 3)
            let head = try await db.database.sql.raw("SELECT last_hash FROM audit_head").first()!.decode(column: "last_hash", as: String.self)
            try await db.database.sql.raw("UPDATE audit_seals SET last_hash = \(bind: head)").run()
            guard case .broken(_, let reason) = try await log.verify(seals: seals) else { Issue.record("forged seal accepted"); return }
            #expect(reason.en.contains("not genuine"))
        }
    }

    @Test func entriesCutAfterASealAreMissed() async throws {
        try await TestDatabase.with { db in
            let (log, seals) = try await seeded(db)
            let sql = db.database.sql
            let fourth = try await sql.raw("SELECT hash FROM audit_log WHERE id = 4").first()!.decode(column: "hash", as: String.self)
            try await sql.raw("DELETE FROM audit_log WHERE id = 5").run()
            try await sql.raw("UPDATE audit_head SET last_id = 4, last_hash = \(bind: fourth)").run()
            #expect(try await log.verify() == .intact(entries: 4))
            guard case .broken(let id, _) = try await log.verify(seals: seals) else { Issue.record("cut not detected"); return }
            #expect(id == 5)
        }
    }
}
