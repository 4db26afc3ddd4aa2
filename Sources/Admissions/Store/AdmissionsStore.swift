import Access
import EduCore
import Foundation
import Registry
import SQLKit
import Storage

/// Campaigns, applications, the allocation written back, publication and enrolment. Every change is audited.
/// Run each call in a transaction: a refused call changes nothing.
public struct AdmissionsStore: Sendable {
    let database: any SQLDatabase
    let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    // MARK: Campaigns

    public func createCampaign(_ draft: CampaignDraft, by actor: Actor) async throws -> Campaign {
        guard [1, 6, 10].contains(draft.entryGrade) else { throw AdmissionsError.grade }
        guard (1...10).contains(draft.preferenceCount) else { throw AdmissionsError.preferenceCount }
        guard Self.isSchoolYear(draft.schoolYear) else { throw AdmissionsError.schoolYear }
        let taken = try await database.raw("""
            SELECT id FROM admission_campaigns WHERE school_year = \(bind: draft.schoolYear) AND entry_grade = \(bind: draft.entryGrade)
            """).first()
        guard taken == nil else { throw AdmissionsError.campaignExists }
        let now = Timestamp.now
        let id = try await database.raw("""
            INSERT INTO admission_campaigns (school_year, entry_grade, method, preference_count, rank_penalty, status, created_at, updated_at)
            VALUES (\(bind: draft.schoolYear), \(bind: draft.entryGrade), \(bind: draft.method.rawValue), \(bind: draft.preferenceCount),
                    \(bind: draft.rankPenalty.hundredths), \(bind: Campaign.Status.open.rawValue), \(bind: now), \(bind: now))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await audit("create", entity: "admission_campaign", id: id, after: "\(draft.schoolYear) grade \(draft.entryGrade)", by: actor)
        return try await campaign(id: id)
    }

    /// How a step holds the campaign's row to the end of its transaction (PostgreSQL; SQLite has one writer): a step
    /// that changes what the campaign is (closing, allocating, publishing, a round) alone; applications and adjustments
    /// side by side with each other, never across such a step. So two instances cannot, say, publish while another
    /// allocates again, or take an application as the campaign closes.
    enum CampaignLock: String { case none = "", shared = "FOR SHARE", exclusive = "FOR UPDATE" }

    public func campaign(id: Int) async throws -> Campaign { try await campaign(id: id, lock: .none) }

    func campaign(id: Int, lock: CampaignLock) async throws -> Campaign {
        let hold = Dialect(database) == .postgres ? lock.rawValue : ""
        guard let row = try await database.raw("""
            SELECT id, school_year, entry_grade, method, preference_count, rank_penalty, status, opens_on, closes_on, confirm_by, supplementary_until
            FROM admission_campaigns WHERE id = \(bind: id) \(unsafeRaw: hold)
            """).first(decoding: CampaignRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw AdmissionsError.notFound }
        return Campaign(id: row.id, schoolYear: row.schoolYear, entryGrade: row.entryGrade, method: row.method,
                        preferenceCount: row.preferenceCount, rankPenalty: Points(hundredths: row.rankPenalty), status: row.status,
                        schedule: CampaignSchedule(opensOn: row.opensOn.flatMap(CalendarDate.init(iso:)),
                                                   closesOn: row.closesOn.flatMap(CalendarDate.init(iso:))),
                        confirmBy: row.confirmBy.flatMap(CalendarDate.init(iso:)),
                        supplementaryUntil: row.supplementaryUntil.flatMap(CalendarDate.init(iso:)))
    }

    /// The days an open campaign takes applications (both included, by the calendar in Vietnam); answers the campaign.
    @discardableResult
    public func setSchedule(_ schedule: CampaignSchedule, campaignID: Int, by actor: Actor) async throws -> Campaign {
        let before = try await require(campaignID, .open).schedule
        if let opens = schedule.opensOn, let closes = schedule.closesOn, closes < opens { throw AdmissionsError.scheduleOrder }
        try await database.raw("""
            UPDATE admission_campaigns SET opens_on = \(bind: schedule.opensOn?.description), closes_on = \(bind: schedule.closesOn?.description),
                updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)
            """).run()
        try await audit("schedule", entity: "admission_campaign", id: campaignID, before: Self.describe(before), after: Self.describe(schedule), by: actor)
        return try await campaign(id: campaignID)
    }

    private static func describe(_ schedule: CampaignSchedule) -> String {
        "\(schedule.opensOn?.description ?? "…") – \(schedule.closesOn?.description ?? "…")"
    }

    /// Adds a school to an open campaign, or changes its quota.
    public func setSchool(campaignID: Int, schoolID: Int, quota: Int, specialised: Bool = false, by actor: Actor) async throws {
        guard quota >= 0 else { throw AdmissionsError.quota }
        let campaign = try await require(campaignID, .open)
        struct Levels: Decodable { let levels: String }
        guard let levels = try await database.raw("SELECT levels FROM schools WHERE id = \(bind: schoolID)").first(decoding: Levels.self)
        else { throw AdmissionsError.notFound }
        guard (SchoolLevel.parseList(levels.levels) ?? []).contains(where: { $0.admits(entryGrade: campaign.entryGrade) }) else {
            throw AdmissionsError.schoolLevel(grade: campaign.entryGrade)
        }
        try await database.raw("""
            INSERT INTO admission_schools (campaign_id, school_id, quota, specialised) VALUES (\(bind: campaignID), \(bind: schoolID), \(bind: quota), \(bind: specialised ? 1 : 0))
            ON CONFLICT (campaign_id, school_id) DO UPDATE SET quota = excluded.quota, specialised = excluded.specialised
            """).run()
        try await audit("set_quota", entity: "admission_campaign", id: campaignID, after: "school \(schoolID): \(quota)\(specialised ? " specialised" : "")", by: actor)
    }

    /// Open → closed (no more applications).
    public func close(campaignID: Int, by actor: Actor) async throws {
        try await require(campaignID, .open)
        try await setStatus(.closed, campaignID: campaignID, by: actor)
    }

    // MARK: Applications

    /// Records an application with a fresh lottery number (the published tie-break). One per child and campaign.
    /// `familyAccountID`: the guardian's account when the family applied themselves; they follow it at `/gia-dinh`.
    /// `day`: today in Vietnam, which the campaign's schedule must admit.
    public func submit(_ form: ApplicationForm, campaignID: Int, familyAccountID: Int? = nil, identity: IdentitySource = .staff,
                       on day: CalendarDate = .today, by actor: Actor) async throws -> Int {
        let campaign = try await require(campaignID, .open, lock: .shared)
        try await validate(form, of: campaign, on: day)
        let hash = cipher.lookupHash(form.nationalID.digits)
        let now = Timestamp.now
        let id = try await database.raw("""
            INSERT INTO admission_applications (campaign_id, national_id_enc, national_id_hash, full_name, date_of_birth, priority_points,
                tiebreak, direct_school_id, consent_to_publish, status, family_account_id, identity_source, created_by, created_at, updated_at)
            VALUES (\(bind: campaignID), \(bind: try cipher.seal(form.nationalID.digits)), \(bind: hash), \(bind: form.fullName.nfc),
                \(bind: form.dateOfBirth.description), \(bind: form.priorityPoints.hundredths), \(bind: try await lotteryNumber(campaignID: campaignID)),
                \(bind: form.directSchoolID), \(bind: form.consentToPublish ? 1 : 0), \(bind: ApplicationStatus.submitted.rawValue),
                \(bind: familyAccountID), \(bind: identity.rawValue), \(bind: actor.name), \(bind: now), \(bind: now))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await insertPreferences(form.preferences, applicationID: id)
        if campaign.usesCatchments, let residence = form.residence {
            try await recordResidence(residence, applicationID: id, identity: identity, fromRegister: form.residenceFromRegister)
        }
        try await audit("submit", entity: "admission_application", id: id, after: "preferences \(form.preferences)", by: actor)
        try await record(.submitted, applicationID: id, try await listed(form.preferences, vi: "Đã nộp hồ sơ. Nguyện vọng", en: "Application received. Preferences"))
        return id
    }

