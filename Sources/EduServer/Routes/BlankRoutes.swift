import Access
import Credentials
import EduCore
import Vapor

/// The stock of blank forms (`/credentials/blanks`), for the department: how many of each kind stand in each state,
/// a receipt by its document, one blank's history, and spoiling or cancelling one with the reason (read-only sessions
/// and auditors read only). Each change is audited by the store; each view of a blank's history too.
struct BlankRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "blanks", use: show)
        staff.post("credentials", "blanks", ":step", use: change)
    }

    func show(req: Request) async throws -> Response {
        try await render(req, message: req.query[String.self, at: "done"] != nil ? Bilingual(vi: "Đã lưu.", en: "Saved.") : nil)
    }

    /// `receive` (kind, from, to, document), `spoiled` or `cancelled` (serial, reason).
    func change(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?, kind: String?, from: String?, to: String?, document: String?, serial: String?, reason: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        guard try Self.manages(req), !(try req.principal().readOnly) else { throw Abort(.forbidden) }
        let actor = try req.actor()
        do {
            switch req.parameters.get("step") {
            case "receive":
                guard let kind = form.kind.flatMap(CredentialKind.init(rawValue:)) else { throw Abort(.badRequest) }
                let range = try SerialRange(from: form.from ?? "", to: form.to ?? "")
                try await req.context.database.transaction { try await BlankStore($0).receive(range, kind: kind, document: form.document ?? "", by: actor) }
            case let step?:
                guard let status = BlankStatus(rawValue: step) else { throw Abort(.notFound) }
                try await req.context.database.transaction {
                    try await BlankStore($0).retire(serial: form.serial ?? "", to: status, reason: form.reason ?? "", by: actor)
                }
            case nil: throw Abort(.notFound)
            }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: error.code == "blanks.not_found" ? .notFound
                                        : error.code.hasPrefix("blanks.status") || error.code == "blanks.known" ? .conflict : .unprocessableEntity)
        }
        return req.redirect(to: "/credentials/blanks?done=1")
    }

    private func render(_ req: Request, message: Bilingual? = nil, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard try Self.manages(req) || (try req.principal().has(.auditor)) else { throw Abort(.forbidden) }
        let store = BlankStore(req.context.database.sql)
        var found: (Blank, [BlankEvent])?
        if let serial = req.query[String.self, at: "serial"], !serial.isEmpty, let blank = try await store.blank(serial: serial) {
            found = (blank, try await store.history(serial: serial))
            try await AuditLog(req.context.database.sql).append(AuditEvent(action: "read", entity: "credential_blank", entityID: blank.serial),
                                                                by: try req.actor())
        }
        let page = BlankViews.Page(tally: try await store.tally(), found: found, asked: req.query[String.self, at: "serial"],
                                   changes: try Self.manages(req) && !(try req.principal().readOnly), csrf: req.csrfToken,
                                   message: message, error: error, t: req.localizer)
        return req.page(req.localizer("Phôi văn bằng", "Blank forms"), status: status, page)
    }

    /// Department administrators and staff keep the stock.
    private static func manages(_ req: Request) throws -> Bool {
        try req.principal().isDepartmentStaff
    }
}
