import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// One line of an application's history, as its family reads it.
public struct ApplicationEvent: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case submitted, residence, result, adjusted, enrolled, appealed, appealDecided = "appeal_decided"
        case supplementaryPreferences = "supplementary_preferences"
    }

    public let at: String
    public let kind: Kind
    public let detail: Bilingual
}

/// An application as the family that made it sees it.
public struct FamilyApplication: Sendable {
    public let id: Int
    public let campaign: Campaign
    public let fullName: String
    /// What the family may know: `submitted` until the campaign's results are published.
    public let status: ApplicationStatus
    public let identity: IdentitySource
    public let events: [ApplicationEvent]
    /// An appeal of the family's waits for the department's decision.
    public let appealPending: Bool
    /// School ids, NV1 first.
    public let preferences: [Int]
    /// A paper keeps the application out of every round (known to the family once the results are out).
    public let ineligible: Bool

    /// The family may register new preferences for the supplementary round.
    public func canRegisterSupplementary(on day: CalendarDate = .today) -> Bool {
        status == .unplaced && !ineligible && campaign.takesSupplementaryPreferences(on: day)
    }

    /// The family may still change the preferences: the campaign takes applications today.
    public func canChangePreferences(on day: CalendarDate = .today) -> Bool {
        campaign.status == .open && campaign.schedule.admits(day)
    }

    /// The family confirms the place once the results are out and the child is admitted; a child whose identity the
    /// family typed (the register's agreeing included: knowing a child's particulars does not make one its guardian)
    /// is enrolled by the school after it checks the papers.
    public var canConfirm: Bool { status == .admitted && identity.checkedByStaff }

    /// The family may appeal the published result (one appeal at a time; never once the child is enrolled).
    public func canAppeal(on day: CalendarDate = .today) -> Bool {
        campaign.takesAppeals(on: day) && status != .enrolled && !appealPending
    }
}

/// A school taking part in a campaign, for the application form.
public struct CampaignSchool: Sendable, Hashable, Decodable {
    public let id: Int
    public let code: String
    public let name: String
}

extension AdmissionsStore {
    /// Campaigns taking applications, newest first.
    public func openCampaigns() async throws -> [Campaign] {
        var campaigns: [Campaign] = []
        for row in try await database.raw("""
            SELECT id FROM admission_campaigns WHERE status = \(bind: Campaign.Status.open.rawValue) ORDER BY school_year DESC, entry_grade
            """).all(decoding: IDRow.self) {
            campaigns.append(try await campaign(id: row.id))
        }
        return campaigns
    }

    public func schools(campaignID: Int) async throws -> [CampaignSchool] {
        try await database.raw("""
            SELECT s.id, s.code, s.name FROM admission_schools a JOIN schools s ON s.id = a.school_id
            WHERE a.campaign_id = \(bind: campaignID) ORDER BY s.name
            """).all(decoding: CampaignSchool.self)
    }

    /// The applications a family follows, newest first: those of the registry children whose guardian phone is theirs
    /// now (`childIDHashes`: the children's personal-ID lookup hashes), whoever applied; and those they made for a child
    /// they typed. An application taken from the registry moves with the school's record, not with the phone that made it.
    public func applications(familyAccountID: Int, childIDHashes: [String]) async throws -> [FamilyApplication] {
        try await familyApplications(Self.reach(familyAccountID, childIDHashes))
    }

    /// One of the family's applications; nil when it is someone else's (the same as when there is none).
    public func application(id: Int, familyAccountID: Int, childIDHashes: [String]) async throws -> FamilyApplication? {
        var condition: SQLQueryString = "a.id = \(bind: id) AND "
        condition.appendInterpolation(Self.reach(familyAccountID, childIDHashes))
        return try await familyApplications(condition).first
    }

    private static func reach(_ accountID: Int, _ hashes: [String]) -> SQLQueryString {
        let children: SQLQueryString = hashes.isEmpty ? "1 = 0" : "a.national_id_hash IN (\(binds: hashes))"
        return "((a.family_account_id = \(bind: accountID) AND a.identity_source <> 'registry') OR \(children))"
    }