    /// What an application must satisfy before anything is written or asked of the population register: the campaign
    /// open on `day`, the preferences, no application of the child yet. Reads only.
    public func check(_ form: ApplicationForm, campaignID: Int, on day: CalendarDate = .today) async throws {
        try await validate(form, of: try await require(campaignID, .open, lock: .none), on: day)
    }

    private func validate(_ form: ApplicationForm, of campaign: Campaign, on day: CalendarDate) async throws {
        guard campaign.schedule.admits(day) else { throw AdmissionsError.outsideSchedule }
        if campaign.usesCatchments, let residence = form.residence, !form.residenceFromRegister { try await check([residence]) }
        try await checkPreferences(form.preferences + (form.directSchoolID.map { [$0] } ?? []), of: campaign, listed: form.preferences.count)
        let existing = try await database.raw("""
            SELECT id FROM admission_applications WHERE campaign_id = \(bind: campaign.id) AND national_id_hash = \(bind: cipher.lookupHash(form.nationalID.digits))
            """).first()
        guard existing == nil else { throw AdmissionsError.duplicateApplication }
    }

    /// Questions a family account may ask the population register a day: enough for a family's children and its
    /// typos, too few to search the register with.
    public static let registerLookupsPerDay = 10

    /// Counts a family account's question to the population register today; refused (`admissions.register_quota`)
    /// once it has asked ``registerLookupsPerDay`` times (one conditional upsert: parallel requests never pass it).
    public func admitRegisterLookup(familyAccountID: Int, on day: CalendarDate = .today) async throws {
        let counted = try await database.raw("""
            INSERT INTO admission_register_lookups (account_id, day, lookups) VALUES (\(bind: familyAccountID), \(bind: day.iso), 1)
            ON CONFLICT (account_id, day) DO UPDATE SET lookups = admission_register_lookups.lookups + 1
            WHERE admission_register_lookups.lookups < \(bind: Self.registerLookupsPerDay)
            RETURNING lookups
            """).first()
        guard counted != nil else { throw AdmissionsError.registerQuota }
    }

