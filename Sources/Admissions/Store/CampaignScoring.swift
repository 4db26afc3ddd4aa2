import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Scores from the campaign's rules: staff set the rules while the campaign is open, record each application's paper
/// scores (the admission score's exam part follows, or the application is marked ineligible with the paper named), and
/// accept its priority and prize claims once the evidence is checked (the bonus follows). Every change is audited.
extension AdmissionsStore {
    public func setRules(_ rules: CampaignRules, campaignID: Int, by actor: Actor) async throws {
        try await require(campaignID, .open)
        // Scores recorded under the old rules would keep their old weights.
        let scored = try await database.raw("""
            SELECT id FROM admission_applications WHERE campaign_id = \(bind: campaignID) AND papers IS NOT NULL LIMIT 1
            """).first()
        if scored != nil, try await self.rules(campaignID: campaignID) != rules { throw AdmissionsError.rulesInUse }
        let json = String(decoding: try JSONEncoder.sorted.encode(rules), as: UTF8.self)
        try await database.raw("UPDATE admission_campaigns SET rules = \(bind: json), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: campaignID)").run()
        try await AuditLog(database).append(AuditEvent(action: "set_rules", entity: "admission_campaign", entityID: String(campaignID), after: json), by: actor)
    }

    public func rules(campaignID: Int) async throws -> CampaignRules? {
        try await database.raw("SELECT rules FROM admission_campaigns WHERE id = \(bind: campaignID)").first()
            .flatMap { try $0.decode(column: "rules", as: String?.self) }
            .map { try JSONDecoder().decode(CampaignRules.self, from: Data($0.utf8)) }
    }

    /// The paper scores of an application; its exam score follows from the campaign's rules, or it is marked ineligible.
    /// `shownUnder`: the papers of the rules the scores were typed against (a page's); other rules now are refused.
    public func recordPapers(_ papers: [String: Points], applicationID: Int, shownUnder subjects: [String]? = nil, by actor: Actor) async throws {
        let (campaignID, _) = try await placement(applicationID: applicationID)
        try await scoresChange(campaignID: campaignID, by: actor)
        guard let rules = try await rules(campaignID: campaignID) else {
            throw EduError("admissions.no_rules", vi: "Đợt tuyển sinh chưa có quy định bài thi", en: "The campaign has no paper rules")
        }
        if let subjects, subjects != rules.papers.map(\.subject) { throw AdmissionsError.rulesChanged }
        let known = Set(rules.papers.map(\.subject))
        if let unknown = papers.keys.first(where: { !known.contains($0) }) {
            throw EduError("admissions.papers", vi: "Không có bài thi \(unknown) trong đợt này", en: "The campaign has no \(unknown) paper")
        }
        if let (subject, _) = papers.first(where: { $0.value > CampaignRules.maximumPaper }) {
            throw EduError("admissions.papers", vi: "Điểm bài thi \(subject) từ 0 đến 10", en: "The \(subject) paper scores 0 to 10")
        }
        let json = String(decoding: try JSONEncoder.sorted.encode(papers), as: UTF8.self)
        let (score, reason): (Points?, Bilingual?) = switch rules.examScore(papers) {
        case .success(let score): (score, nil)
        case .failure(let reason): (nil, reason)
        }
        try await database.raw("""
            UPDATE admission_applications SET papers = \(bind: json), score = \(bind: score?.hundredths), ineligible_vi = \(bind: reason?.vi),
                ineligible_en = \(bind: reason?.en), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: applicationID)
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "papers", entity: "admission_application", entityID: String(applicationID),
                                                       after: json + (reason.map { " — \($0.en)" } ?? "")), by: actor)
    }

    /// The priority group and prize staff accepted after checking the evidence; the priority points follow.
    public func acceptClaims(group: PriorityGroup?, prize: Prize?, applicationID: Int, by actor: Actor) async throws {
        let (campaignID, _) = try await placement(applicationID: applicationID)
        try await scoresChange(campaignID: campaignID, by: actor)
        let bonus = CampaignRules.bonus(group: group, prize: prize, under: try await rules(campaignID: campaignID))
        try await database.raw("""
            UPDATE admission_applications SET priority_group = \(bind: group?.rawValue), prize = \(bind: prize?.rawValue),
                priority_points = \(bind: bonus.hundredths), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: applicationID)
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "claims", entity: "admission_application", entityID: String(applicationID),
                                                       after: "group \(group?.rawValue ?? "-"), prize \(prize?.rawValue ?? "-"): +\(bonus)"), by: actor)
    }

    /// A whole campaign's results from the exam board's file (``ScoreFile``), all or nothing: each application's papers
    /// by the campaign's rules (its exam score follows, or it is marked ineligible with the paper named), or its score
    /// for a campaign without them. `subjects`: the papers the file was read against; rules changed since are refused.
    /// A code that is not an application of the campaign is refused with its row. One audit event for the file; answers
    /// how many applications were scored and how many a paper made ineligible.
    public func importScores(_ rows: [ScoreRow], subjects: [String]?, campaignID: Int, by actor: Actor) async throws -> (scored: Int, ineligible: Int) {
        guard try await campaign(id: campaignID, lock: .exclusive).status != .published else { throw AdmissionsError.scoresPublished }
        try await scoresChange(campaignID: campaignID, by: actor)
        let rules = try await rules(campaignID: campaignID)
        guard rules?.papers.map(\.subject) == subjects else { throw AdmissionsError.rulesChanged }
        let known = Set(try await database.raw("SELECT id FROM admission_applications WHERE campaign_id = \(bind: campaignID)")
            .all(decoding: IDRow.self).map(\.id))
        let unknown = rows.filter { !known.contains($0.applicationID) }.map {
            RowProblem(row: $0.row, column: ScoreFile.applicationColumn, value: String($0.applicationID),
                       vi: "Không có hồ sơ mang mã này trong đợt tuyển sinh", en: "No application of this campaign has this code")
        }
        guard unknown.isEmpty else { throw InputRejected(unknown) }
        var ineligible = 0
        let now = Timestamp.now
        for chunk in stride(from: 0, to: rows.count, by: Self.placementsPerStatement) {
            let values: [SQLQueryString] = try rows[chunk..<min(chunk + Self.placementsPerStatement, rows.count)].map { row in
                var score = row.score, papers: String?, reason: Bilingual?
                if let rules {
                    papers = String(decoding: try JSONEncoder.sorted.encode(row.papers), as: UTF8.self)
                    switch rules.examScore(row.papers) {
                    case .success(let total): score = total
                    case .failure(let why): reason = why; ineligible += 1
                    }
                }
                return "(\(bind: row.applicationID), \(bind: papers), \(bind: score?.hundredths), \(bind: reason?.vi), \(bind: reason?.en))"
            }
            try await database.raw("""
                WITH result (id, papers, score, vi, en) AS (VALUES \(values.joined(separator: ", ")))
                UPDATE admission_applications SET papers = result.papers, score = CAST(result.score AS BIGINT),
                    ineligible_vi = result.vi, ineligible_en = result.en, updated_at = \(bind: now)
                FROM result WHERE admission_applications.id = result.id
                """).run()
        }
        try await AuditLog(database).append(AuditEvent(action: "scores_file", entity: "admission_campaign", entityID: String(campaignID),
                                                       after: "\(rows.count) applications, \(ineligible) ineligible"), by: actor)
        return (rows.count, ineligible)
    }
}
