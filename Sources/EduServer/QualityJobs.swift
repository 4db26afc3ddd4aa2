import Access
import EduCore
import Foundation
import Logging
import Quality
import Storage

/// The nightly quality run (`EDUVN_QUALITY_HOUR`, default 03:00 Vietnam time): every student and staff member
/// checked against the shipped rules, so the dashboard's trend and the schools' worklists follow the data by
/// themselves. A department with its own rules runs `eduvn quality run --rules FILE` instead (and sets the hour to off).
enum QualityJobs {
    static let kind = "quality"

    /// The night the run is for: its day dates the run, whenever a busy worker gets to it.
    struct Payload: Codable {
        let day: String
    }

    @discardableResult
    static func queueIfDue(context: AppContext, at date: Date = Date()) async throws -> Bool {
        guard let schedule = context.qualitySchedule, let day = schedule.dueDay(at: date) else { return false }
        let payload = String(decoding: try JSONEncoder().encode(Payload(day: day)), as: UTF8.self)
        return try await NightlyJobs.queueIfDue(kind: kind, schedule: "quality", schedule, payload: payload, context: context, at: date)
    }

    /// One run per night (``QualityStore/runOnce(rules:today:cipher:by:)``).
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let payload = try JSONDecoder().decode(Payload.self, from: Data(job.payload.utf8))
            guard let today = CalendarDate(iso: payload.day) else { throw EduError("quality.day", vi: "Ngày không hợp lệ", en: "Not a day") }
            let rules = try QualityRule.standard(), cipher = context.cipher
            let summary = try await context.database.transaction { db in
                try await QualityStore(db).runOnce(rules: rules, today: today, cipher: cipher, by: Actor(name: "schedule", origin: "nightly"))
            }
            guard let summary else { return "{\"skipped\":\"\(payload.day)\"}" }
            return "{\"run\":\(summary.runID),\"records\":\(summary.records),\"findings\":\(summary.findings)}"
        }
    }
}
