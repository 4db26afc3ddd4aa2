import Access
import EduCore
import Foundation
import Storage

/// Checks every student against the population register, a batch at a time. Each batch's verdicts are written together
/// with the run's cursor, so the job can stop anywhere (a crash, a restart, the register down) and resume where it
/// was, never checking a student twice in one run nor counting one twice. It waits as long as the register asks when
/// over its rate, backs off on errors, and stops (to be resumed) after too many failures in a row.
public struct ReconciliationJob: Sendable {
    public let database: EduDatabase
    public let cipher: PersonalDataCipher
    public let register: any PopulationRegister
    public var batchSize: Int
    public var maximumFailuresInARow = 5
    public var firstBackoff = 1.0
    /// How waiting is done (tests pass one that records instead of sleeping).
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }

    public init(database: EduDatabase, cipher: PersonalDataCipher, register: any PopulationRegister, batchSize: Int = 100) {
        self.database = database
        self.cipher = cipher
        self.register = register
        self.batchSize = max(1, min(batchSize, register.batchLimit))
    }

    public struct Summary: Sendable, Hashable {
        public let runID: Int
        public let checked: Int
    }

    /// Runs (or resumes) a reconciliation to the end.
    public func run() async throws -> Summary {
        let store = ReconciliationStore(database.sql)
        var run = try await database.transaction { try await ReconciliationStore($0).openRun() }
        while true {
            let people = try await store.people(after: run.cursor, limit: batchSize)
            guard let last = people.last else {
                let runID = run.id
                try await database.transaction { try await ReconciliationStore($0).finish(run: runID) }
                return Summary(runID: run.id, checked: run.checked)
            }
            var verdicts: [(studentID: Int, status: String, register: [String: String])] = []
            var queries: [(studentID: Int, query: RegisterQuery)] = []
            for person in people {
                guard let id = try person.nationalIdEnc.map(cipher.open) else {
                    verdicts.append((person.id, "no_national_id", [:]))
                    continue
                }
                queries.append((person.id, RegisterQuery(nationalID: id, fullName: person.fullName, dateOfBirth: person.dateOfBirth, gender: person.gender)))
            }
            let answers = try await ask(queries.map(\.query), run: run.id)
            for (query, answer) in zip(queries, answers) { verdicts.append((query.studentID, answer.status.rawValue, answer.register)) }
            let (runID, cursor) = (run.id, last.id)
            let recorded = verdicts
            try await database.transaction { try await ReconciliationStore($0).record(recorded, run: runID, cursor: cursor) }
            run = ReconciliationStore.Run(id: run.id, cursor: cursor, checked: run.checked + verdicts.count)
        }
    }

    private func ask(_ queries: [RegisterQuery], run: Int) async throws -> [RegisterVerdict] {
        guard !queries.isEmpty else { return [] }
        var failures = 0
        while true {
            do {
                let answers = try await register.verify(queries)
                guard answers.count == queries.count else { throw RegisterFailure.malformed("\(answers.count) answers to \(queries.count) queries") }
                return answers
            } catch RegisterFailure.rateLimited(let wait) {
                try await sleep(max(wait, 0.01))
            } catch let failure as RegisterFailure {
                failures += 1
                try await database.transaction { try await ReconciliationStore($0).noteFailure(run: run) }
                guard failures < maximumFailuresInARow else { throw failure }
                try await sleep(firstBackoff * pow(2, Double(failures - 1)))
            }
        }
    }
}
