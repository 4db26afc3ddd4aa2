import Access
import EduCore
import Logging
import Quality
import Storage

/// A scan of the registry for duplicate records, started from the review page: it compares every student, so it runs
/// as a job on whichever instance claims it, and proposes its pairs in one transaction.
enum LinkageJobs {
    static let kind = "linkage_scan"

    static func submit(by actor: Actor, context: AppContext) async throws -> Int {
        try await JobStarter.submit(kind, by: actor, context: context)
    }

    /// Runs one claimed scan; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let scan = try await LinkageStore.scan(context.database, cipher: context.cipher, by: try JobStarter.actor(of: job))
            return "{\"run\":\(scan.runID),\"pending\":\(scan.pending[.students] ?? 0),\"staff_pending\":\(scan.pending[.staff] ?? 0)}"
        }
    }
}
