import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// An appeal against a published result (đơn khiếu nại, phúc khảo): the family's grounds, and the department's decision
/// with its note. An upheld appeal may place the application at a school (a manual adjustment that names the appeal).
public struct Appeal: Sendable, Hashable {
    public enum Status: String, Sendable, Codable { case pending, upheld, dismissed }

    public let id: Int
    public let applicationID: Int
    public let applicantName: String
    public let grounds: String
    public let filedAt: String
    public let status: Status
    public let decisionNote: String?
    public let decidedAt: String?
    /// Where an upheld appeal placed the application; nil when it placed it nowhere new.
    public let schoolID: Int?
}

extension AdmissionsStore {
    /// The longest grounds or decision note taken: a page of text, not a file.
    public static let appealTextLimit = 2000

    /// Files an appeal against an application's published result; answers its number. Taken while the results are
    /// published and, when the campaign keeps a confirmation deadline, up to its end (after it the places go back);
    /// never for an enrolled child, and one at a time per application (two filed at once: one is refused).
    public func fileAppeal(applicationID: Int, grounds: String, familyAccountID: Int? = nil, today: CalendarDate = .today,
                           by actor: Actor) async throws -> Int {
        let grounds = try Self.appealText(grounds, missing: AdmissionsError.appealGrounds)
        let application = try await application(applicationID)
        let campaign = try await require(application.campaignId, .published, lock: .shared)
        if !campaign.takesAppeals(on: today), let deadline = campaign.confirmBy { throw AdmissionsError.appealsClosed(deadline) }
        guard application.status != .enrolled else { throw AdmissionsError.appealEnrolled }
        guard let id = try await database.raw("""
            INSERT INTO admission_appeals (application_id, grounds, status, family_account_id, filed_by, filed_at)
            VALUES (\(bind: applicationID), \(bind: grounds), \(bind: Appeal.Status.pending.rawValue), \(bind: familyAccountID),
                    \(bind: actor.name), \(bind: Timestamp.now))
            ON CONFLICT (application_id) WHERE status = 'pending' DO NOTHING
            RETURNING id
            """).first(decoding: IDRow.self)?.id
        else { throw AdmissionsError.appealPending }
        try await audit("appeal", entity: "admission_application", id: applicationID, after: "appeal \(id)", by: actor)
        try await record(.appealed, applicationID: applicationID,
                         Bilingual(vi: "Đã gửi đơn khiếu nại số \(id): \(grounds)", en: "Appeal \(id) filed: \(grounds)"))
        return id
    }

    /// The department decides a pending appeal, with the note the family reads. Upheld with `schoolID`: the application
    /// is placed there (``adjust(applicationID:schoolID:reason:by:)``, the note its reason); a dismissed appeal places nowhere.
    public func decideAppeal(_ appealID: Int, upheld: Bool, schoolID: Int? = nil, note: String, by actor: Actor) async throws {
        let note = try Self.appealText(note, missing: AdmissionsError.appealNote)
        guard upheld || schoolID == nil else { throw AdmissionsError.dismissedPlacement }
        if let schoolID {
            let campaignID = try await application(try await appeal(id: appealID).applicationID).campaignId
            guard try await schoolIDs(campaignID: campaignID).contains(schoolID) else { throw AdmissionsError.schoolNotInCampaign }
        }
        let status: Appeal.Status = upheld ? .upheld : .dismissed
        struct Decided: Decodable { let applicationId: Int }
        guard let decided = try await database.raw("""
            UPDATE admission_appeals SET status = \(bind: status.rawValue), decision_note = \(bind: note), decided_by = \(bind: actor.name),
                decided_at = \(bind: Timestamp.now), school_id = \(bind: schoolID)
            WHERE id = \(bind: appealID) AND status = \(bind: Appeal.Status.pending.rawValue)
            RETURNING application_id
            """).first(decoding: Decided.self, keyDecodingStrategy: .convertFromSnakeCase)
        else {
            let exists = try await database.raw("SELECT id FROM admission_appeals WHERE id = \(bind: appealID)").first()
            throw exists == nil ? AdmissionsError.notFound : AdmissionsError.appealDecided
        }
        try await audit("appeal_\(status.rawValue)", entity: "admission_application", id: decided.applicationId,
                        after: "appeal \(appealID)\(schoolID.map { ", school \($0)" } ?? ""): \(note)", by: actor)
        try await record(.appealDecided, applicationID: decided.applicationId, upheld
            ? Bilingual(vi: "Đơn khiếu nại số \(appealID) được chấp nhận: \(note)", en: "Appeal \(appealID) upheld: \(note)")
            : Bilingual(vi: "Đơn khiếu nại số \(appealID) không được chấp nhận: \(note)", en: "Appeal \(appealID) dismissed: \(note)"))
        if let schoolID { try await adjust(applicationID: decided.applicationId, schoolID: schoolID, reason: note, by: actor) }
    }

    /// The campaign's appeals about applications in `schools`' queues (all for nil; see ``concerning(_:communes:)``),
    /// those in `status` when given; the pending ones first, then the newest.
    public func appeals(campaignID: Int, schools: Set<Int>?, status: Appeal.Status? = nil) async throws -> [Appeal] {
        guard let concerned = Self.concerning(schools) else { return [] }
        return try await appeals(where: """
            a.campaign_id = \(bind: campaignID) AND \(concerned)
            \(status.map { "AND p.status = \(bind: $0.rawValue)" as SQLQueryString } ?? "")
            """)
    }

    public func appeal(id: Int) async throws -> Appeal {
        guard let appeal = try await appeals(where: "p.id = \(bind: id)").first else { throw AdmissionsError.notFound }
        return appeal
    }

    /// An application's appeals, newest first.
    public func appeals(applicationID: Int) async throws -> [Appeal] {
        try await appeals(where: "p.application_id = \(bind: applicationID)")
    }

    private func appeals(where condition: SQLQueryString) async throws -> [Appeal] {
        struct Row: Decodable {
            let id: Int, applicationId: Int, fullName: String, grounds: String, filedAt: String, status: Appeal.Status
            let decisionNote: String?, decidedAt: String?, schoolId: Int?
        }
        return try await database.raw("""
            SELECT p.id, p.application_id, a.full_name, p.grounds, p.filed_at, p.status, p.decision_note, p.decided_at, p.school_id
            FROM admission_appeals p JOIN admission_applications a ON a.id = p.application_id WHERE \(condition)
            ORDER BY CASE WHEN p.status = 'pending' THEN 0 ELSE 1 END, p.id DESC
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map {
                Appeal(id: $0.id, applicationID: $0.applicationId, applicantName: $0.fullName, grounds: $0.grounds, filedAt: $0.filedAt,
                       status: $0.status, decisionNote: $0.decisionNote, decidedAt: $0.decidedAt, schoolID: $0.schoolId)
            }
    }

    /// Grounds or a note as stored: NFC, trimmed, present, and within ``appealTextLimit``.
    private static func appealText(_ text: String, missing: EduError) throws -> String {
        let text = text.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw missing }
        guard text.count <= appealTextLimit else { throw AdmissionsError.appealLength }
        return text
    }
}