    /// The first `listed` of `schools` are ranked preferences (at most the campaign's number, none twice); all must be
    /// the campaign's, and there is at least one school.
    func checkPreferences(_ schools: [Int], of campaign: Campaign, listed: Int? = nil) async throws {
        guard !schools.isEmpty else { throw AdmissionsError.noPreference }
        let ranked = schools.prefix(listed ?? schools.count)
        guard ranked.count <= campaign.preferenceCount else { throw AdmissionsError.tooManyPreferences }
        guard Set(ranked).count == ranked.count else { throw AdmissionsError.repeatedPreference }
        let taking = try await schoolIDs(campaignID: campaign.id)
        guard schools.allSatisfy(taking.contains) else { throw AdmissionsError.schoolNotInCampaign }
    }

    func insertPreferences(_ schools: [Int], applicationID: Int) async throws {
        for (index, school) in schools.enumerated() {
            try await database.raw("""
                INSERT INTO admission_preferences (application_id, rank, school_id) VALUES (\(bind: applicationID), \(bind: index + 1), \(bind: school))
                """).run()
        }
    }

    /// "`lead`: 1. School A; 2. School B." in both languages, for a family's history.
    func listed(_ schools: [Int], vi: String, en: String) async throws -> Bilingual {
        let names = try await schoolNames(schools)
        let list = schools.enumerated().map { "\($0.offset + 1). \(names[$0.element] ?? "")" }.joined(separator: "; ")
        return Bilingual(vi: "\(vi): \(list).", en: "\(en): \(list).")
    }

    /// The exam or review score, once known.
    public func recordScore(_ score: Points, applicationID: Int, by actor: Actor) async throws {
        guard score <= Self.maximumScore else { throw AdmissionsError.scoreRange }
        let before = try await application(applicationID)
        // With paper rules the score is the papers' (recordPapers), never typed over them.
        guard try await rules(campaignID: before.campaignId) == nil else { throw AdmissionsError.papersRequired }
        try await scoresChange(campaignID: before.campaignId, by: actor)
        try await database.raw("""
            UPDATE admission_applications SET score = \(bind: score.hundredths), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: applicationID)
            """).run()
        try await audit("score", entity: "admission_application", id: applicationID,
                        before: before.score.map { Points(hundredths: $0).description }, after: score.description, by: actor)
    }

    // MARK: Allocation, publication, enrolment

