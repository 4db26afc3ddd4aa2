import Access
import EduCore
import SQLKit
import Storage

/// After the results: places left unconfirmed go back, and a supplementary round (xét tuyển bổ sung) offers every place
/// still free to the applicants placed nowhere — the same engine on what is left, so it is as fair as the first round.
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

    /// The confirmation period is over: every admitted application not yet enrolled lapses and gives its place back,
    /// each family told. Only on a published campaign; how many lapsed.
    @discardableResult
    public func releaseUnconfirmed(campaignID: Int, by actor: Actor) async throws -> Int {
        try await require(campaignID, .published)
        let notice = Bilingual(vi: "Không xác nhận nhập học trong thời hạn: chỗ học đã được trả lại để xét tuyển bổ sung.",
                               en: "Enrolment was not confirmed in time: the place has gone back for the supplementary round.")
        let lapsed = try await database.raw("""
            UPDATE admission_applications SET status = \(bind: ApplicationStatus.lapsed.rawValue), placed_school_id = NULL, placed_rank = NULL,
                explanation_vi = \(bind: notice.vi), explanation_en = \(bind: notice.en), updated_at = \(bind: Timestamp.now)
            WHERE campaign_id = \(bind: campaignID) AND status = \(bind: ApplicationStatus.admitted.rawValue)
            RETURNING id
            """).all(decoding: IDRow.self).map(\.id)
        for id in lapsed { try await record(.adjusted, applicationID: id, notice) }
        try await audit("release_unconfirmed", entity: "admission_campaign", id: campaignID, after: "\(lapsed.count) lapsed", by: actor)
        return lapsed.count
    }

    /// A supplementary round on a published campaign: each school's places not held (quota less admitted and enrolled)
    /// go by the same deferred acceptance, rank penalty and tie-breaks to the applications placed nowhere, over the
    /// preferences they listed. Each of them is told the round's result at once ("Xét tuyển bổ sung: …"). May be run
    /// again as places come free; an enrolled or admitted application is never moved.
    @discardableResult
    public func allocateSupplementary(campaignID: Int, by actor: Actor) async throws -> Allocation {
        let campaign = try await require(campaignID, .published)
        let (problem, schoolIDs, applicationIDs) = try await problem(campaignID: campaignID, supplementary: true)
        let allocation = DeferredAcceptance.allocate(problem, rules: AllocationRules(rankPenalty: campaign.rankPenalty))
        try await writePlacements(allocation, schoolIDs: schoolIDs, applicationIDs: applicationIDs,
                                  prefix: Bilingual(vi: "Xét tuyển bổ sung: ", en: "Supplementary round: "))
        let now = Timestamp.now
        for chunk in stride(from: 0, to: applicationIDs.count, by: Self.placementsPerStatement) {
            let ids = Array(applicationIDs[chunk..<min(chunk + Self.placementsPerStatement, applicationIDs.count)])
            try await database.raw("""
                INSERT INTO admission_events (application_id, at, kind, detail_vi, detail_en)
                SELECT id, \(bind: now), \(bind: ApplicationEvent.Kind.result.rawValue), explanation_vi, explanation_en
                FROM admission_applications WHERE id IN (\(binds: ids))
                """).run()
        }
        try await audit("supplementary_round", entity: "admission_campaign", id: campaignID,
                        after: "\(allocation.placedCount)/\(applicationIDs.count) placed, seats \(problem.schools.map(\.quota).reduce(0, +))", by: actor)
        return allocation
    }
}
