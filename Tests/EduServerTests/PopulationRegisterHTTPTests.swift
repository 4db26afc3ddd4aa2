import EduCore
@testable import EduServer
import Foundation
import NIOConcurrencyHelpers
import Quality
import SQLKit
import Storage
import Testing
import TestSupport
import Vapor

/// Reconciliation against the simulator over a real socket: server errors, garbage and 429s along the way,
/// and every student's verdict what the register's data says.
@Suite struct PopulationRegisterHTTPTests {
    @Test func reconcilesThroughFaultsAndTheRateLimit() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 80)
            let people = try await ReconciliationStore(db.database.sql).registerPeople(cipher: db.cipher)
            // Seed 3 gives each verdict at least once on this demo (checked below, so a change of seed cannot hide it).
            let dataset = RegisterDataset.derived(from: people, seed: 3)
            let expected = dataset.verdicts(people.map { RegisterQuery(nationalID: $0.nationalID, fullName: $0.fullName, dateOfBirth: $0.dateOfBirth, gender: $0.gender) })
            #expect(Set(expected.map(\.status)) == [.verified, .mismatch, .notFound])

            var behaviour = PopulationSimulator.Behaviour()
            // Faults by request number, not by time, so the test means the same on a loaded machine.
            (behaviour.errorEvery, behaviour.garbageEvery, behaviour.limitEvery) = (3, 5, 4)
            try await Self.withSimulator(dataset, behaviour) { port in
                let waits = NIOLockedValueBox<[Double]>([])
                var job = ReconciliationJob(database: db.database, cipher: db.cipher,
                                            register: HTTPPopulationRegister(baseURL: "http://127.0.0.1:\(port)"), batchSize: 10)
                job.firstBackoff = 0.01
                job.sleep = { seconds in
                    waits.withLockedValue { $0.append(seconds) }
                    try await Task.sleep(for: .seconds(min(seconds, 0.3)))
                }
                _ = try await job.run()
                struct Row: Decodable { let status: String }
                let statuses = try await db.database.sql.raw("""
                    SELECT status FROM register_checks WHERE status <> 'no_national_id' UNION ALL SELECT status FROM staff_register_checks
                    """).all(decoding: Row.self).map(\.status)
                for status in [RegisterVerdict.Status.verified, .mismatch, .notFound] {
                    #expect(statuses.filter { $0 == status.rawValue }.count == expected.filter { $0.status == status }.count, "\(status)")
                }
                #expect(statuses.count == people.count, "every student and staff member with an ID")
                #expect(waits.withLockedValue { $0.contains(1) }, "a 429 was waited out as Retry-After asked")
                #expect(waits.withLockedValue { $0.contains(0.01) }, "a server error or garbage was backed off")
            }
        }
    }

    /// The simulator serving `dataset` on a free loopback port for the length of `body`.
    static func withSimulator(_ dataset: RegisterDataset, _ behaviour: PopulationSimulator.Behaviour = .init(),
                              _ body: (Int) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        PopulationSimulator(dataset: dataset, behaviour: behaviour).configure(app)
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        do {
            try await body(try #require(app.http.server.shared.localAddress?.port))
        } catch {
            await app.server.shutdown()
            try await app.asyncShutdown()
            throw error
        }
        await app.server.shutdown()
        try await app.asyncShutdown()
    }

    /// The nightly run: queued once a night from the configured hour (Vietnam time) whatever the number of instances,
    /// and run as a job against the register.
    @Test func theNightlyRunIsQueuedOncePerNightAndRunsAsAJob() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let people = try await ReconciliationStore(db.database.sql).registerPeople(cipher: db.cipher)
            try await Self.withSimulator(RegisterDataset(persons: people)) { port in
                let nightly = try NightlyReconciliation(registerURL: "http://127.0.0.1:\(port)", environment: ["EDUVN_RECONCILE_HOUR": "2"])
                let context = AppContext(database: db.database, cipher: db.cipher, nightlyReconciliation: nightly)
                let oneAM = try #require(ISO8601DateFormatter().date(from: "2026-11-22T18:00:00Z")), threeAM = oneAM.addingTimeInterval(2 * 3600)
                #expect(try await ReconciliationJobs.queueIfDue(context: context, at: oneAM) == false, "01:00 in Hà Nội is before the hour")
                #expect(try await ReconciliationJobs.queueIfDue(context: context, at: threeAM))
                #expect(try await ReconciliationJobs.queueIfDue(context: context, at: threeAM.addingTimeInterval(3600)) == false, "once a night")
                let job = try #require(try await context.jobs.claim(kinds: [ReconciliationJobs.kind], worker: "test"))
                await ReconciliationJobs.run(job, context: context, logger: Logger(label: "test"))
                let done = try #require(try await context.jobs.job(id: job.id))
                let tally = try await ReconciliationStore(db.database.sql).tally()
                #expect(done.state == "done", "\(done.error ?? "")")
                #expect(done.result == "{\"run\":1,\"checked\":\(tally.students + tally.staff)}")
                #expect(tally.verified + tally.noNationalID == tally.students && tally.staffVerified == people.count - tally.verified)
                #expect(try await ReconciliationJobs.queueIfDue(context: context, at: threeAM.addingTimeInterval(86_400)), "the next night")
            }
            #expect(throws: EduError.self) { try NightlyReconciliation(registerURL: "http://x", environment: ["EDUVN_RECONCILE_HOUR": "25"]) }
        }
    }
}
