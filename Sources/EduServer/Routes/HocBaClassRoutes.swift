import Access
import EduCore
import Foundation
import Records
import Registry
import Signing
import Vapor

/// A class's học bạ on the web (`/classes/ID/hoc-ba`): where each student's current version stands; drafting (the
/// principal or the school administrator, once the year is approved); and signing in turn with a key the signed-in
/// person holds: their own (bound to their staff record) or, for the principal and the school administrator, the
/// school's seal. Each document is signed in its own transaction, so a failure part-way leaves every document signed
/// or untouched, and signing again carries on.
struct HocBaClassRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("classes", ":id", "hoc-ba", use: show)
        signedIn.post("classes", ":id", "hoc-ba", "draft", use: draft)
        signedIn.post("classes", ":id", "hoc-ba", "sign", use: sign)
        signedIn.get("classes", ":id", "hoc-ba", ":document", use: download)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, page: try await page(req), message: req.query[String.self, at: "note"].map { Bilingual(vi: $0, en: $0) })
    }

    func draft(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let newVersions: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let page = try await page(req)
        guard page.canDraft else { throw Abort(.forbidden) }
        do {
            let made = try await req.context.hocBa().draftClass(classID: page.schoolClass.id, newVersions: form.newVersions == "1", by: req.actor())
            return redirect(req, page, note: req.localizer("Đã lập \(made.count) học bạ.", "\(made.count) drafted."))
        } catch let error as EduError {
            return try await render(req, page: page, error: error, status: .conflict)
        }
    }

    func sign(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let signer: String; let pin: String?; let timestamp: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let page = try await page(req)
        guard page.signers.contains(form.signer) else { throw Abort(.forbidden) }
        do {
            let signers = req.context.signers
            let timestamping = form.timestamp == "1"
                ? try await SignatureTimestamping.configured(url: req.context.timestampAuthorityURL, signers: signers) : nil
            let pin = form.pin.flatMap { $0.isEmpty ? nil : $0 }
            let result = try await req.context.hocBa().signClass(classID: page.schoolClass.id, signerName: form.signer, pin: pin,
                                                                 timestamping: timestamping, signers: signers, by: req.actor())
            let t = req.localizer
            return redirect(req, page, note: t("Đã ký \(result.signed) học bạ (lượt \(result.turn.label.vi)); \(result.waiting) còn chờ chữ ký trước.",
                                               "Signed \(result.signed) (as \(result.turn.label.en)); \(result.waiting) wait for an earlier signature."))
        } catch let error as EduError {
            return try await render(req, page: page, error: error, status: error.code == "hoc_ba.wrong_signer" ? .forbidden : .conflict)
        }
    }

    /// A version's PDF for whoever reaches the class; each download is a read of the child's record.
    func download(req: Request) async throws -> Response {
        let page = try await page(req)
        guard let id = req.parameters.get("document", as: Int.self), let document = page.documents.first(where: { $0.id == id }) else {
            throw Abort(.notFound)
        }
        try await AuditLog(req.context.database.sql).append(
            AuditEvent(action: "read", entity: "hoc_ba", entityID: String(document.id)), by: try req.actor())
        return Response(status: .ok, headers: ["Content-Type": "application/pdf", "Cache-Control": "no-store",
                                               "Content-Disposition": "attachment; filename=\"hoc-ba-\(document.studentID)-v\(document.version).pdf\""],
                        body: .init(data: Data(document.pdf)))
    }

    // MARK: Helpers

    /// Whoever reaches the class; everyone else gets a 404.
    private func page(_ req: Request) async throws -> HocBaClassPage {
        let principal = try req.principal()
        let reach = try await req.reach()
        guard let id = req.parameters.get("id", as: Int.self),
              let schoolClass = try await req.context.registry.schoolClass(id: id, in: reach) else { throw Abort(.notFound) }
        let classReach = Reach(allSchools: false, schools: [], classes: [id], writableAll: false, writableSchools: [])
        let runsSchool = !principal.readOnly && principal.grants.contains {
            [.principal, .schoolAdmin].contains($0.role) && $0.schoolID == schoolClass.schoolId
        }
        let staffIDs = Set(principal.grants.compactMap(\.staffID))
        return HocBaClassPage(
            schoolClass: schoolClass, students: try await req.context.registry.students(classID: id, in: classReach, limit: 200),
            documents: try await req.context.hocBa().currentVersions(classID: id), canDraft: runsSchool,
            signers: principal.readOnly ? [] : try await req.context.signers.names(ofStaff: staffIDs, sealsOf: runsSchool ? [schoolClass.schoolId] : []))
    }

    private func redirect(_ req: Request, _ page: HocBaClassPage, note: String) -> Response {
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "note", value: note)]
        return req.redirect(to: "/classes/\(page.schoolClass.id)/hoc-ba?\(components.percentEncodedQuery ?? "")")
    }

    private func render(_ req: Request, page: HocBaClassPage, message: Bilingual? = nil, error: EduError? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        req.page("\(req.localizer("Học bạ lớp", "Học bạ of class")) \(page.schoolClass.name)", status: status,
                 HocBaClassViews.page(page, message: message, error: error, csrf: req.csrfToken, t: req.localizer))
    }
}

/// What the class's học bạ page shows, and what the viewer may do there.
struct HocBaClassPage {
    let schoolClass: RegistryStore.SchoolClass
    let students: [RegistryStore.StudentSummary]
    /// The current version of each student's học bạ that has one.
    let documents: [HocBaVersion]
    let canDraft: Bool
    /// The signers the viewer may sign with.
    let signers: [String]
}
