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

    @discardableResult
    static func queueIfDue(context: AppContext, at date: Date = Date()) async throws -> Bool {
        guard let schedule = context.qualitySchedule else { return false }
        return try await NightlyJobs.queueIfDue(kind: kind, schedule: "quality", schedule, payload: "{}", context: context, at: date)
    }

    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger, at date: Date = Date()) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let rules = try QualityRule.standard(), today = CalendarDate.inVietnam(date).day, cipher = context.cipher
            let summary = try await context.database.transaction { db in
                try await QualityStore(db).run(rules: rules, today: today, cipher: cipher, by: Actor(name: "schedule", origin: "nightly"))
            }
            return "{\"run\":\(summary.runID),\"records\":\(summary.records),\"findings\":\(summary.findings)}"
        }
    }
}
