import Foundation
import Access
import SQLKit
import Storage
import Testing
import TestSupport

@Suite struct AuditLogTests {
    func seeded(_ db: TestDatabase, _ count: Int = 5) async throws -> AuditLog {
        let log = AuditLog(db.database.sql)
        for index in 1...count {
            try await log.append(AuditEvent(action: "update", entity: "student", entityID: String(index), before: "a\(index)", after: "b\(index)"),
                                 by: Actor(name: "user:t", origin: "127.0.0.1"))
        }
        return log
    }

    @Test func anUntouchedChainVerifies() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db)
            #expect(try await log.verify() == .intact(entries: 5))
        }
    }

    /// An import's events, streamed in chunks across threads, continue the chain exactly as one by one would; a stream
    /// that emits more or fewer events than it claimed appends nothing.
    @Test func aStreamedAppendContinuesTheChain() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db, 3)
            let events = (1...2_500).map { AuditEvent(action: "create", entity: "student", entityID: String($0), after: "{\"n\":\($0)}") }
            try await log.append(count: events.count, by: .commandLine) { emit in for event in events { try emit(event) } }
            #expect(try await log.verify() == .intact(entries: 2_503))
            let last = try await log.entries(entity: "student", entityID: "2500")
            #expect(last.map(\.id) == [2_503] && last.first?.after == #"{"n":2500}"#)

            for emitted in [events.count - 1, events.count + 1] {
                let stream = (events + events).prefix(emitted)
                await #expect(throws: (any Error).self) {
                    try await db.database.transaction { tx in
                        try await AuditLog(tx).append(count: events.count, by: .commandLine) { emit in for event in stream { try emit(event) } }
                    }
                }
            }
            #expect(try await log.verify() == .intact(entries: 2_503), "a miscounted stream left nothing behind")
        }
    }

    @Test func anEditedEntryIsNamed() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db)
            try await db.database.sql.raw("UPDATE audit_log SET after = 'forged' WHERE id = 3").run()
            guard case .broken(let id, _) = try await log.verify() else { Issue.record("not detected"); return }
            #expect(id == 3)
        }
    }

    @Test func aDeletedEntryIsNamed() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db)
            try await db.database.sql.raw("DELETE FROM audit_log WHERE id = 2").run()
            guard case .broken(let id, _) = try await log.verify() else { Issue.record("not detected"); return }
            #expect(id == 2)
        }
    }

    @Test func aDeletedTailIsDetected() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db)
            try await db.database.sql.raw("DELETE FROM audit_log WHERE id = 5").run()
            guard case .broken(let id, _) = try await log.verify() else { Issue.record("not detected"); return }
            #expect(id == 5)
        }
    }

    @Test func reorderedEntriesAreDetected() async throws {
        try await TestDatabase.with { db in
            let log = try await seeded(db)
            // Swap the contents of entries 2 and 3 (ids stay in order, contents do not).
            try await db.database.sql.raw("UPDATE audit_log SET id = 100 WHERE id = 2").run()
            try await db.database.sql.raw("UPDATE audit_log SET id = 2 WHERE id = 3").run()
            try await db.database.sql.raw("UPDATE audit_log SET id = 3 WHERE id = 100").run()
            guard case .broken(let id, _) = try await log.verify() else { Issue.record("not detected"); return }
            #expect(id == 2)
        }
    }

    /// Inside callers' transactions or standalone (each append then opens its own), concurrent
    /// appends keep one chain.
    @Test(arguments: [true, false])
    func concurrentAppendsKeepOneChain(insideTransactions: Bool) async throws {
        try await TestDatabase.with { db in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for index in 0..<10 {
                            let event = AuditEvent(action: "read", entity: "student", entityID: "\(worker)-\(index)")
                            let actor = Actor(name: "w\(worker)", origin: "t")
                            if insideTransactions {
                                try await db.database.transaction { try await AuditLog($0).append(event, by: actor) }
                            } else {
                                try await AuditLog(db.database.sql).append(event, by: actor)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await AuditLog(db.database.sql).verify() == .intact(entries: 40))
        }
    }
}

@Suite struct JobQueueTests {
    @Test func everyJobIsClaimedExactlyOnce() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(db.database.sql)
            for index in 0..<20 { _ = try await queue.enqueue(kind: "import", payload: "\(index)", createdBy: "t") }
            let claimed = try await withThrowingTaskGroup(of: [Int].self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        var mine: [Int] = []
                        while let job = try await db.database.transaction({ tx in try await JobQueue(tx).claim(kinds: ["import"], worker: "w\(worker)") }) {
                            mine.append(job.id)
                        }
                        return mine
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(claimed.count == 20)
            #expect(Set(claimed).count == 20)
            #expect(try await queue.count(state: "queued") == 0)
        }
    }

    /// A report lands only on the run that made it: not once that run ended, nor on the job taken again after it.
    @Test func aReportAfterItsRunChangesNothing() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(db.database.sql)
            let id = try await queue.enqueue(kind: "import", payload: "", createdBy: "t")
            let first = try #require(try await queue.claim(kinds: ["import"], worker: "a"))
            try await queue.report(first, progress: 0.4)
            #expect(try await queue.job(id: id)?.progress == 0.4)
            try await queue.release(id: id)
            let second = try #require(try await queue.claim(kinds: ["import"], worker: "b"))
            try await queue.report(second, progress: 0.1)
            try await queue.report(first, progress: 0.9)
            #expect(try await queue.job(id: id)?.progress == 0.1, "the first run's late report")
            try await queue.finish(id: id, result: "{}")
            try await queue.report(second, progress: 0.7)
            let job = try #require(try await queue.job(id: id))
            #expect(job.progress == 1 && job.state == "done")
        }
    }

    @Test func otherKindsAreLeftAlone() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(db.database.sql)
            _ = try await queue.enqueue(kind: "report", payload: "", createdBy: "t")
            #expect(try await queue.claim(kinds: ["import"], worker: "w") == nil)
        }
    }
}

@Suite struct StaleJobTests {
    @Test func anAbandonedJobIsTakenAgainUpToTheLimit() async throws {
        try await TestDatabase.with { db in
            let queue = JobQueue(db.database.sql)
            let id = try await queue.enqueue(kind: "import", payload: "", createdBy: "t")
            #expect(try await queue.claim(kinds: ["import"], worker: "a")?.id == id)
            #expect(try await queue.claim(kinds: ["import"], worker: "b") == nil, "a live job is not taken twice")
            let longAgo = Timestamp.string(Date().addingTimeInterval(-JobQueue.staleAfter - 60))
            for attempt in 2...JobQueue.maxAttempts {
                try await db.database.sql.raw("UPDATE jobs SET updated_at = \(bind: longAgo)").run()
                let again = try await queue.claim(kinds: ["import"], worker: "b")
                #expect(again?.id == id && again?.attempts == attempt)
            }
            try await db.database.sql.raw("UPDATE jobs SET updated_at = \(bind: longAgo)").run()
            #expect(try await queue.claim(kinds: ["import"], worker: "c") == nil, "no more than \(JobQueue.maxAttempts) attempts")
        }
    }
}
