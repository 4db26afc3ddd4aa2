import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// After the results: places left unconfirmed go back, and a supplementary round (xét tuyển bổ sung) offers every place
/// still free to the applicants placed nowhere, by the same engine and rules. As the provinces run it, those already
/// admitted keep their place and take no part: a seat freed at someone's NV1 does not move them up from their NV2.
extension AdmissionsStore {
    /// Places held by admitted or enrolled applications, by school.
    func heldPlaces(campaignID: Int) async throws -> [Int: Int] {
        struct Row: Decodable { let placedSchoolId: Int; let n: Int }
        return Dictionary(uniqueKeysWithValues: try await database.raw("""
            SELECT placed_school_id, COUNT(*) AS n FROM admission_applications
            WHERE campaign_id = \(bind: campaignID) AND placed_school_id IS NOT NULL
                AND status IN (\(bind: ApplicationStatus.admitted.rawValue), \(bind: ApplicationStatus.enrolled.rawValue))
            GROUP BY placed_school_id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.placedSchoolId, $0.n) })
    }

    /// The confirmation period ended with `deadline` (a day in Vietnam, already past on `today`): every application
    /// admitted by then and not enrolled lapses and gives its place back, each family told. Places offered after the
    /// deadline (a later round, an adjustment) keep their own time to confirm. Only on a published campaign; how many
    /// lapsed.
    @discardableResult
    public func releaseUnconfirmed(campaignID: Int, deadline: CalendarDate, today: CalendarDate = .today, by actor: Actor) async throws -> Int {
        try await require(campaignID, .published)
        guard today > deadline else { throw AdmissionsError.deadlineNotPassed(deadline) }
        // The end of the deadline day in Vietnam (UTC+7), as stored times are written.
        let endOfDeadline = Timestamp.string(Date(timeIntervalSince1970: Double(deadline.dayNumber + 1) * 86_400 - 7 * 3_600))
        let notice = Bilingual(vi: "Không xác nhận nhập học trong thời hạn (\(deadline.iso)): chỗ học đã được trả lại để xét tuyển bổ sung.",
                               en: "Enrolment was not confirmed by \(deadline.iso): the place has gone back for the supplementary round.")
        let now = Timestamp.now
        let lapsed = try await database.raw("""
            UPDATE admission_applications SET status = \(bind: ApplicationStatus.lapsed.rawValue), placed_school_id = NULL, placed_rank = NULL,
                explanation_vi = \(bind: notice.vi), explanation_en = \(bind: notice.en), updated_at = \(bind: now)
            WHERE campaign_id = \(bind: campaignID) AND status = \(bind: ApplicationStatus.admitted.rawValue) AND updated_at < \(bind: endOfDeadline)
            RETURNING id
            """).all(decoding: IDRow.self).count
        try await database.raw("""
            INSERT INTO admission_events (application_id, at, kind, detail_vi, detail_en)
            SELECT id, \(bind: now), \(bind: ApplicationEvent.Kind.adjusted.rawValue), explanation_vi, explanation_en FROM admission_applications
            WHERE campaign_id = \(bind: campaignID) AND status = \(bind: ApplicationStatus.lapsed.rawValue) AND updated_at = \(bind: now)
            """).run()
        // A release for the stored deadline, by hand or by itself, is the one release it needs.
        try await database.raw("UPDATE admission_campaigns SET released_for = \(bind: deadline.iso) WHERE id = \(bind: campaignID)").run()
        try await audit("release_unconfirmed", entity: "admission_campaign", id: campaignID, after: "deadline \(deadline.iso): \(lapsed) lapsed", by: actor)
        return lapsed
    }

    /// A supplementary round on a published campaign: each school's places not held (quota less admitted and enrolled)
    /// go by the same deferred acceptance, rank penalty and tie-breaks to the applications placed nowhere, over the
    /// preferences they listed. Each of them is told the round's result at once ("Xét tuyển bổ sung: …"). May be run
    /// again as places come free. Only applications still unplaced when it writes are placed: an adjustment made
    /// meanwhile stands. New preferences registered for the round replace those first listed; it waits until their
    /// registration has closed, and leaves it closed.
    @discardableResult
    public func allocateSupplementary(campaignID: Int, today: CalendarDate = .today, by actor: Actor) async throws -> Allocation {
        let campaign = try await require(campaignID, .published)
        // Families were told registration runs to the end of its day.
        if campaign.takesSupplementaryPreferences(on: today), let until = campaign.supplementaryUntil { throw AdmissionsError.registrationOpen(until) }
        let (problem, schoolIDs, applicationIDs) = try await problem(campaignID: campaignID, supplementary: true)
        let allocation = DeferredAcceptance.allocate(problem, rules: AllocationRules(rankPenalty: campaign.rankPenalty))
        try await writePlacements(allocation, schoolIDs: schoolIDs, applicationIDs: applicationIDs,
                                  prefix: Bilingual(vi: "Xét tuyển bổ sung: ", en: "Supplementary round: "), onlyUnplaced: true)
        let now = Timestamp.now
        for chunk in stride(from: 0, to: applicationIDs.count, by: Self.placementsPerStatement) {
            let ids = Array(applicationIDs[chunk..<min(chunk + Self.placementsPerStatement, applicationIDs.count)])
            try await database.raw("""
                INSERT INTO admission_events (application_id, at, kind, detail_vi, detail_en)
                SELECT id, \(bind: now), \(bind: ApplicationEvent.Kind.result.rawValue), explanation_vi, explanation_en
                FROM admission_applications WHERE id IN (\(binds: ids))
                """).run()
        }
        try await database.raw("UPDATE admission_campaigns SET supplementary_until = NULL WHERE id = \(bind: campaignID)").run()
        try await audit("supplementary_round", entity: "admission_campaign", id: campaignID,
                        after: "\(allocation.placedCount)/\(applicationIDs.count) placed, seats \(problem.schools.map(\.quota).reduce(0, +))", by: actor)
        return allocation
    }
}

/// The confirmation deadline kept with the campaign, and its places released by themselves once it has passed.
extension AdmissionsStore {
    /// Sets the last day families may confirm (today or later), once the campaign is allocated; audited.
    @discardableResult
    public func setConfirmationDeadline(_ deadline: CalendarDate, campaignID: Int, today: CalendarDate = .today, by actor: Actor) async throws -> Campaign {
        let campaign = try await self.campaign(id: campaignID, lock: .exclusive)
        guard campaign.status == .allocated || campaign.status == .published else {
            throw AdmissionsError.status(campaign.status, needed: "allocated")
        }
        guard deadline >= today else { throw AdmissionsError.deadlinePast(deadline) }
        try await database.raw("""
            UPDATE admission_campaigns SET confirm_by = \(bind: deadline.iso), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)
            """).run()
        try await audit("set_confirmation_deadline", entity: "admission_campaign", id: campaignID, before: campaign.confirmBy?.iso,
                        after: deadline.iso, by: actor)
        return try await self.campaign(id: campaignID)
    }

    /// Published campaigns whose deadline has passed on `today` and whose places have not been released for it.
    public func campaignsDueForRelease(today: CalendarDate = .today) async throws -> [Int] {
        try await database.raw("""
            SELECT id FROM admission_campaigns WHERE status = \(bind: Campaign.Status.published.rawValue)
                AND confirm_by IS NOT NULL AND confirm_by < \(bind: today.iso) AND (released_for IS NULL OR released_for <> confirm_by)
            ORDER BY id
            """).all(decoding: IDRow.self).map(\.id)
    }

    /// Releases the campaign's unconfirmed places for its stored deadline, unless that was done already (checked with
    /// the campaign's row held, so of several instances one releases); how many lapsed, nil when there was nothing due
    /// or another transaction holds the campaign (a step under way: the next minute tries again, never waits). Run in
    /// a transaction.
    @discardableResult
    public func releaseIfDue(campaignID: Int, today: CalendarDate = .today, by actor: Actor) async throws -> Int? {
        struct Row: Decodable { let confirmBy: String?; let releasedFor: String? }
        let unlessHeld = Dialect(database) == .postgres ? "FOR UPDATE SKIP LOCKED" : ""
        guard let row = try await database.raw("""
                SELECT confirm_by, released_for FROM admission_campaigns WHERE id = \(bind: campaignID) \(unsafeRaw: unlessHeld)
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase),
              let deadline = row.confirmBy.flatMap(CalendarDate.init(iso:)), today > deadline, row.releasedFor != row.confirmBy
        else { return nil }
        return try await releaseUnconfirmed(campaignID: campaignID, deadline: deadline, today: today, by: actor)
    }
}
