import Access
import Admissions
import EduCore
import Vapor

/// One application's staff page (`/admissions/applications/ID`), for anyone whose queue holds it (each view audited);
/// the department records its paper scores (or its score) and the claims accepted after checking the evidence, as the
/// API does.
struct AdmissionsApplicationRoutes: RouteCollection {

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("admissions", "applications", ":id", use: show)
        let department = signedIn.grouped(RunsAdmissions())
        department.post("admissions", "applications", ":id", "papers", use: papers)
        department.post("admissions", "applications", ":id", "claims", use: claims)
    }

    func show(req: Request) async throws -> Response {
        try await render(req)
    }

    /// The scores typed: `paperN` with the subject `subjectN` the page showed it under (empty: missing), or `score`
    /// for a campaign without paper rules. The store refuses subjects that are no longer the campaign's rules.
    func papers(req: Request) async throws -> Response {
        let fields = try req.content.decode([String: String].self)
        let subjects = (1...RulesForm.paperRows).compactMap { fields["subject\($0)"] }
        return try await change(req, csrf: fields["csrf"]) { store, applicationID, actor in
            guard !subjects.isEmpty else {
                try await store.recordScore(try DTO.points(fields["score"]?.trimmingCharacters(in: .whitespaces) ?? "", field: "score"),
                                            applicationID: applicationID, by: actor)
                return
            }
            var scores: [String: Points] = [:]
            for (index, subject) in subjects.enumerated() {
                guard let text = fields["paper\(index + 1)"]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { continue }
                scores[subject] = try DTO.points(text, field: subject)
            }
            try await store.recordPapers(scores, applicationID: applicationID, shownUnder: subjects, by: actor)
        }
    }

    func claims(req: Request) async throws -> Response {
        let fields = try req.content.decode([String: String].self)
        let group = fields["priority_group"].flatMap { $0.isEmpty ? nil : $0 }, prize = fields["prize"].flatMap { $0.isEmpty ? nil : $0 }
        guard group.map({ PriorityGroup(rawValue: $0) != nil }) ?? true, prize.map({ Prize(rawValue: $0) != nil }) ?? true else {
            throw Abort(.badRequest)
        }
        return try await change(req, csrf: fields["csrf"]) { store, applicationID, actor in
            try await store.acceptClaims(group: group.flatMap(PriorityGroup.init(rawValue:)), prize: prize.flatMap(Prize.init(rawValue:)),
                                         applicationID: applicationID, by: actor)
        }
    }

    /// A department change (its routes are the department's only) in one transaction; a refusal is said on the page, nothing changed.
    private func change(_ req: Request, csrf: String?,
                        _ body: @escaping @Sendable (AdmissionsStore, Int, Actor) async throws -> Void) async throws -> Response {
        try req.checkCSRF(csrf)
        let applicationID = try req.id(), actor = try req.actor(), cipher = req.context.cipher
        do {
            try await req.context.database.transaction { db in try await body(AdmissionsStore(db, cipher: cipher), applicationID, actor) }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: AdmissionsRoutes.status(of: error))
        } catch let rejected as InputRejected {
            return try await render(req, error: rejected.problems.first?.reason, status: .unprocessableEntity)
        }
        return req.redirect(to: "/admissions/applications/\(applicationID)")
    }

    private func render(_ req: Request, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let scope = try await req.admissionsScope()
        let principal = try req.principal(), applicationID = try req.id()
        let store = AdmissionsStore(req.context.database.sql, cipher: req.context.cipher)
        guard let application = try await store.application(id: applicationID, schools: scope, communes: scope == nil ? [] : principal.officerCommunes)
        else { throw Abort(.notFound) }
        try await AuditLog(req.context.database.sql).append(
            AuditEvent(action: "read_application", entity: "admission_application", entityID: String(applicationID)), by: try req.actor())
        let campaign = try await store.campaign(id: application.campaignID)
        let schools = try await store.schools(campaignID: campaign.id)
        let page = StaffApplicationPage(
            campaign: campaign, application: application, rules: try await store.rules(campaignID: campaign.id),
            appeals: try await store.appeals(applicationID: applicationID),
            schoolCodes: Dictionary(uniqueKeysWithValues: schools.map { ($0.id, $0.code) }),
            recordsScores: principal.runsAdmissions && !principal.readOnly, csrf: req.csrfToken, error: error, t: req.localizer)
        return req.page(req.localizer("Hồ sơ tuyển sinh \(applicationID)", "Application \(applicationID)"), status: status, page)
    }
}
