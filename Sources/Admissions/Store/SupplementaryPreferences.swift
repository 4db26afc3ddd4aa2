import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// New preferences for the supplementary round: after publication the department opens registration up to a day; an
/// applicant placed nowhere then lists, in order, schools that still have places (as many as the campaign allows),
/// and the round ranks those instead of the preferences first listed. Applicants who register nothing take part with
/// their first list, as before. The round waits until registration has closed (at the end of its day, or closed early
/// by the department), and running it leaves registration closed until opened again.
extension AdmissionsStore {
    /// Opens (or moves the end of) registration on a published campaign, up to the end of `until` (today or later).
    @discardableResult
    public func openSupplementaryPreferences(until: CalendarDate, campaignID: Int, today: CalendarDate = .today, by actor: Actor) async throws -> Campaign {
        try await require(campaignID, .published)
        guard until >= today else { throw AdmissionsError.registrationPast(until) }
        try await database.raw("""
            UPDATE admission_campaigns SET supplementary_until = \(bind: until.iso), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)
            """).run()
        try await audit("supplementary_registration", entity: "admission_campaign", id: campaignID, after: "until \(until.iso)", by: actor)
        return try await campaign(id: campaignID)
    }

    /// Ends registration now (the round may then run).
    public func closeSupplementaryPreferences(campaignID: Int, by actor: Actor) async throws {
        try await require(campaignID, .published)
        try await database.raw("UPDATE admission_campaigns SET supplementary_until = NULL, updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)").run()
        try await audit("supplementary_registration", entity: "admission_campaign", id: campaignID, after: "closed", by: actor)
    }

    /// Each school's places not held by an admitted or enrolled application (zero or more), by school id.
    public func placesLeft(campaignID: Int) async throws -> [Int: Int] {
        struct Row: Decodable { let schoolId: Int; let quota: Int }
        let held = try await heldPlaces(campaignID: campaignID)
        return Dictionary(uniqueKeysWithValues: try await database.raw("""
            SELECT school_id, quota FROM admission_schools WHERE campaign_id = \(bind: campaignID)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.schoolId, max(0, $0.quota - (held[$0.schoolId] ?? 0))) })
    }

    /// Registers an unplaced applicant's new preferences (school ids, first choice first), replacing any registered
    /// before; each school must be in the campaign and have a place left now. The family reads the list in its history.
    public func registerSupplementaryPreferences(_ preferences: [Int], applicationID: Int, today: CalendarDate = .today,
                                                 by actor: Actor) async throws {
        let campaign = try await campaign(id: try await application(applicationID).campaignId, lock: .shared)
        // Read again held: an adjustment, or the same family's second registration, waits for this one.
        let application = try await application(applicationID, locked: true)
        guard campaign.takesSupplementaryPreferences(on: today) else { throw AdmissionsError.supplementaryClosed }
        guard application.status == .unplaced else { throw AdmissionsError.supplementaryPlaced }
        guard application.ineligibleVi == nil else { throw AdmissionsError.supplementaryIneligible }
        try await checkPreferences(preferences, of: campaign)
        let left = try await placesLeft(campaignID: campaign.id)
        let names = try await schoolNames(preferences)
        if let full = preferences.first(where: { left[$0] == 0 }) { throw AdmissionsError.noPlaceLeft(names[full] ?? "") }
        try await database.raw("DELETE FROM admission_supplementary_preferences WHERE application_id = \(bind: applicationID)").run()
        for (index, school) in preferences.enumerated() {
            try await database.raw("""
                INSERT INTO admission_supplementary_preferences (application_id, rank, school_id)
                VALUES (\(bind: applicationID), \(bind: index + 1), \(bind: school))
                """).run()
        }
        try await audit("supplementary_preferences", entity: "admission_application", id: applicationID, after: "preferences \(preferences)", by: actor)
        try await record(.supplementaryPreferences, applicationID: applicationID,
                         try await listed(preferences, vi: "Đăng ký nguyện vọng xét tuyển bổ sung", en: "Preferences for the supplementary round"))
    }
}