    /// Runs the allocation on a closed (or already allocated, not yet published) campaign and writes every placement,
    /// explanation, cut-off and admitted count back. Applications without a score take part with zero.
    @discardableResult
    public func allocate(campaignID: Int, by actor: Actor) async throws -> Allocation {
        let campaign = try await self.campaign(id: campaignID, lock: .exclusive)
        guard campaign.status == .closed || campaign.status == .allocated else {
            throw AdmissionsError.status(campaign.status, needed: "closed")
        }
        if campaign.usesCatchments {
            let pending = try await pendingResidences(campaignID: campaignID)
            guard pending == 0 else { throw AdmissionsError.residencesPending(pending) }
        }
        let (problem, schoolIDs, applicationIDs) = try await problem(campaignID: campaignID)
        let allocation = DeferredAcceptance.allocate(problem, rules: AllocationRules(rankPenalty: campaign.rankPenalty))
        try await writePlacements(allocation, schoolIDs: schoolIDs, applicationIDs: applicationIDs)
        // Applicants a paper made ineligible take no part: unplaced, with the reason.
        try await database.raw("""
            UPDATE admission_applications SET placed_school_id = NULL, placed_rank = NULL, status = \(bind: ApplicationStatus.unplaced.rawValue),
                explanation_vi = 'Không đủ điều kiện xét tuyển: ' || ineligible_vi, explanation_en = 'Not eligible: ' || ineligible_en,
                updated_at = \(bind: Timestamp.now)
            WHERE campaign_id = \(bind: campaignID) AND ineligible_vi IS NOT NULL AND status <> \(bind: ApplicationStatus.enrolled.rawValue)
            """).run()
        for (index, schoolID) in schoolIDs.enumerated() {
            try await database.raw("""
                UPDATE admission_schools SET cutoff = \(bind: allocation.cutoffs[index]?.hundredths), admitted = \(bind: allocation.admitted[index]),
                    catchment_only = \(bind: allocation.catchmentOnly[index] ? 1 : 0)
                WHERE campaign_id = \(bind: campaignID) AND school_id = \(bind: schoolID)
                """).run()
        }
        try await setStatus(.allocated, campaignID: campaignID, by: actor,
                            detail: "\(allocation.placedCount)/\(problem.applicantCount) placed, G = \(campaign.rankPenalty)")
        return allocation
    }

    /// The campaign's applicants under several rank penalties, side by side (the first is the baseline); reads only.
    public func compare(campaignID: Int, penalties: [Points]) async throws -> ConfigurationComparison {
        _ = try await campaign(id: campaignID)
        let (problem, _, _) = try await problem(campaignID: campaignID)
        return ConfigurationComparison(problem, configurations: penalties.map { AllocationRules(rankPenalty: $0) })
    }

    /// Makes the results public, and each application's result part of its history (one statement for all). Refused
    /// while the confirmation deadline kept is already past on `today`: families would have no day to confirm.
    public func publish(campaignID: Int, today: CalendarDate = .today, by actor: Actor) async throws {
        let campaign = try await require(campaignID, .allocated)
        if let deadline = campaign.confirmBy, deadline < today { throw AdmissionsError.deadlinePast(deadline) }
        try await setStatus(.published, campaignID: campaignID, by: actor)
        try await database.raw("""
            INSERT INTO admission_events (application_id, at, kind, detail_vi, detail_en)
            SELECT id, \(bind: Timestamp.now), \(bind: ApplicationEvent.Kind.result.rawValue), COALESCE(explanation_vi, ''), COALESCE(explanation_en, '')
            FROM admission_applications WHERE campaign_id = \(bind: campaignID)
            """).run()
    }

    /// The published results, by application code (all, or the one asked for); names masked unless the guardian consented.
    public func publishedResults(campaignID: Int, applicationID: Int? = nil) async throws -> [PublishedResult] {
        try await require(campaignID, .published, lock: .none)
        let one: SQLQueryString = applicationID.map { "AND a.id = \(bind: $0)" } ?? ""
        return try await database.raw("""
            SELECT a.id, a.full_name, a.consent_to_publish, s.code, a.placed_rank, a.status FROM admission_applications a
            LEFT JOIN schools s ON s.id = a.placed_school_id WHERE a.campaign_id = \(bind: campaignID) \(one) ORDER BY a.id
            """).all(decoding: PublishedRow.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                PublishedResult(applicationID: row.id, name: row.consentToPublish == 1 ? row.fullName : PublishedName.masked(row.fullName),
                                schoolCode: row.code, preferenceRank: row.placedRank, lapsed: row.status == ApplicationStatus.lapsed.rawValue)
            }
    }

