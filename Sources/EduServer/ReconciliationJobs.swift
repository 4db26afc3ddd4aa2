import EduCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import Quality
import Storage

/// The nightly reconciliation with the population register, as a job: once a day from the configured hour, one
/// instance (whichever claims the night in the database) queues it, and whichever instance claims the job runs it.
/// A run cut short (an instance stopped, the register down) resumes where it was when the job is claimed again.
enum ReconciliationJobs {
    static let kind = "reconcile"

    struct Payload: Codable {
        let staleAfter: Int
    }

    /// Queues the night's run when it is due (``NightlyJobs``); whether this call queued it.
    @discardableResult
    static func queueIfDue(context: AppContext, at date: Date = Date()) async throws -> Bool {
        guard let nightly = context.nightlyReconciliation else { return false }
        let payload = String(decoding: try JSONEncoder().encode(Payload(staleAfter: nightly.staleAfter)), as: UTF8.self)
        return try await NightlyJobs.queueIfDue(kind: kind, schedule: "reconciliation", nightly.schedule, payload: payload, context: context, at: date)
    }

    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            guard let nightly = context.nightlyReconciliation else {
                throw EduError("reconcile.unconfigured", vi: "Chưa cấu hình EDUVN_REGISTER_URL", en: "EDUVN_REGISTER_URL is not set")
            }
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
            let store = ReconciliationStore(context.database.sql)
            let tally = try await store.tally()
            let everyone = max(1, tally.students + tally.staff)
            var reconciliation = ReconciliationJob(database: context.database, cipher: context.cipher,
                                                   register: try HTTPPopulationRegister(nightly), staleAfter: payload.staleAfter)
            // Progress keeps the job fresh, so another instance does not take over a long run that is still going: after
            // each batch, and while waiting out the register's rate limit or an error.
            let jobs = context.jobs
            let fraction = NIOLockedValueBox(0.0)
            reconciliation.progress = { checked in
                fraction.withLockedValue { $0 = min(1, Double(checked) / Double(everyone)) }
                try? await jobs.report(job, progress: fraction.withLockedValue { $0 })
            }
            reconciliation.sleep = { seconds in
                try? await jobs.report(job, progress: fraction.withLockedValue { $0 })
                try await Task.sleep(for: .seconds(seconds))
            }
            let summary = try await reconciliation.run()
            return "{\"run\":\(summary.runID),\"checked\":\(summary.checked)}"
        }
    }
}
