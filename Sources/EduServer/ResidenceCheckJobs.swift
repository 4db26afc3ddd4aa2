import Access
import Admissions
import EduCore
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Quality
import Storage

/// A campaign's waiting residences asked of the population register, started from the campaign's page: a large
/// campaign takes minutes at the register's rate, so it runs as a job on whichever instance claims it, reporting its
/// progress after each batch and while it waits out the rate limit (so no other instance takes it for abandoned). The
/// register's answers are written batch by batch, so a check that fails keeps what was answered; the page's count of
/// residences waiting follows it, and the page shows the campaign's latest check (running, its tally, or why it
/// failed). Two clicks at the same instant on two instances may queue two checks: the second asks only about what
/// the first left waiting.
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

    /// The campaign's latest check in words: running (how far), its tally, or why it failed; nil when there was none
    /// among the latest checks.
    static func latest(campaignID: Int, context: AppContext) async throws -> Bilingual? {
        struct Tally: Decodable { let verified: Int; let queued: Int }
        let jobs = try await context.jobs.recent(kind: kind, limit: 20)
        guard let job = jobs.first(where: { (try? JSONDecoder().decode(Payload.self, from: Data($0.payload.utf8)))?.campaignID == campaignID })
        else { return nil }
        switch job.state {
        case "done":
            guard let tally = job.result.flatMap({ try? JSONDecoder().decode(Tally.self, from: Data($0.utf8)) }) else { return nil }
            return Bilingual(vi: "Lượt đối chiếu với CSDL dân cư gần nhất: \(tally.verified) hồ sơ xác minh được, \(tally.queued) hồ sơ chờ cán bộ xem xét.",
                             en: "Latest check with the population register: \(tally.verified) verified, \(tally.queued) left to officers.")
        case "failed":
            return Bilingual(vi: "Lượt đối chiếu với CSDL dân cư gần nhất không xong (phần đã đối chiếu được giữ lại): \(job.error ?? "")",
                             en: "The latest check with the population register did not finish (what it answered is kept): \(job.error ?? "")")
        default:
            let percent = Int((job.progress * 100).rounded())
            return Bilingual(vi: "Đang đối chiếu với CSDL dân cư: \(percent) %.", en: "Checking with the population register: \(percent) %.")
        }
    }

    /// Runs one claimed check; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
            let jobs = context.jobs
            let fraction = NIOLockedValueBox(0.0)
            let tally = try await context.checkResidences(campaignID: payload.campaignID, by: Actor(name: payload.actor, origin: payload.origin),
                progress: { asked, of in
                    fraction.withLockedValue { $0 = Double(asked) / Double(max(of, 1)) }
                    try? await jobs.report(job, progress: fraction.withLockedValue { $0 })
                },
                sleep: { seconds in
                    try? await jobs.report(job, progress: fraction.withLockedValue { $0 })
                    try await Task.sleep(for: .seconds(seconds))
                })
            return "{\"campaign\":\(payload.campaignID),\"verified\":\(tally.verified),\"queued\":\(tally.queued)}"
        }
    }
}

extension AppContext {
    /// The population register the server is configured with (`EDUVN_REGISTER_URL`).
    func populationRegister(timeout: TimeAmount = .seconds(10)) throws -> HTTPPopulationRegister {
        guard let nightlyReconciliation else {
            throw EduError("register.unconfigured", vi: "Chưa cấu hình CSDL dân cư (EDUVN_REGISTER_URL)",
                           en: "No population register is configured (EDUVN_REGISTER_URL)")
        }
        return try HTTPPopulationRegister(nightlyReconciliation, timeout: timeout)
    }

    /// Asks the register about a campaign's residences still waiting; `progress` and `sleep` as `ResidenceCheck`'s.
    func checkResidences(campaignID: Int, by actor: Actor, progress: (@Sendable (Int, Int) async -> Void)? = nil,
                         sleep: (@Sendable (Double) async throws -> Void)? = nil) async throws -> ResidenceCheck.Tally {
        var check = ResidenceCheck(database: database, cipher: cipher, register: try populationRegister())
        if let progress { check.progress = progress }
        if let sleep { check.sleep = sleep }
        do {
            return try await check.run(campaignID: campaignID, by: actor)
        } catch is RegisterFailure {
            throw EduError("register.unavailable", vi: "CSDL dân cư chưa trả lời được, hãy thử lại sau; phần đã đối chiếu được giữ lại",
                           en: "The population register could not answer; try again later. What it answered is kept")
        }
    }
}
