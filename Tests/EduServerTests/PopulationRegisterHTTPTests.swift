import Access
import Admissions
import EduCore
@testable import EduServer
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOSSL
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

    /// A register that leaves a request unanswered past the client's timeout, or drops the connection halfway through
    /// its answer: each such batch is backed off and asked again, and every verdict still arrives exactly once.
    @Test(arguments: ["drop", "hang"]) func reconcilesThroughTimeoutsAndDroppedConnections(fault: String) async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let people = try await ReconciliationStore(db.database.sql).registerPeople(cipher: db.cipher)
            let dataset = RegisterDataset.derived(from: people, seed: 3)
            var behaviour = PopulationSimulator.Behaviour()
            if fault == "drop" { behaviour.dropEvery = 3 } else { (behaviour.hangEvery, behaviour.hangSeconds) = (3, 3) }
            try await Self.withSimulator(dataset, behaviour) { port in
                let failures = NIOLockedValueBox(0)
                var job = ReconciliationJob(database: db.database, cipher: db.cipher,
                                            register: HTTPPopulationRegister(baseURL: "http://127.0.0.1:\(port)", timeout: .milliseconds(500)),
                                            batchSize: 10)
                job.firstBackoff = 0.01
                job.sleep = { _ in failures.withLockedValue { $0 += 1 } }
                let run = try await job.run()
                #expect(failures.withLockedValue { $0 } >= 1, "the \(fault) was backed off")
                func count(_ query: SQLQueryString) async throws -> Int { try await db.database.sql.raw(query).first(decoding: CountRow.self)!.n }
                let asked = try await count("""
                    SELECT (SELECT COUNT(*) FROM register_checks WHERE status <> 'no_national_id') + (SELECT COUNT(*) FROM staff_register_checks) AS n
                    """)
                #expect(asked == people.count, "every person with an ID has a verdict")
                let recorded = try await count("SELECT (SELECT COUNT(*) FROM register_checks) + (SELECT COUNT(*) FROM staff_register_checks) AS n")
                #expect(run.checked == recorded, "none counted twice")
            }
        }
    }

    /// The simulator serving `dataset` on a free loopback port for the length of `body` (over HTTPS with `tls`).
    static func withSimulator(_ dataset: RegisterDataset, _ behaviour: PopulationSimulator.Behaviour = .init(), tls: TLSConfiguration? = nil,
                              _ body: (Int) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.http.server.configuration.tlsConfiguration = tls
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

    /// A grade 6 campaign with two typed applications of demo children: the first stating where the register has them
    /// living, the second another commune.
    static func residenceCampaign(_ db: TestDatabase) async throws -> (campaign: Int, ids: [Int], people: [RegisterDataset.Person], second: RegisterDataset.Person) {
        _ = try await db.loadDemo(students: 40)
        let people = try await ReconciliationStore(db.database.sql).registerPeople(cipher: db.cipher)
        let living = people.filter { $0.residence != nil }
        let (first, second) = (try #require(living.first), try #require(living.last))
        let elsewhere = try #require(living.first { $0.residence != second.residence }?.residence).communeCode
        struct Row: Decodable { let id: Int }
        let school = try #require(try await db.database.sql.raw("SELECT id FROM schools WHERE levels = 'lower_secondary' ORDER BY id LIMIT 1")
            .first(decoding: Row.self)).id
        let staff = Actor(name: "test", origin: "test"), cipher = db.cipher
        let (campaign, ids) = try await db.database.transaction { tx in
            let store = AdmissionsStore(tx, cipher: cipher)
            let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
            try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 5, by: staff)
            var ids: [Int] = []
            for (person, commune) in [(first, first.residence!.communeCode), (second, elsewhere)] {
                ids.append(try await store.submit(ApplicationForm(nationalID: NationalID(person.nationalID)!, fullName: person.fullName,
                                                                  dateOfBirth: CalendarDate(iso: person.dateOfBirth)!, preferences: [school],
                                                                  residence: Residence(communeCode: commune)),
                                                  campaignID: campaign.id, identity: .typed, by: staff))
            }
            return (campaign.id, ids)
        }
        return (campaign, ids, people, second)
    }

    /// Admissions ask the same register about residences: the residence travels in the answer, and a child living
    /// elsewhere than stated waits for an officer with the register's commune beside the application.
    @Test func checksAdmissionResidencesThroughTheRegister() async throws {
        try await TestDatabase.with { db in
            let (campaign, ids, people, second) = try await Self.residenceCampaign(db)
            let staff = Actor(name: "test", origin: "test"), cipher = db.cipher
            try await Self.withSimulator(RegisterDataset(persons: people)) { port in
                let check = ResidenceCheck(database: db.database, cipher: db.cipher, register: HTTPPopulationRegister(baseURL: "http://127.0.0.1:\(port)"))
                let tally = try await check.run(campaignID: campaign, by: staff)
                #expect(tally == ResidenceCheck.Tally(verified: 1, queued: 1))
            }
            let queued = try await AdmissionsStore(db.database.sql, cipher: cipher).applications(campaignID: campaign, schools: nil, residencePending: true)
            #expect(queued.map(\.id) == [ids[1]])
            struct Name: Decodable { let name: String }
            let registered = try #require(try await db.database.sql.raw("SELECT name FROM units WHERE code = \(bind: second.residence!.communeCode)")
                .first(decoding: Name.self)).name
            #expect(queued.first?.residenceNote?.contains("CSDL dân cư ghi nơi cư trú: \(registered)") == true, "the officer reads the commune's name")
        }
    }

    /// From the campaign's page the check runs as a job: one at a time, refused at once without a register, the
    /// register's rate limit waited out, and the outcome on the campaign's page (its tally, or why it failed).
    @Test func aResidenceCheckRunsAsAJob() async throws {
        try await TestDatabase.with { db in
            let (campaign, ids, people, _) = try await Self.residenceCampaign(db)
            let staff = Actor(name: "test", origin: "test")
            let unconfigured = try await #require(throws: EduError.self) {
                try await ResidenceCheckJobs.submit(campaignID: campaign, by: staff, context: AppContext(database: db.database, cipher: db.cipher))
            }
            #expect(unconfigured.code == "register.unconfigured")
            func runOneCheck(_ context: AppContext) async throws -> JobQueue.Job {
                #expect(try await ResidenceCheckJobs.submit(campaignID: campaign, by: staff, context: context))
                #expect(try await ResidenceCheckJobs.submit(campaignID: campaign, by: staff, context: context) == false, "one at a time")
                let job = try #require(try await context.jobs.claim(kinds: [ResidenceCheckJobs.kind], worker: "test"))
                await ResidenceCheckJobs.run(job, context: context, logger: Logger(label: "test"))
                return try #require(try await context.jobs.job(id: job.id))
            }
            // An unreachable register: the job fails, and the page says so with the reason.
            let unreachable = AppContext(database: db.database, cipher: db.cipher, nightlyReconciliation: NightlyReconciliation(registerURL: "http://127.0.0.1:1"))
            #expect(try await runOneCheck(unreachable).state == "failed")
            #expect(try await ResidenceCheckJobs.latest(campaignID: campaign, context: unreachable)?.vi.contains("không xong") == true)

            var behaviour = PopulationSimulator.Behaviour()
            behaviour.limitEvery = 2
            try await Self.withSimulator(RegisterDataset(persons: people), behaviour) { port in
                // The simulator's first request goes here, so the check's own first request is its second: a 429 to wait out.
                _ = try await HTTPPopulationRegister(baseURL: "http://127.0.0.1:\(port)").verify([])
                let context = AppContext(database: db.database, cipher: db.cipher,
                                         nightlyReconciliation: NightlyReconciliation(registerURL: "http://127.0.0.1:\(port)"))
                let done = try await runOneCheck(context)
                #expect(done.state == "done" && done.result == "{\"campaign\":\(campaign),\"verified\":1,\"queued\":1}", "\(done.error ?? "")")
                #expect(done.progress == 1)
                let latest = try await ResidenceCheckJobs.latest(campaignID: campaign, context: context)
                #expect(latest?.vi.contains("1 hồ sơ xác minh được, 1 hồ sơ chờ cán bộ xem xét") == true, "\(latest?.vi ?? "")")
            }
            let pending = try await AdmissionsStore(db.database.sql, cipher: db.cipher).applications(campaignID: campaign, schools: nil, residencePending: true)
            #expect(pending.map(\.id) == [ids[1]])
        }
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
                #expect(try await ReconciliationJobs.queueIfDue(context: context, at: threeAM.addingTimeInterval(86_400)) == false,
                        "not while the last night's run is still waiting")
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
            #expect(throws: EduError.self, "a client certificate needs https") {
                try NightlyReconciliation(registerURL: "http://x", environment: ["EDUVN_REGISTER_CLIENT_P12": "/etc/eduvn/client.p12"])
            }
            #expect(throws: EduError.self, "roots without a certificate would be dropped") {
                try NightlyReconciliation(registerURL: "https://x", environment: ["EDUVN_REGISTER_CA": "/etc/eduvn/register-ca.pem"])
            }
        }
    }

    /// Mutual TLS as the real register will ask: with the platform's certificate (a PKCS#12 file, as a licensed CA issues
    /// them) every verdict comes back; a certificate from a CA the register does not know fails the handshake.
    @Test func reconcilesOverMutualTLSOnly() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-mtls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func openssl(_ arguments: [String]) throws {
            try #require(try ExternalProgram.run("/usr/bin/openssl", arguments).status == 0, "openssl \(arguments.joined(separator: " "))")
        }
        let ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]
        for ca in ["register-ca", "stranger-ca"] {
            try openssl(["req", "-x509"] + ec + ["-keyout", path("\(ca).key"), "-out", path("\(ca).pem"), "-days", "2", "-subj", "/CN=\(ca)",
                         "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"])
        }
        func issue(_ name: String, by ca: String, extensions: String) throws {
            try openssl(["req", "-new"] + ec + ["-keyout", path("\(name).key"), "-out", path("\(name).csr"), "-subj", "/CN=\(name)"])
            try extensions.write(toFile: path("\(name).ext"), atomically: true, encoding: .utf8)
            try openssl(["x509", "-req", "-in", path("\(name).csr"), "-CA", path("\(ca).pem"), "-CAkey", path("\(ca).key"), "-CAcreateserial",
                         "-days", "2", "-out", path("\(name).pem"), "-extfile", path("\(name).ext")])
            try openssl(["pkcs12", "-export", "-inkey", path("\(name).key"), "-in", path("\(name).pem"), "-passout", "pass:bí-mật",
                         "-out", path("\(name).p12")])
        }
        try issue("register", by: "register-ca", extensions: "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
        try issue("eduvn", by: "register-ca", extensions: "extendedKeyUsage=clientAuth\n")
        try issue("stranger", by: "stranger-ca", extensions: "extendedKeyUsage=clientAuth\n")

        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let people = try await ReconciliationStore(db.database.sql).registerPeople(cipher: db.cipher)
            let server = try PopulationSimulator.serverTLS(certificate: path("register.pem"), key: path("register.key"), clientCA: path("register-ca.pem"))
            try await Self.withSimulator(RegisterDataset(persons: people), tls: server) { port in
                func job(_ identity: String) throws -> ReconciliationJob {
                    let tls = try RegisterTLS(pkcs12: path("\(identity).p12"), passphrase: "bí-mật", trustRoots: path("register-ca.pem"))
                    var job = ReconciliationJob(database: db.database, cipher: db.cipher,
                                                register: HTTPPopulationRegister(baseURL: "https://127.0.0.1:\(port)", tls: tls), batchSize: 50)
                    (job.maximumFailuresInARow, job.sleep) = (1, { _ in })
                    return job
                }
                await #expect(throws: RegisterFailure.self) { try await job("stranger").run() }
                #expect(try await ReconciliationStore(db.database.sql).tally().verified == 0)
                _ = try await job("eduvn").run()
                let tally = try await ReconciliationStore(db.database.sql).tally()
                #expect(tally.verified + tally.staffVerified == people.count)
            }
            #expect(throws: EduError.self) { try RegisterTLS(pkcs12: path("eduvn.p12"), passphrase: "sai", trustRoots: nil) }
        }
    }
}
