import Access
import Credentials
import EduCore
import Logging
import Storage

/// The register's holders linked to the registry (`HolderLinkage`), started from the holders' page: it compares every
/// entry with every student, so it runs as a job on whichever instance claims it.
enum HolderLinkageJobs {
    static let kind = "holder_linkage"

    static func submit(by actor: Actor, context: AppContext) async throws -> Int {
        try await JobStarter.submit(kind, by: actor, context: context)
    }

    /// Runs one claimed linkage; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let outcome = try await HolderLinkage.run(context.database, cipher: context.cipher, by: try JobStarter.actor(of: job))
            return "{\"probable\":\(outcome.probable),\"to_review\":\(outcome.toReview),\"unlinked\":\(outcome.unlinked)}"
        }
    }
}
