import Access
import Admissions
import EduCore
import Foundation
import Logging
import Quality
import Storage

/// A campaign's waiting residences asked of the population register, started from the campaign's page: a large
/// campaign takes minutes at the register's rate, so it runs as a job on whichever instance claims it. The register's
/// answers are written batch by batch, so a check that fails keeps what was answered, and the page's count of
/// residences waiting follows it.
enum ResidenceCheckJobs {
    static let kind = "residence_check"

    struct Payload: Codable {
        let campaignID: Int
        let actor: String
        let origin: String
    }

    /// Queues a check of `campaignID` unless a check is already queued or running (one at a time: the register's rate
    /// is shared); whether it queued one. Refused at once when no register is configured.
    static func submit(campaignID: Int, by actor: Actor, context: AppContext) async throws -> Bool {
        _ = try context.populationRegister()
        guard try await !context.jobs.hasPending(kind: kind) else { return false }
        let payload = String(decoding: try JSONEncoder().encode(Payload(campaignID: campaignID, actor: actor.name, origin: actor.origin)), as: UTF8.self)
        _ = try await context.jobs.enqueue(kind: kind, payload: payload, createdBy: actor.name)
        return true
    }

    /// Runs one claimed check; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
            let tally = try await context.checkResidences(campaignID: payload.campaignID, by: Actor(name: payload.actor, origin: payload.origin))
            return "{\"campaign\":\(payload.campaignID),\"verified\":\(tally.verified),\"queued\":\(tally.queued)}"
        }
    }
}

extension AppContext {
    /// The population register the server is configured with (`EDUVN_REGISTER_URL`).
    func populationRegister() throws -> HTTPPopulationRegister {
        guard let nightlyReconciliation else {
            throw EduError("register.unconfigured", vi: "Chưa cấu hình CSDL dân cư (EDUVN_REGISTER_URL)",
                           en: "No population register is configured (EDUVN_REGISTER_URL)")
        }
        return try HTTPPopulationRegister(nightlyReconciliation)
    }

    /// Asks the register about a campaign's residences still waiting.
    func checkResidences(campaignID: Int, by actor: Actor) async throws -> ResidenceCheck.Tally {
        do {
            return try await ResidenceCheck(database: database, cipher: cipher, register: try populationRegister()).run(campaignID: campaignID, by: actor)
        } catch is RegisterFailure {
            throw EduError("register.unavailable", vi: "CSDL dân cư chưa trả lời được, hãy thử lại sau; phần đã đối chiếu được giữ lại",
                           en: "The population register could not answer; try again later. What it answered is kept")
        }
    }
}
