import Access
import EduCore
import Foundation
import Logging
import Quality
import Storage

/// A scan of the registry for duplicate records, started from the review page: it compares every student, so it runs
/// as a job on whichever instance claims it, and proposes its pairs in one transaction.
enum LinkageJobs {
    static let kind = "linkage_scan"

    struct Payload: Codable {
        let actor: String
        let origin: String
    }

    static func submit(by actor: Actor, context: AppContext) async throws -> Int {
        let payload = String(decoding: try JSONEncoder().encode(Payload(actor: actor.name, origin: actor.origin)), as: UTF8.self)
        return try await context.jobs.enqueue(kind: kind, payload: payload, createdBy: actor.name)
    }

    /// Runs one claimed scan; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
            let scan = try await LinkageStore.scan(context.database, cipher: context.cipher, by: Actor(name: payload.actor, origin: payload.origin))
            return "{\"run\":\(scan.runID),\"pending\":\(scan.pending[.students] ?? 0),\"staff_pending\":\(scan.pending[.staff] ?? 0)}"
        }
    }
}
