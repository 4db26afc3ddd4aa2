import Access
import EduCore
import Foundation
import Logging
import Metrics
import Storage

/// How a claimed job of any kind ends: its result stored on the job, or its failure (never thrown), counted in
/// `eduvn_jobs_total`. The log names the job and its kind only, never its result (an import's problems quote cells).
/// A job cut short because the server is stopping goes back to the queue, for this or another instance to resume.
enum JobRecording {
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger, _ body: () async throws -> String) async {
        do {
            let result = try await body()
            try await context.jobs.finish(id: job.id, result: result)
            Counter(label: "eduvn_jobs_total", dimensions: [("kind", job.kind), ("state", "done")]).increment()
            logger.info("job finished", metadata: ["job": "\(job.id)", "kind": "\(job.kind)"])
        } catch let error where Task.isCancelled || error is CancellationError {
            logger.info("job interrupted, queued again", metadata: ["job": "\(job.id)", "kind": "\(job.kind)"])
            try? await context.jobs.release(id: job.id)
        } catch {
            let message = (error as? EduError)?.message.description ?? "\(type(of: error))"
            logger.error("job failed", metadata: ["job": "\(job.id)", "kind": "\(job.kind)", "error": "\(message)"])
            try? await context.jobs.fail(id: job.id, error: message)
            Counter(label: "eduvn_jobs_total", dimensions: [("kind", job.kind), ("state", "failed")]).increment()
        }
    }
}

/// Who started a job from a page: its whole payload, so that what the job writes is audited in their name.
struct JobStarter: Codable {
    let actor: String
    let origin: String

    static func submit(_ kind: String, by actor: Actor, context: AppContext) async throws -> Int {
        let payload = String(decoding: try JSONEncoder().encode(JobStarter(actor: actor.name, origin: actor.origin)), as: UTF8.self)
        return try await context.jobs.enqueue(kind: kind, payload: payload, createdBy: actor.name)
    }

    /// The actor a job's payload names.
    static func actor(of job: JobQueue.Job) throws -> Actor {
        let starter = try JSONDecoder().decode(JobStarter.self, from: Data(job.payload.utf8))
        return Actor(name: starter.actor, origin: starter.origin)
    }
}
