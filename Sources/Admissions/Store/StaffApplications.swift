import EduCore
import Foundation
import SQLKit
import Storage

/// An application as the staff who process it see it.
public struct ApplicationSummary: Sendable, Hashable {
    public let id: Int
    public let fullName: String
    public let dateOfBirth: String
    public let status: ApplicationStatus
    public let identity: IdentitySource
    public let score: Points?
    public let priorityPoints: Points
    public let placedSchoolID: Int?
    public let placedRank: Int?
    /// School ids, NV1 first.
    public let preferences: [Int]
    /// New preferences registered for the supplementary round (school ids, first choice first); empty when none.
    public let supplementaryPreferences: [Int]
    /// The residence stated for the catchments, its state, and the register's answer or the officer's note.
    public let residence: Residence?
    public let residenceStatus: ResidenceStatus?
    public let residenceNote: String?

    /// Whether `placedRank` counts in the supplementary list: the application was placed at the school that list
    /// ranks there (a round ranks that list instead of the first).
    public var placedFromSupplementaryList: Bool {
        guard let rank = placedRank, supplementaryPreferences.indices.contains(rank - 1) else { return false }
        return supplementaryPreferences[rank - 1] == placedSchoolID
    }
}

/// One application as staff who process it see it on its own page.
public struct ApplicationDetail: Sendable {
    public let campaignID: Int
    public let summary: ApplicationSummary
    /// The paper scores recorded, by subject.
    public let papers: [String: Points]
    /// The claims accepted after checking the evidence.
    public let priorityGroup: PriorityGroup?
    public let prize: Prize?
    /// Why a paper keeps the application out of the allocation.
    public let ineligible: Bilingual?
    /// The result's explanation, once allocated.
    public let explanation: Bilingual?
    /// Its whole history, allocation and adjustments included.
    public let events: [ApplicationEvent]
}

extension AdmissionsStore {
    /// Every campaign, newest first.
    public func campaigns() async throws -> [Campaign] {
        var campaigns: [Campaign] = []
        for row in try await database.raw("SELECT id FROM admission_campaigns ORDER BY school_year DESC, entry_grade").all(decoding: IDRow.self) {
            campaigns.append(try await campaign(id: row.id))
        }
        return campaigns
    }

    /// The condition on `admission_applications a` that an application is in a queue: it concerns one of `schools`
    /// (lists it, first or for the supplementary round, is placed at it, or is directly admitted to it), or its child lives in one of `communes` (unit ids)
    /// and the residence waits for a decision — a commune officer decides it, and sees nothing more of such a child's
    /// application once decided; always true for nil schools (everyone's), nil for nobody at all.
    static func concerning(_ schools: Set<Int>?, communes: Set<Int> = []) -> SQLQueryString? {
        guard let schools else { return "1 = 1" }
        guard !schools.isEmpty || !communes.isEmpty else { return nil }
        let atSchools: SQLQueryString = schools.isEmpty ? "1 = 0" : """
            a.placed_school_id IN (\(binds: schools.sorted())) OR a.direct_school_id IN (\(binds: schools.sorted()))
            OR a.id IN (SELECT application_id FROM admission_preferences WHERE school_id IN (\(binds: schools.sorted())))
            OR a.id IN (SELECT application_id FROM admission_supplementary_preferences WHERE school_id IN (\(binds: schools.sorted())))
            """
        let inCommunes: SQLQueryString = communes.isEmpty ? "1 = 0" : """
            a.residence_status = \(bind: ResidenceStatus.pending.rawValue)
            AND a.residence_commune IN (SELECT code FROM units WHERE id IN (\(binds: communes.sorted())))
            """
        return "(\(atSchools) OR \(inCommunes))"
    }

    /// The campaign's applications in a queue (``concerning(_:communes:)``), or all when `schools` is nil; with
    /// `residencePending`, only those whose residence waits for a decision (the officers' queue); in submission order,
    /// `limit` after `cursor`.
    public func applications(campaignID: Int, schools: Set<Int>?, communes: Set<Int> = [], residencePending: Bool = false, after cursor: Int = 0,
                             limit: Int = 200) async throws -> [ApplicationSummary] {
        guard let concerned = Self.concerning(schools, communes: communes) else { return [] }
        let pending: SQLQueryString = residencePending ? "AND a.residence_status = \(bind: ResidenceStatus.pending.rawValue)" : ""
        return try await summaries(where: "a.campaign_id = \(bind: campaignID) AND a.id > \(bind: cursor) AND \(concerned) \(pending)", limit: limit)
    }

