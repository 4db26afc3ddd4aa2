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

    /// The outcome of the last step comes back as numbers, and the sentence is made here: a link cannot put its own words
    /// on the page.
    func show(req: Request) async throws -> Response {
        var message: Bilingual?
        if let drafted = req.query[Int.self, at: "drafted"] {
            message = Bilingual(vi: "Đã lập \(drafted) học bạ.", en: "\(drafted) drafted.")
        } else if let signed = req.query[Int.self, at: "signed"], let waiting = req.query[Int.self, at: "waiting"],
                  let turn = req.query[String.self, at: "turn"].flatMap(HocBaSigner.init(rawValue:)) {
            message = Bilingual(vi: "Đã ký \(signed) học bạ (lượt \(turn.label.vi)); \(waiting) còn chờ chữ ký trước.",
                                en: "Signed \(signed) (as \(turn.label.en)); \(waiting) wait for an earlier signature.")
        }
        return try await render(req, page: try await page(req), message: message)
    }

    func draft(req: Request) async throws -> Response {
        // `leaving`: a student of the class moving school after semester I, whose record of that semester alone is drafted.
        struct Form: Content { let csrf: String?; let newVersions: String?; let leaving: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let page = try await page(req)
        guard page.canDraft else { throw Abort(.forbidden) }
        let store = try req.context.hocBa()
        do {
            let drafted: Int
            if let leaving = form.leaving {
                // The store refuses a student who is not in the class (`hoc_ba.not_in_class`).
                guard let student = Int(leaving) else { throw Abort(.unprocessableEntity) }
                _ = try await store.draft(studentID: student, classID: page.schoolClass.id, leavingAfterFirstSemester: true, by: req.actor())
                drafted = 1
            } else {
                drafted = try await store.draftClass(classID: page.schoolClass.id, newVersions: form.newVersions == "1", by: req.actor()).count
            }
            return req.redirect(to: "/classes/\(page.schoolClass.id)/hoc-ba?drafted=\(drafted)")
        } catch let error as EduError {
            try await AuditLog(req.context.database.sql).append(.refused(req.attempted, error), by: try req.actor())
            return try await render(req, page: page, error: error, status: .conflict)
        }
    }

    func sign(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let signer: String; let pin: String? }
        let page = try await page(req)
        // Someone who holds no signer of this class is refused before the form is read.
        guard !page.signers.isEmpty else { throw Abort(.forbidden) }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        guard page.signers.contains(form.signer) else {
            try await AuditLog(req.context.database.sql).append(.refused(req.attempted, because: "signer \(form.signer.prefix(80)) is not the account's"),
                                                                by: try req.actor())
            throw Abort(.forbidden)
        }
        do {
            let signers = req.context.signers
            // PAdES B-T: every signature is time-stamped.
            let timestamping = try await SignatureTimestamping.configured(url: req.context.timestampAuthorityURL, signers: signers)
            let pin = form.pin.flatMap { $0.isEmpty ? nil : $0 }
            let result = try await req.context.hocBa().signClass(classID: page.schoolClass.id, signerName: form.signer, pin: pin,
                                                                 timestamping: timestamping, signers: signers, by: req.actor())
            return req.redirect(to: "/classes/\(page.schoolClass.id)/hoc-ba?signed=\(result.signed)&waiting=\(result.waiting)&turn=\(result.turn.rawValue)")
        } catch let error as EduError {
            return try await render(req, page: page, error: error, status: Self.status(of: error))
        }
    }

    /// A version's PDF for whoever reaches the class; each download is a read of the child's record.
    func download(req: Request) async throws -> Response {
        let schoolClass = try await readableClass(req)
        guard let id = req.parameters.get("document", as: Int.self),
              let pdf = try await req.context.hocBa().currentPDF(documentID: id, classID: schoolClass.id) else { throw Abort(.notFound) }
        try await AuditLog(req.context.database.sql).append(AuditEvent(action: "read", entity: "hoc_ba", entityID: String(id)), by: try req.actor())
        return Response(status: .ok, headers: ["Content-Type": "application/pdf", "Cache-Control": "no-store",
                                               "Content-Disposition": "attachment; filename=\"hoc-ba-\(id).pdf\""],
                        body: .init(data: Data(pdf)))
    }

    // MARK: Helpers

    /// Whoever reaches the class; everyone else gets a 404.
    private func readableClass(_ req: Request) async throws -> RegistryStore.SchoolClass {
        guard let id = req.parameters.get("id", as: Int.self),
              let schoolClass = try await req.context.registry.schoolClass(id: id, in: try await req.reach()) else { throw Abort(.notFound) }
        return schoolClass
    }

    private func page(_ req: Request) async throws -> HocBaClassPage {
        let principal = try req.principal()
        let schoolClass = try await readableClass(req)
        let id = schoolClass.id
        let classReach = Reach(allSchools: false, schools: [], classes: [id], writableAll: false, writableSchools: [])
        let runsSchool = !principal.readOnly && principal.grants.contains {
            [.principal, .schoolAdmin].contains($0.role) && $0.schoolID == schoolClass.schoolId
        }
        // The person the account is: a teacher's or a principal's staff record (`--staff-code`), never another role's.
        let staffIDs = Set(principal.grants.filter { [.teacher, .principal].contains($0.role) }.compactMap(\.staffID))
        return HocBaClassPage(
            schoolClass: schoolClass, students: try await req.context.registry.students(classID: id, in: classReach, limit: 200),
            documents: try await req.context.hocBa().summaries(classID: id), canDraft: runsSchool,
            signers: principal.readOnly ? [] : try await req.context.signers.names(ofStaff: staffIDs, sealsOf: runsSchool ? [schoolClass.schoolId] : []))
    }

    /// Not this signer's turn: 403; a PIN missing or wrong: 422; the time-stamp authority or a token not answering: 503;
    /// a state that does not allow it: 409.
    static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "hoc_ba.wrong_signer": .forbidden
        case let code where code.hasPrefix("signer.pin") || code.hasPrefix("pkcs11.pin"): .unprocessableEntity
        case let code where code.hasPrefix("tsa.") || code.hasPrefix("pkcs11."): .serviceUnavailable
        default: .conflict
        }
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
    let documents: [HocBaStore.Summary]
    let canDraft: Bool
    /// The signers the viewer may sign with.
    let signers: [String]
}
