import EduCore
import Foundation
import NIOConcurrencyHelpers
import Quality
import SQLKit
import Storage
import Testing
import TestSupport

/// A register in memory over a dataset, that can be told to refuse or fail some calls.
final class FakeRegister: PopulationRegister, Sendable {
    enum Trouble: Sendable { case rateLimit(Double), fail }

    let batchLimit = 10
    private let dataset: RegisterDataset
    private let troubles: [Int: Trouble]
    private let calls = NIOLockedValueBox(0)
    let asked = NIOLockedValueBox<[String]>([])

    /// `troubles`: by call number (from 1), what goes wrong.
    init(dataset: RegisterDataset, troubles: [Int: Trouble] = [:]) {
        self.dataset = dataset
        self.troubles = troubles
    }

    func verify(_ batch: [RegisterQuery]) async throws -> [RegisterVerdict] {
        let call = calls.withLockedValue { $0 += 1; return $0 }
        switch troubles[call] {
        case .rateLimit(let wait): throw RegisterFailure.rateLimited(retryAfter: wait)
        case .fail: throw RegisterFailure.unavailable("connection reset")
        case nil: break
        }
        asked.withLockedValue { $0 += batch.map(\.nationalID) }
        return dataset.verdicts(batch)
    }
}

@Suite struct ReconciliationTests {
    struct Person: Decodable { let id: Int; let nationalIdEnc: String?; let fullName: String; let dateOfBirth: String; let gender: String }

    func people(_ db: TestDatabase, _ table: String) async throws -> [Person] {
        try await db.database.sql.raw("SELECT id, national_id_enc, full_name, date_of_birth, gender FROM \(unsafeRaw: table) ORDER BY id")
            .all(decoding: Person.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The demo's students as the register knows them: all but the first three, the fourth with another birth date;
    /// and every staff member as they are.
    private func register(_ db: TestDatabase, troubles: [Int: FakeRegister.Trouble] = [:]) async throws -> (FakeRegister, [Person], [Person]) {
        let (students, staff) = (try await people(db, "students"), try await people(db, "staff"))
        var known: [RegisterDataset.Person] = []
        for (index, person) in (students + staff).enumerated() where index >= 3 {
            guard let id = try person.nationalIdEnc.map(db.cipher.open) else { continue }
            known.append(.init(nationalID: id, fullName: person.fullName, dateOfBirth: index == 3 ? "1999-01-01" : person.dateOfBirth,
                               gender: person.gender))
        }
        return (FakeRegister(dataset: RegisterDataset(persons: known), troubles: troubles), students, staff)
    }

    @Test func everyStudentAndStaffMemberIsCheckedOnceAndTallied() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let (register, students, staff) = try await register(db, troubles: [2: .rateLimit(3)])
            let waits = NIOLockedValueBox<[Double]>([])
            var job = ReconciliationJob(database: db.database, cipher: db.cipher, register: register, batchSize: 7)
            job.sleep = { seconds in waits.withLockedValue { $0.append(seconds) } }
            let summary = try await job.run()
            #expect(summary.checked == students.count + staff.count)
            #expect(waits.withLockedValue { $0 } == [3], "waited as long as the register asked")
            let withID = students.filter { $0.nationalIdEnc != nil }.count
            let staffWithID = staff.filter { $0.nationalIdEnc != nil }.count
            #expect(register.asked.withLockedValue { Set($0).count == $0.count && $0.count == withID + staffWithID }, "each person asked once")
            let tally = try await ReconciliationStore(db.database.sql).tally()
            #expect(tally.notFound == 3)
            #expect(tally.mismatch == 1)
            #expect(tally.verified == withID - 4)
            #expect(tally.noNationalID == students.count - withID)
            #expect(tally.staff == staff.count && tally.staffVerified == staffWithID && staffWithID > 0)
            let mismatch = try await db.database.sql.raw("SELECT register_values AS v FROM register_checks WHERE status = 'mismatch'")
                .first(decoding: Values.self)?.v
            #expect(mismatch == #"{"date_of_birth":"1999-01-01"}"#)
        }
    }

    /// The nightly run: only people never checked, not checked for the given days, or changed since their check.
    @Test func aStaleRunChecksOnlyWhatChangedOrIsDue() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let (register, students, staff) = try await register(db)
            var job = ReconciliationJob(database: db.database, cipher: db.cipher, register: register, batchSize: 7)
            job.sleep = { _ in }
            #expect(try await job.run().checked == students.count + staff.count)
            let sql = db.database.sql
            // Checked a day ago, changed an hour ago.
            let (dayAgo, hourAgo) = (Timestamp.string(Date().addingTimeInterval(-86_400)), Timestamp.string(Date().addingTimeInterval(-3_600)))
            try await sql.raw("UPDATE register_checks SET checked_at = \(bind: dayAgo) WHERE student_id = \(bind: students[5].id)").run()
            try await sql.raw("UPDATE students SET updated_at = \(bind: hourAgo) WHERE id = \(bind: students[5].id)").run()
            try await sql.raw("UPDATE staff_register_checks SET checked_at = \(bind: dayAgo) WHERE staff_id = \(bind: staff[2].id)").run()
            try await sql.raw("UPDATE staff SET updated_at = \(bind: hourAgo) WHERE id = \(bind: staff[2].id)").run()
            try await sql.raw("UPDATE register_checks SET checked_at = '2020-01-01T00:00:00.000Z' WHERE student_id = \(bind: students[9].id)").run()
            job.staleAfter = 30
            #expect(try await job.run().checked == 3, "two changed records and one check older than 30 days")
            #expect(try await job.run().checked == 0, "nothing is due any more")
            job.staleAfter = nil
            #expect(try await job.run().checked == students.count + staff.count)
        }
    }

    /// The register fails for good in the middle: the job stops with the batches so far stored; run again, it resumes
    /// from there and finishes, with every student counted exactly once.
    @Test func aStoppedRunResumesWithoutCountingTwice() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let (failing, students, staff) = try await register(db, troubles: [3: .fail, 4: .fail])
            var first = ReconciliationJob(database: db.database, cipher: db.cipher, register: failing, batchSize: 10)
            first.maximumFailuresInARow = 2
            first.sleep = { _ in }
            await #expect(throws: RegisterFailure.unavailable("connection reset")) { try await first.run() }
            let partial = try await db.database.sql.raw("SELECT COUNT(*) AS id FROM register_checks").first(decoding: IDRow.self)!.id
            #expect(partial == 20, "two batches were stored before the failure")

            let (healthy, _, _) = try await register(db)
            var second = ReconciliationJob(database: db.database, cipher: db.cipher, register: healthy, batchSize: 10)
            second.sleep = { _ in }
            let summary = try await second.run()
            #expect(summary.checked == students.count + staff.count, "the resumed run counts each person once")
            #expect(healthy.asked.withLockedValue { $0.count } <= students.count + staff.count - 20, "the resumed run did not ask again for the first batches")
            let rows = try await db.database.sql.raw("SELECT COUNT(*) AS id FROM register_checks").first(decoding: IDRow.self)!.id
            #expect(rows == students.count)
        }
    }

    struct Values: Decodable { let v: String }
}
