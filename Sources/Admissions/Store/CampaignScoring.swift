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
    public func recordPapers(_ papers: [String: Points], applicationID: Int, by actor: Actor) async throws {
        let (campaignID, _) = try await placement(applicationID: applicationID)
        try await scoresChange(campaignID: campaignID, by: actor)
        guard let rules = try await rules(campaignID: campaignID) else {
            throw EduError("admissions.no_rules", vi: "Đợt tuyển sinh chưa có quy định bài thi", en: "The campaign has no paper rules")
        }
        let known = Set(rules.papers.map(\.subject))
        if let unknown = papers.keys.first(where: { !known.contains($0) }) {
            throw EduError("admissions.papers", vi: "Không có bài thi \(unknown) trong đợt này", en: "The campaign has no \(unknown) paper")
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
}