    /// A manual adjustment by authorised staff (an appeal upheld, an exceptional placement): places the application at
    /// `schoolID`, with the reason in the audit trail. Seats are still guarded at enrolment. An enrolled child moved
    /// (an appeal for a better school upheld after the family confirmed) gives the seat back at the school left and is
    /// admitted at the new one, to confirm again there.
    public func adjust(applicationID: Int, schoolID: Int, reason: String, by actor: Actor) async throws {
        let reason = reason.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw AdmissionsError.reason }
        let before = try await application(applicationID)
        let campaign = try await self.campaign(id: before.campaignId, lock: .shared)
        guard campaign.status == .allocated || campaign.status == .published else {
            throw AdmissionsError.status(campaign.status, needed: "allocated")
        }
        guard try await schoolIDs(campaignID: campaign.id).contains(schoolID) else { throw AdmissionsError.schoolNotInCampaign }
        guard before.status != .enrolled || before.placedSchoolId != schoolID else { throw AdmissionsError.enrolledThere }
        let school = try await schoolNames([schoolID])[schoolID] ?? ""
        let explanation = Bilingual(vi: "Điều chỉnh: trúng tuyển \(school). Lý do: \(reason)", en: "Adjusted: admitted to \(school). Reason: \(reason)")
        // The explanation becomes the adjustment, so results published later say what holds. Only over the state read:
        // an enrolment confirmed meanwhile is said, never overwritten with its seat left counted.
        let moved = try await database.raw("""
            UPDATE admission_applications SET placed_school_id = \(bind: schoolID), placed_rank = NULL, status = \(bind: ApplicationStatus.admitted.rawValue),
                explanation_vi = \(bind: explanation.vi), explanation_en = \(bind: explanation.en), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: applicationID) AND status = \(bind: before.status.rawValue)
            RETURNING id
            """).first()
        guard moved != nil else { throw AdmissionsError.changedMeanwhile }
        if before.status == .enrolled, let left = before.placedSchoolId {
            try await database.raw("""
                UPDATE admission_schools SET enrolled = enrolled - 1 WHERE campaign_id = \(bind: campaign.id) AND school_id = \(bind: left)
                """).run()
        }
        try await audit("adjust", entity: "admission_application", id: applicationID,
                        before: before.placedSchoolId.map { "school \($0) \(before.status.rawValue)" }, after: "school \(schoolID): \(reason)", by: actor)
        try await record(.adjusted, applicationID: applicationID, explanation)
    }

    /// The guardian confirms the place. Seats are taken by one conditional update, so however many confirmations
    /// arrive at once, a school never enrols more than its quota; the one that finds it full is refused and changes nothing.
    /// Only once the results are published (before that a re-run of the allocation may still move the child), and, with
    /// `atSchool`, only while the child is placed at that school (the caller's right was checked against it).
    public func confirmEnrolment(applicationID: Int, atSchool school: Int? = nil, by actor: Actor) async throws {
        let placed: SQLQueryString = school.map { "AND placed_school_id = \(bind: $0)" } ?? ""
        guard let claimed = try await database.raw("""
            UPDATE admission_applications SET status = \(bind: ApplicationStatus.enrolled.rawValue), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: applicationID) AND status = \(bind: ApplicationStatus.admitted.rawValue) \(placed)
                AND campaign_id IN (SELECT id FROM admission_campaigns WHERE status = \(bind: Campaign.Status.published.rawValue))
            RETURNING campaign_id, placed_school_id
            """).first(decoding: ClaimRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw AdmissionsError.notAdmitted }
        let seat = try await database.raw("""
            UPDATE admission_schools SET enrolled = enrolled + 1
            WHERE campaign_id = \(bind: claimed.campaignId) AND school_id = \(bind: claimed.placedSchoolId) AND enrolled < quota
            RETURNING enrolled
            """).first()
        guard seat != nil else { throw AdmissionsError.full }
        try await audit("enrol", entity: "admission_application", id: applicationID, after: "school \(claimed.placedSchoolId)", by: actor)
        let school = try await schoolNames([claimed.placedSchoolId])[claimed.placedSchoolId] ?? ""
        try await record(.enrolled, applicationID: applicationID, Bilingual(vi: "Đã xác nhận nhập học tại \(school).",
                                                                            en: "Enrolment confirmed at \(school)."))
    }

    /// Each school of a published campaign: its quota, cut-off and how many were admitted, in code order.
    public func publishedCutoffs(campaignID: Int) async throws -> [PublishedCutoff] {
        try await require(campaignID, .published, lock: .none)
        return try await database.raw("""
            SELECT s.code, s.name, a.quota, a.cutoff, a.admitted, a.catchment_only FROM admission_schools a JOIN schools s ON s.id = a.school_id
            WHERE a.campaign_id = \(bind: campaignID) ORDER BY s.code
            """).all(decoding: CutoffRow.self, keyDecodingStrategy: .convertFromSnakeCase).map {
                PublishedCutoff(schoolCode: $0.code, schoolName: $0.name, quota: $0.quota, cutoff: $0.cutoff.map(Points.init(hundredths:)),
                                catchmentOnly: $0.catchmentOnly == 1,
                                admitted: $0.admitted ?? 0)
            }
    }

    /// Campaigns whose results are public, newest first.
    public func publishedCampaigns() async throws -> [Campaign] {
        let ids = try await database.raw("""
            SELECT id FROM admission_campaigns WHERE status = \(bind: Campaign.Status.published.rawValue) ORDER BY school_year DESC, entry_grade
            """).all(decoding: IDRow.self)
        var campaigns: [Campaign] = []
        for row in ids { campaigns.append(try await campaign(id: row.id)) }
        return campaigns
    }

    /// The campaign an application belongs to and the school it is placed at (nil when unplaced).
    public func placement(applicationID: Int) async throws -> (campaignID: Int, schoolID: Int?) {
        let row = try await application(applicationID)
        return (row.campaignId, row.placedSchoolId)
    }

    public func status(applicationID: Int) async throws -> ApplicationStatus {
        try await application(applicationID).status
    }

    public func enrolled(campaignID: Int, schoolID: Int) async throws -> Int {
        try await database.raw("""
            SELECT enrolled AS id FROM admission_schools WHERE campaign_id = \(bind: campaignID) AND school_id = \(bind: schoolID)
            """).first(decoding: IDRow.self)?.id ?? 0
    }

    // MARK: Helpers

    /// The campaign's allocation problem: schools in id order, applications in submission order.
    /// The campaign as the engine takes it. `supplementary`: a round on what is left — each school's quota less the
    /// places held (admitted or enrolled), and only the applications placed nowhere.
    func problem(campaignID: Int, supplementary: Bool = false) async throws -> (AllocationProblem, schoolIDs: [Int], applicationIDs: [Int]) {
        let schools = try await database.raw("""
            SELECT s.id, s.code, a.quota, a.specialised FROM admission_schools a JOIN schools s ON s.id = a.school_id
            WHERE a.campaign_id = \(bind: campaignID) ORDER BY s.id
            """).all(decoding: SchoolRow.self)
        let held = supplementary ? try await heldPlaces(campaignID: campaignID) : [:]
        var problem = AllocationProblem(schools: schools.map {
            .init(code: $0.code, quota: max(0, $0.quota - (held[$0.id] ?? 0)), isSpecialised: $0.specialised == 1)
        })
        let index = Dictionary(uniqueKeysWithValues: schools.enumerated().map { ($1.id, Int32($0)) })
        let catchments = try await catchmentMembership(campaignID: campaignID)
        let applications = try await database.raw("""
            SELECT id, score, priority_points, tiebreak, direct_school_id FROM admission_applications
            WHERE campaign_id = \(bind: campaignID) AND ineligible_vi IS NULL
                \(supplementary ? "AND status = \(bind: ApplicationStatus.unplaced.rawValue)" as SQLQueryString : "") ORDER BY id
            """).all(decoding: ApplicantRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        // In a supplementary round, the new preferences an applicant registered replace those first listed.
        let registered: SQLQueryString = supplementary ? """
            AND NOT EXISTS (SELECT 1 FROM admission_supplementary_preferences n WHERE n.application_id = p.application_id)
            UNION ALL SELECT n.application_id, n.rank, n.school_id FROM admission_supplementary_preferences n
            JOIN admission_applications a ON a.id = n.application_id WHERE a.campaign_id = \(bind: campaignID)
            """ : ""
        let preferences = Dictionary(grouping: try await database.raw("""
            SELECT p.application_id, p.rank, p.school_id FROM admission_preferences p
            JOIN admission_applications a ON a.id = p.application_id WHERE a.campaign_id = \(bind: campaignID) \(registered)
            ORDER BY 1, 2
            """).all(decoding: PreferenceRow.self, keyDecodingStrategy: .convertFromSnakeCase), by: \.applicationId)
        for application in applications {
            problem.addApplicant(
                id: String(application.id),
                admissionScore: Points(hundredths: application.score ?? 0) + Points(hundredths: application.priorityPoints),
                tiebreak: application.tiebreak,
                preferences: (preferences[application.id] ?? []).map {
                    .init(school: index[$0.schoolId]!, rank: Int32($0.rank), inCatchment: catchments[application.id]?.contains($0.schoolId) ?? false)
                },
                directAdmission: application.directSchoolId.map { index[$0]! })
        }
        return (problem, schools.map(\.id), applications.map(\.id))
    }

    /// The highest score taken (an exam score with its weights stays far below it): a typo of a few more digits is
    /// refused, not stored.
    public static let maximumScore = Points(hundredths: 100_000)

    /// Six binds a placement: 500 stay far below SQLite's and PostgreSQL's limits on binds per statement.
    public static let placementsPerStatement = 500

    /// Writes every placement and explanation of an allocation back (never over an enrolment; with `onlyUnplaced`, only
    /// over applications still placed nowhere), many a statement: a city's grade 10 is tens of thousands of
    /// applications. `prefix` goes before each explanation.
    func writePlacements(_ allocation: Allocation, schoolIDs: [Int], applicationIDs: [Int], prefix: Bilingual? = nil,
                         onlyUnplaced: Bool = false) async throws {
        let replaceable: SQLQueryString = onlyUnplaced
            ? "admission_applications.status = \(bind: ApplicationStatus.unplaced.rawValue)"
            : "admission_applications.status <> \(bind: ApplicationStatus.enrolled.rawValue)"
        let now = Timestamp.now
        for chunk in stride(from: 0, to: applicationIDs.count, by: Self.placementsPerStatement) {
            let rows: [SQLQueryString] = (chunk..<min(chunk + Self.placementsPerStatement, applicationIDs.count)).map { index in
                let school = allocation.school(of: index).map { schoolIDs[Int($0)] }
                let explanation = allocation.explanation(of: index)
                return """
                    (\(bind: applicationIDs[index]), \(bind: school), \(bind: allocation.placement(of: index)?.rank),
                     \(bind: (school == nil ? ApplicationStatus.unplaced : .admitted).rawValue),
                     \(bind: (prefix?.vi ?? "") + explanation.vi), \(bind: (prefix?.en ?? "") + explanation.en))
                    """
            }
            try await database.raw("""
                WITH placement (id, school, placed_rank, status, vi, en) AS (VALUES \(rows.joined(separator: ", ")))
                UPDATE admission_applications SET placed_school_id = CAST(placement.school AS BIGINT),
                    placed_rank = CAST(placement.placed_rank AS INTEGER), status = placement.status,
                    explanation_vi = placement.vi, explanation_en = placement.en, updated_at = \(bind: now)
                FROM placement
                WHERE admission_applications.id = placement.id AND \(replaceable)
                """).run()
        }
    }

    /// A random lottery number not yet used in the campaign: published, so nobody can arrange their tie-break.
    private func lotteryNumber(campaignID: Int) async throws -> Int64 {
        while true {
            let number = Int64.random(in: 1...9_999_999_999)
            let used = try await database.raw("""
                SELECT id FROM admission_applications WHERE campaign_id = \(bind: campaignID) AND tiebreak = \(bind: number)
                """).first()
            if used == nil { return number }
        }
    }

    func schoolIDs(campaignID: Int) async throws -> Set<Int> {
        Set(try await database.raw("SELECT school_id AS id FROM admission_schools WHERE campaign_id = \(bind: campaignID)")
            .all(decoding: IDRow.self).map(\.id))
    }

    /// The campaign, held as `lock` says, when it is in `status`.
    @discardableResult
    func require(_ campaignID: Int, _ status: Campaign.Status, lock: CampaignLock = .exclusive) async throws -> Campaign {
        let campaign = try await campaign(id: campaignID, lock: lock)
        guard campaign.status == status else { throw AdmissionsError.status(campaign.status, needed: status.rawValue) }
        return campaign
    }

    func setStatus(_ status: Campaign.Status, campaignID: Int, by actor: Actor, detail: String? = nil) async throws {
        try await database.raw("""
            UPDATE admission_campaigns SET status = \(bind: status.rawValue), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)
            """).run()
        try await audit(status.rawValue, entity: "admission_campaign", id: campaignID, after: detail ?? status.rawValue, by: actor)
    }

    /// `locked`: held to the end of the transaction (PostgreSQL `FOR UPDATE`; SQLite has one writer), for a change
    /// that depends on the state read — take the campaign's hold first, as every step does.
    func application(_ id: Int, locked: Bool = false) async throws -> ApplicationRow {
        let hold = locked && Dialect(database) == .postgres ? "FOR UPDATE" : ""
        guard let row = try await database.raw("""
            SELECT campaign_id, score, status, placed_school_id, residence_commune, residence_locality, residence_status, ineligible_vi
            FROM admission_applications WHERE id = \(bind: id) \(unsafeRaw: hold)
            """).first(decoding: ApplicationRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw AdmissionsError.notFound }
        return row
    }

    /// One line of the application's history, as its family reads it.
    func record(_ kind: ApplicationEvent.Kind, applicationID: Int, _ detail: Bilingual) async throws {
        try await database.raw("""
            INSERT INTO admission_events (application_id, at, kind, detail_vi, detail_en)
            VALUES (\(bind: applicationID), \(bind: Timestamp.now), \(bind: kind.rawValue), \(bind: detail.vi), \(bind: detail.en))
            """).run()
    }

    func schoolNames(_ ids: [Int]) async throws -> [Int: String] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { let id: Int; let name: String }
        return Dictionary(uniqueKeysWithValues: try await database.raw("SELECT id, name FROM schools WHERE id IN (\(binds: ids))")
            .all(decoding: Row.self).map { ($0.id, $0.name) })
    }

    func audit(_ action: String, entity: String, id: Int, before: String? = nil, after: String?, by actor: Actor) async throws {
        try await AuditLog(database).append(AuditEvent(action: action, entity: entity, entityID: String(id), before: before, after: after), by: actor)
    }

    static func isSchoolYear(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let first = Int(parts[0]), let second = Int(parts[1]), parts[0].count == 4 else { return false }
        return second == first + 1
    }
}

