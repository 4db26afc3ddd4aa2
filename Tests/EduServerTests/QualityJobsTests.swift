import Access
import EduCore
@testable import EduServer
import Foundation
import Logging
import Quality
import SQLKit
import Storage
import Testing
import TestSupport

/// The nightly quality run: queued once a night from its hour (Vietnam time) whatever the number of instances, run as
/// a job, and its hour configured or turned off.
@Suite struct QualityJobsTests {
    @Test func theNightlyQualityRunIsQueuedOncePerNightAndRunsAsAJob() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let context = AppContext(database: db.database, cipher: db.cipher, qualitySchedule: NightlySchedule(hour: 3))
            let other = AppContext(database: db.database, cipher: db.cipher, qualitySchedule: NightlySchedule(hour: 3))
            let twoAM = try #require(ISO8601DateFormatter().date(from: "2026-11-22T19:00:00Z")), fourAM = twoAM.addingTimeInterval(2 * 3600)
            // The reconciliation's night is claimed apart: taking it does not use up the quality run's.
            #expect(try await ReconciliationStore(db.database.sql).claimNight("2026-11-23"))
            #expect(try await QualityJobs.queueIfDue(context: context, at: twoAM) == false, "02:00 in Hà Nội is before the hour")
            #expect(try await QualityJobs.queueIfDue(context: context, at: fourAM))

            let job = try #require(try await context.jobs.claim(kinds: [QualityJobs.kind], worker: "test"))
            await QualityJobs.run(job, context: context, logger: Logger(label: "test"))
            let done = try #require(try await context.jobs.job(id: job.id))
            #expect(done.state == "done", "\(done.error ?? "")")
            let records = try await db.database.sql.raw("""
                SELECT (SELECT COUNT(*) FROM students) + (SELECT COUNT(*) FROM staff WHERE status = 'active')
                    + (SELECT COUNT(*) FROM schools WHERE status = 'active')
                    + (SELECT COUNT(*) FROM classes c JOIN schools sc ON sc.id = c.school_id
                       WHERE sc.status = 'active' AND c.school_year = (SELECT MAX(l.school_year) FROM classes l WHERE l.school_id = c.school_id)) AS id
                """).first(decoding: IDRow.self)!.id
            #expect(done.result?.hasPrefix("{\"run\":1,\"records\":\(records),") == true, "\(done.result ?? "")")
            #expect(try await QualityJobs.queueIfDue(context: other, at: fourAM.addingTimeInterval(3600)) == false,
                    "once a night, whichever instance asks, with nothing pending")
            let trend = try await QualityStore(db.database.sql).provinceTrend()
            #expect(trend.map(\.takenOn) == ["2026-11-23"], "dated by the night it was queued for")

            // The same night's job taken up again (a worker that looked gone) makes no second run.
            await QualityJobs.run(job, context: context, logger: Logger(label: "test"))
            #expect(try await QualityStore(db.database.sql).provinceTrend().count == 1)
            #expect(try await context.jobs.job(id: job.id)?.result == "{\"skipped\":\"2026-11-23\"}")
            #expect(try await QualityJobs.queueIfDue(context: other, at: fourAM.addingTimeInterval(86_400)), "the next night")
        }
    }

    @Test func theHourIsConfiguredOrTurnedOff() throws {
        #expect(try NightlySchedule.quality(environment: [:]) == NightlySchedule(hour: 3))
        #expect(try NightlySchedule.quality(environment: ["EDUVN_QUALITY_HOUR": "22"]) == NightlySchedule(hour: 22))
        #expect(try NightlySchedule.quality(environment: ["EDUVN_QUALITY_HOUR": "off"]) == nil)
        #expect(throws: EduError.self) { try NightlySchedule.quality(environment: ["EDUVN_QUALITY_HOUR": "24"]) }
        #expect(NightlySchedule(hour: 3).dueDay(at: Date(timeIntervalSince1970: 0)) == "1970-01-01", "07:00 in Hà Nội")
    }
}
