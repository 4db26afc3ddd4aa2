import Access
import Admissions
import EduCore
import Foundation
import Logging

/// The confirmation deadlines kept with the campaigns, kept by the worker's minute chores: the day after a published
/// campaign's deadline, its places not confirmed go back (families told), each campaign in its own transaction. The
/// store holds the campaign's row and checks again, so however many instances run, a deadline is released once; a
/// campaign another transaction holds is left for the next minute.
enum AdmissionsDeadlines {
    static let actor = Actor(name: "schedule", origin: "confirmation_deadline")
    private static let logger = Logger(label: "eduvn.admissions.deadlines")

    /// Releases every campaign due on the day `date` is in Vietnam; whether any was. A campaign that fails is logged
    /// with its id and does not keep the others from theirs.
    @discardableResult
    static func releaseIfDue(context: AppContext, at date: Date) async throws -> Bool {
        let today = CalendarDate.inVietnam(date).day, cipher = context.cipher
        var released = false
        for campaignID in try await AdmissionsStore(context.database.sql, cipher: cipher).campaignsDueForRelease(today: today) {
            do {
                let lapsed = try await context.database.transaction { db in
                    try await AdmissionsStore(db, cipher: cipher).releaseIfDue(campaignID: campaignID, today: today, by: actor)
                }
                released = released || lapsed != nil
            } catch {
                logger.error("releasing unconfirmed places failed", metadata: ["campaign": "\(campaignID)", "error": "\(type(of: error))"])
            }
        }
        return released
    }
}
