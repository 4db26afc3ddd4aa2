import Access
import EduCore
import Foundation
import Storage

/// Checks every student, then every staff member, against the population register, a batch at a time. Each batch's
/// verdicts are written together with the run's cursor, so the job can stop anywhere (a crash, a restart, the register
/// down) and resume where it was, never checking a person twice in one run nor counting one twice. It waits as long as
/// the register asks when over its rate, backs off on errors, and stops (to be resumed) after too many failures in a row.
/// A run limited by `staleAfter` checks only the people never checked, not checked for that long, or changed since
/// their check: the nightly run.
public struct ReconciliationJob: Sendable {
    public let database: EduDatabase
    public let cipher: PersonalDataCipher
    public let register: any PopulationRegister
    public var batchSize: Int
    /// Days after which a check is due again; nil checks everyone.
    public var staleAfter: Int?
    public var maximumFailuresInARow = 5
    public var firstBackoff = 1.0
    /// How waiting is done (tests pass one that records instead of sleeping).
    public var sleep: @Sendable (Double) async throws -> Void = { try await Task.sleep(for: .seconds($0)) }
    /// Told after each batch how many people the run has checked (a job reports it as progress).
    public var progress: @Sendable (Int) async -> Void = { _ in }

    public init(database: EduDatabase, cipher: PersonalDataCipher, register: any PopulationRegister, batchSize: Int = 100,
                staleAfter: Int? = nil) {
        self.database = database
        self.cipher = cipher
        self.register = register
        self.batchSize = max(1, min(batchSize, register.batchLimit))
        self.staleAfter = staleAfter
    }

    public struct Summary: Sendable, Hashable {
        public let runID: Int
        public let checked: Int
    }

    /// Runs (or resumes, with the scope it started with) a reconciliation to the end.
    public func run() async throws -> Summary {
        let store = ReconciliationStore(database.sql)
        let staleBefore = staleAfter.map { Timestamp.string(Date().addingTimeInterval(-Double($0) * 86_400)) }
        var run = try await database.transaction { try await ReconciliationStore($0).openRun(staleBefore: staleBefore) }
        for roster in ReconciliationStore.Roster.allCases {
            while true {
                let people = try await store.people(roster, after: run.cursor(of: roster), staleBefore: run.staleBefore, limit: batchSize)
                guard let last = people.last else { break }
                let verdicts = try await check(people, run: run.id)
                let (runID, cursor) = (run.id, last.id)
                try await database.transaction { try await ReconciliationStore($0).record(verdicts, roster, run: runID, cursor: cursor) }
                run = run.advanced(roster, to: cursor, checked: verdicts.count)
                await progress(run.checked)
            }
        }
        let runID = run.id
        try await database.transaction { try await ReconciliationStore($0).finish(run: runID) }
        return Summary(runID: run.id, checked: run.checked)
    }

    private func check(_ people: [ReconciliationStore.Person], run: Int) async throws -> [(personID: Int, status: String, register: [String: String])] {
        var verdicts: [(personID: Int, status: String, register: [String: String])] = []
        var queries: [(personID: Int, query: RegisterQuery)] = []
        for person in people {
            guard let id = try person.nationalIdEnc.map(cipher.open) else {
                verdicts.append((person.id, "no_national_id", [:]))
                continue
            }
            queries.append((person.id, RegisterQuery(nationalID: id, fullName: person.fullName, dateOfBirth: person.dateOfBirth, gender: person.gender)))
        }
        let answers = try await ask(queries.map(\.query), run: run)
        for (query, answer) in zip(queries, answers) { verdicts.append((query.personID, answer.status.rawValue, answer.register)) }
        return verdicts
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
