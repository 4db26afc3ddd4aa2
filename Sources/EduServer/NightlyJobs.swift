import Foundation
import Quality
import Storage

/// Jobs a server queues once a night: from the schedule's hour, one instance (whichever claims the night in the
/// database) queues it, and whichever instance claims the job runs it; not while the last night's is still waiting.
enum NightlyJobs {
    /// Whether this call queued the night's `kind` job. `schedule`: the name the night is claimed under.
    static func queueIfDue(kind: String, schedule name: String, _ schedule: NightlySchedule, payload: String, context: AppContext,
                           at date: Date) async throws -> Bool {
        guard let day = schedule.dueDay(at: date), try await !context.jobs.hasPending(kind: kind) else { return false }
        return try await context.database.transaction { db in
            guard try await ReconciliationStore(db).claimNight(day, schedule: name) else { return false }
            _ = try await JobQueue(db).enqueue(kind: kind, payload: payload, createdBy: "schedule")
            return true
        }
    }
}
