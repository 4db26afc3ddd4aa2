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
    struct Student: Decodable { let id: Int; let nationalIdEnc: String?; let fullName: String; let dateOfBirth: String; let gender: String }

    /// The demo's students as the register knows them: all but the first three, the fourth with another birth date.
    private func register(_ db: TestDatabase, troubles: [Int: FakeRegister.Trouble] = [:]) async throws -> (FakeRegister, [Student]) {
        let students = try await db.database.sql.raw("SELECT id, national_id_enc, full_name, date_of_birth, gender FROM students ORDER BY id")
            .all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
        var people: [RegisterDataset.Person] = []
        for (index, student) in students.enumerated() where index >= 3 {
            guard let id = try student.nationalIdEnc.map(db.cipher.open) else { continue }
            people.append(.init(nationalID: id, fullName: student.fullName, dateOfBirth: index == 3 ? "1999-01-01" : student.dateOfBirth,
                                gender: student.gender))
        }
        return (FakeRegister(dataset: RegisterDataset(persons: people), troubles: troubles), students)
    }

    @Test func everyStudentIsCheckedOnceAndTallied() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let (register, students) = try await register(db, troubles: [2: .rateLimit(3)])
            let waits = NIOLockedValueBox<[Double]>([])
            var job = ReconciliationJob(database: db.database, cipher: db.cipher, register: register, batchSize: 7)
            job.sleep = { seconds in waits.withLockedValue { $0.append(seconds) } }
            let summary = try await job.run()
            #expect(summary.checked == students.count)
            #expect(waits.withLockedValue { $0 } == [3], "waited as long as the register asked")
            let withID = students.filter { $0.nationalIdEnc != nil }.count
            #expect(register.asked.withLockedValue { Set($0).count == $0.count && $0.count == withID }, "each person asked once")
            let tally = try await ReconciliationStore(db.database.sql).tally()
            #expect(tally.notFound == 3)
            #expect(tally.mismatch == 1)
            #expect(tally.verified == withID - 4)
            #expect(tally.noNationalID == students.count - withID)
            let mismatch = try await db.database.sql.raw("SELECT register_values AS v FROM register_checks WHERE status = 'mismatch'")
                .first(decoding: Values.self)?.v
            #expect(mismatch == #"{"date_of_birth":"1999-01-01"}"#)
        }
    }

    /// The register fails for good in the middle: the job stops with the batches so far stored; run again, it resumes
    /// from there and finishes, with every student counted exactly once.
    @Test func aStoppedRunResumesWithoutCountingTwice() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let (failing, students) = try await register(db, troubles: [3: .fail, 4: .fail])
            var first = ReconciliationJob(database: db.database, cipher: db.cipher, register: failing, batchSize: 10)
            first.maximumFailuresInARow = 2
            first.sleep = { _ in }
            await #expect(throws: RegisterFailure.unavailable("connection reset")) { try await first.run() }
            let partial = try await db.database.sql.raw("SELECT COUNT(*) AS id FROM register_checks").first(decoding: IDRow.self)!.id
            #expect(partial == 20, "two batches were stored before the failure")

            let (healthy, _) = try await register(db)
            var second = ReconciliationJob(database: db.database, cipher: db.cipher, register: healthy, batchSize: 10)
            second.sleep = { _ in }
            let summary = try await second.run()
            #expect(summary.checked == students.count, "the resumed run counts each student once")
            #expect(healthy.asked.withLockedValue { $0.count } <= students.count - 20, "the resumed run did not ask again for the first batches")
            let rows = try await db.database.sql.raw("SELECT COUNT(*) AS id FROM register_checks").first(decoding: IDRow.self)!.id
            #expect(rows == students.count)
        }
    }

    struct Values: Decodable { let v: String }
}