    /// Before publication the family sees the application received, the decision on the residence it stated, and
    /// nothing of the allocation, adjustments included.
    private func familyApplications(_ condition: SQLQueryString) async throws -> [FamilyApplication] {
        struct Row: Decodable {
            let id: Int, campaignId: Int, fullName: String, status: ApplicationStatus, identitySource: IdentitySource, ineligibleVi: String?
        }
        var applications: [FamilyApplication] = []
        for row in try await database.raw("""
            SELECT a.id, a.campaign_id, a.full_name, a.status, a.identity_source, a.ineligible_vi FROM admission_applications a
            WHERE \(condition) ORDER BY a.id DESC
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            let campaign = try await campaign(id: row.campaignId)
            let published = campaign.status == .published
            let events = try await events(applicationID: row.id)
            // Adjustments made before publication are part of the published result; later ones follow it.
            let result = events.firstIndex { $0.kind == .result }
            let visible = events.enumerated().filter { index, event in
                event.kind == .submitted || event.kind == .residence || (published && (event.kind != .adjusted || result.map { index > $0 } == true))
            }.map(\.element)
            let appealPending = try await appeals(applicationID: row.id).contains { $0.status == .pending }
            let preferences = try await self.preferences(applicationID: row.id)
            applications.append(FamilyApplication(id: row.id, campaign: campaign, fullName: row.fullName,
                                                  status: published ? row.status : .submitted, identity: row.identitySource, events: visible,
                                                  appealPending: appealPending, preferences: preferences,
                                                  ineligible: published && row.ineligibleVi != nil))
        }
        return applications
    }

    /// The application's history, oldest first.
    func events(applicationID: Int) async throws -> [ApplicationEvent] {
        struct Row: Decodable { let at: String; let kind: String; let detailVi: String; let detailEn: String }
        return try await database.raw("""
            SELECT at, kind, detail_vi, detail_en FROM admission_events WHERE application_id = \(bind: applicationID) ORDER BY id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { event in
                ApplicationEvent.Kind(rawValue: event.kind).map {
                    ApplicationEvent(at: event.at, kind: $0, detail: Bilingual(vi: event.detailVi, en: event.detailEn))
                }
            }
    }
}

extension AdmissionsStore {
    /// The preferences of an application changed while the campaign takes applications (`day` within its days), by the
    /// same rules as when it was made; the family reads the new list in its history.
    public func changePreferences(_ preferences: [Int], applicationID: Int, on day: CalendarDate = .today, by actor: Actor) async throws {
        let campaignID = try await application(applicationID).campaignId
        let campaign = try await require(campaignID, .open, lock: .shared)
        // Held, so a second save of the same form (a double click) waits for this one instead of colliding with it.
        _ = try await application(applicationID, locked: true)
        guard campaign.schedule.admits(day) else { throw AdmissionsError.outsideSchedule }
        try await checkPreferences(preferences, of: campaign)
        let before = try await self.preferences(applicationID: applicationID)
        guard before != preferences else { return }
        try await database.raw("DELETE FROM admission_preferences WHERE application_id = \(bind: applicationID)").run()
        try await insertPreferences(preferences, applicationID: applicationID)
        try await audit("change_preferences", entity: "admission_application", id: applicationID, before: "\(before)", after: "\(preferences)", by: actor)
        try await record(.submitted, applicationID: applicationID, try await listed(preferences, vi: "Đã sửa nguyện vọng", en: "Preferences changed"))
    }

    /// The preferences first listed (school ids, NV1 first).
    func preferences(applicationID: Int) async throws -> [Int] {
        try await database.raw("""
            SELECT school_id AS id FROM admission_preferences WHERE application_id = \(bind: applicationID) ORDER BY rank
            """).all(decoding: IDRow.self).map(\.id)
    }
}
