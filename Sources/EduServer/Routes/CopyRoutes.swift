import Access
import Credentials
import EduCore
import Signing
import Vapor

/// The certified-copy service. Public, no account: `/ban-sao` (the request form), `/ban-sao/CODE` (the request's
/// status, and the signed copy once issued; the code is the key, and guessing is throttled). Department staff:
/// `/credentials/copies` (the queue by legal deadline), `/credentials/copies/ID` (the requester's particulars, read
/// audited; issue with a unit's seal, or refuse with a reason), `/credentials/scans/ID` (the scanned register page the
/// entry was transcribed from, to compare before issuing; read audited).
struct CopyRoutes: RouteCollection {
    let throttle: LookupThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.get("ban-sao", use: form)
        routes.post("ban-sao", use: submit)
        routes.get("ban-sao", ":code", use: status)
        routes.get("ban-sao", ":code", "ban-sao.pdf", use: download)
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "copies", use: queue)
        staff.get("credentials", "copies", ":id", use: request)
        staff.post("credentials", "copies", ":id", ":decision", use: decide)
        staff.get("credentials", "scans", ":id", use: pageScan)
    }

    func form(req: Request) async throws -> Response {
        req.page(req.localizer("Yêu cầu cấp bản sao từ sổ gốc", "Request a copy from the register"), CopyViews.form(problem: nil, t: req.localizer))
    }

    func submit(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) { return tooMany(req, wait: wait) }
        struct Form: Content {
            let serial: String, holderName: String, holderBirth: String, requester: String, requesterName: String
            let identityDocument: String, contact: String, note: String?
            enum CodingKeys: String, CodingKey {
                case serial, holderName = "holder_name", holderBirth = "holder_birth", requester, requesterName = "requester_name"
                case identityDocument = "identity_document", contact, note
            }
        }
        let form = try req.content.decode(Form.self)
        do {
            guard case .success(let birth) = CalendarDate.parse(form.holderBirth) else {
                throw EduError("copies.birth", vi: "Ngày sinh không hợp lệ (dd/mm/yyyy)", en: "The date of birth is not valid (dd/mm/yyyy)")
            }
            guard let requester = CopyRequester(rawValue: form.requester) else { throw Abort(.badRequest) }
            let request = try await req.copies.submit(CopyRequestDraft(
                serial: form.serial, holderName: form.holderName, holderBirth: birth, requester: requester, requesterName: form.requesterName,
                identityDocument: form.identityDocument, contact: form.contact, note: form.note ?? ""), by: Actor(name: "public", origin: req.origin))
            return req.redirect(to: "/ban-sao/\(request.code)")
        } catch let error as EduError {
            return req.page(req.localizer("Yêu cầu cấp bản sao từ sổ gốc", "Request a copy from the register"), status: .unprocessableEntity,
                            CopyViews.form(problem: error.message, t: req.localizer))
        }
    }

    func status(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) { return tooMany(req, wait: wait) }
        guard let request = try await req.copies.request(code: req.parameters.get("code") ?? "") else { throw Abort(.notFound) }
        let response = req.page(req.localizer("Yêu cầu \(request.code)", "Request \(request.code)"),
                                CopyViews.status(request, standing: try await Self.standing(of: request, req), t: req.localizer))
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func download(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) { return tooMany(req, wait: wait) }
        guard let pdf = try await req.copies.download(code: req.parameters.get("code") ?? "", by: Actor(name: "public", origin: req.origin))
        else { throw Abort(.notFound) }
        return Response(status: .ok, headers: ["Content-Type": "application/pdf", "Cache-Control": "no-store",
                                               "Content-Disposition": "attachment; filename=\"ban-sao-tu-so-goc.pdf\""], body: .init(data: Data(pdf)))
    }

    func queue(req: Request) async throws -> Response {
        try requireStaff(req)
        let store = req.copies
        return req.page(req.localizer("Bản sao từ sổ gốc", "Copies from the register"),
                        CopyViews.queue(waiting: try await store.queue(status: .received),
                                        decided: try await store.queue(status: .issued, limit: 20) + store.queue(status: .refused, limit: 20),
                                        today: .today, t: req.localizer))
    }

    func request(req: Request) async throws -> Response {
        try requireStaff(req)
        let id = try req.id()
        let store = req.copies
        guard let request = try await store.request(id: id), let particulars = try await store.particulars(id: id, by: try req.actor()) else {
            throw Abort(.notFound)
        }
        let seals = try await req.context.signers.list().filter { $0.kind == SignerKind.seal.rawValue }.map(\.name)
        let checked = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher).isChecked(serial: request.serial) ?? false
        return req.page(req.localizer("Yêu cầu \(request.code)", "Request \(request.code)"),
                        CopyViews.request(request, particulars: particulars, seals: seals, checked: checked, csrf: req.csrfToken, t: req.localizer))
    }

    func pageScan(req: Request) async throws -> Response {
        try requireStaff(req)
        guard let scan = try await PageScanStore(req.context.database.sql).scan(id: try req.id(), by: try req.actor()) else { throw Abort(.notFound) }
        let suffix = scan.mediaType.rawValue.split(separator: "/").last!
        return Response(status: .ok, headers: ["Content-Type": scan.mediaType.rawValue, "Cache-Control": "private, no-store",
                                               "Content-Disposition": "\(scan.mediaType.isShownInline ? "inline" : "attachment"); filename=\"trang-so-goc-\(scan.id).\(suffix)\""],
                        body: .init(data: Data(scan.content)))
    }

    func decide(req: Request) async throws -> Response {
        // Issuing seals a copy: never with a read-only token.
        guard try !req.principal().readOnly else { throw Abort(.forbidden) }
        try requireStaff(req)
        struct Form: Content { let csrf: String?; let signer: String?; let reason: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let id = try req.id()
        let actor = try req.actor()
        do {
            switch req.parameters.get("decision") {
            case "issue": _ = try await req.copies.issue(id: id, signerName: form.signer ?? "", signers: req.context.signers, by: actor)
            case "refuse": _ = try await req.copies.refuse(id: id, reason: form.reason ?? "", by: actor)
            default: throw Abort(.notFound)
            }
        } catch let error as EduError {
            return req.page(req.localizer("Không thực hiện được", "Not done"), status: .conflict,
                            CopyViews.refused(error.message, requestID: id, t: req.localizer))
        }
        return req.redirect(to: "/credentials/copies")
    }

    /// Whoever holds an issued copy's code (its QR code, its link) learns whether the credential still stands, not only
    /// that the copy was issued; nil before it is issued.
    static func standing(of request: CopyRequest, _ req: Request) async throws -> EntryStatus? {
        guard request.status == .issued else { return nil }
        return try await RegisterStore(req.context.database.sql, cipher: req.context.cipher).standing(serial: request.serial)?.status
    }

    private func requireStaff(_ req: Request) throws {
        guard try req.principal().isDepartmentStaff else { throw Abort(.forbidden) }
    }

    private func tooMany(_ req: Request, wait: Int) -> Response {
        let response = req.page(req.localizer("Quá nhiều yêu cầu", "Too many requests"), status: .tooManyRequests,
                                CopyViews.message(Bilingual(vi: "Quá nhiều yêu cầu: hãy thử lại sau \(wait) giây.",
                                                            en: "Too many requests: try again in \(wait) s."), t: req.localizer))
        response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
        return response
    }
}

extension Request {
    var copies: CopyRequestStore {
        CopyRequestStore(context.database, cipher: context.cipher, calendar: context.workingCalendar, publicURL: context.publicURL)
    }
}