    /// One application with its papers, claims, explanation and history, when it is in the queue of `schools` and
    /// `communes` (any for nil schools); nil otherwise, as when there is none.
    public func application(id: Int, schools: Set<Int>?, communes: Set<Int> = []) async throws -> ApplicationDetail? {
        guard let concerned = Self.concerning(schools, communes: communes),
              let summary = try await summaries(where: "a.id = \(bind: id) AND \(concerned)", limit: 1).first else { return nil }
        struct Row: Decodable {
            let campaignId: Int, papers: String?, priorityGroup: PriorityGroup?, prize: Prize?
            let ineligibleVi: String?, ineligibleEn: String?, explanationVi: String?, explanationEn: String?
        }
        let row = try await database.raw("""
            SELECT campaign_id, papers, priority_group, prize, ineligible_vi, ineligible_en, explanation_vi, explanation_en
            FROM admission_applications WHERE id = \(bind: id)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)!
        return ApplicationDetail(
            campaignID: row.campaignId, summary: summary,
            papers: try row.papers.map { try JSONDecoder().decode([String: Points].self, from: Data($0.utf8)) } ?? [:],
            priorityGroup: row.priorityGroup, prize: row.prize,
            ineligible: row.ineligibleVi.map { Bilingual(vi: $0, en: row.ineligibleEn ?? $0) },
            explanation: row.explanationVi.map { Bilingual(vi: $0, en: row.explanationEn ?? $0) },
            events: try await events(applicationID: id))
    }

    private func summaries(where condition: SQLQueryString, limit: Int) async throws -> [ApplicationSummary] {
        struct Row: Decodable {
            let id: Int, fullName: String, dateOfBirth: String, status: ApplicationStatus, identitySource: IdentitySource
            let score: Int64?, priorityPoints: Int64, placedSchoolId: Int?, placedRank: Int?
            let residenceCommune: String?, residenceLocality: String, residenceStatus: ResidenceStatus?, residenceNote: String?
        }
        let rows = try await database.raw("""
            SELECT a.id, a.full_name, a.date_of_birth, a.status, a.identity_source, a.score, a.priority_points, a.placed_school_id, a.placed_rank,
                a.residence_commune, a.residence_locality, a.residence_status, a.residence_note
            FROM admission_applications a WHERE \(condition)
            ORDER BY a.id LIMIT \(bind: limit)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard !rows.isEmpty else { return [] }
        struct Preference: Decodable { let applicationId: Int; let schoolId: Int }
        func ranked(_ table: String) async throws -> [Int: [Preference]] {
            Dictionary(grouping: try await database.raw("""
                SELECT application_id, school_id FROM \(unsafeRaw: table) WHERE application_id IN (\(binds: rows.map(\.id))) ORDER BY application_id, rank
                """).all(decoding: Preference.self, keyDecodingStrategy: .convertFromSnakeCase), by: \.applicationId)
        }
        let preferences = try await ranked("admission_preferences")
        let supplementary = try await ranked("admission_supplementary_preferences")
        return rows.map { row in
            ApplicationSummary(id: row.id, fullName: row.fullName, dateOfBirth: row.dateOfBirth, status: row.status, identity: row.identitySource,
                               score: row.score.map(Points.init(hundredths:)), priorityPoints: Points(hundredths: row.priorityPoints),
                               placedSchoolID: row.placedSchoolId, placedRank: row.placedRank,
                               preferences: (preferences[row.id] ?? []).map(\.schoolId),
                               supplementaryPreferences: (supplementary[row.id] ?? []).map(\.schoolId),
                               residence: row.residenceCommune.map { Residence(communeCode: $0, locality: row.residenceLocality) },
                               residenceStatus: row.residenceStatus, residenceNote: row.residenceNote)
        }
    }
}