private struct CampaignRow: Decodable {
    let id: Int, schoolYear: String, entryGrade: Int, method: Campaign.Method, preferenceCount: Int, rankPenalty: Int64, status: Campaign.Status
    let opensOn: String?, closesOn: String?, confirmBy: String?, supplementaryUntil: String?
}
private struct SchoolRow: Decodable { let id: Int, code: String, quota: Int, specialised: Int }
private struct ApplicantRow: Decodable { let id: Int, score: Int64?, priorityPoints: Int64, tiebreak: Int64, directSchoolId: Int? }
private struct PreferenceRow: Decodable { let applicationId: Int, rank: Int, schoolId: Int }
private struct PublishedRow: Decodable { let id: Int, fullName: String, consentToPublish: Int, code: String?, placedRank: Int?, status: String }
private struct CutoffRow: Decodable { let code: String, name: String, quota: Int, cutoff: Int64?, admitted: Int?, catchmentOnly: Int }
private struct ClaimRow: Decodable { let campaignId: Int, placedSchoolId: Int }
struct ApplicationRow: Decodable {
    let campaignId: Int, score: Int64?, status: ApplicationStatus, placedSchoolId: Int?
    let residenceCommune: String?, residenceLocality: String, residenceStatus: ResidenceStatus?
    /// Why a paper keeps the application out of every allocation.
    let ineligibleVi: String?
}
