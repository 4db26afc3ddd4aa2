import EduCore
import EduServer
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
            let app = try await Application.make(.testing)
            PopulationSimulator(dataset: dataset, behaviour: behaviour).configure(app)
            try await app.server.start(address: .hostname("127.0.0.1", port: 0))
            do {
                let port = try #require(app.http.server.shared.localAddress?.port)
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
            } catch {
                await app.server.shutdown()
                try await app.asyncShutdown()
                throw error
            }
            await app.server.shutdown()
            try await app.asyncShutdown()
        }
    }
}
