import Access
import EduCore
import Vapor

/// `/audit`: the audit trail for the auditor and the department's administrator, newest first, filtered by record,
/// actor and days; and a check of its hash chain. Reading the trail is itself audited: it holds every record's snapshots.
struct AuditRoutes: RouteCollection {
    static let pageSize = 100

    func boot(routes: any RoutesBuilder) throws {
        let readers = routes.grouped(RedirectToLogin(), ReadsAuditTrail())
        readers.get("audit", use: page)
        readers.post("audit", "verify", use: verify)
        routes.grouped("api", "v1").grouped(RequirePrincipal(), ReadsAuditTrail()).get("audit") { req in
            DTO.Page(try await Self.entries(req))
        }
    }

    func page(req: Request) async throws -> Response {
        try await Self.trail(req, verification: nil)
    }

    /// Checks the whole chain against its seals (it reads every entry: on demand, not on each page).
    func verify(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let result = try await AuditLog(req.context.database.sql).verify(seals: AuditSeals(req.context.database.sql, cipher: req.context.cipher))
        return try await Self.trail(req, verification: result)
    }

    /// The trail's page, with the chain's check when one was asked for.
    static func trail(_ req: Request, verification: AuditLog.Verification?) async throws -> Response {
        let entries = try await entries(req)
        return req.page(req.localizer("Nhật ký kiểm toán", "Audit trail"),
                        AuditViews.trail(entries.items, filter: req.auditForm, next: entries.next(\.id).map { req.auditForm.query(before: $0) },
                                         verification: verification, csrf: req.csrfToken, t: req.localizer))
    }

    /// The page of entries the query asks for; the read is audited with the filter, never with what it found.
    static func entries(_ req: Request) async throws -> KeysetPage<AuditLog.Entry> {
        let form = req.auditForm
        let log = AuditLog(req.context.database.sql)
        let filter = try form.filter()
        let entries = try await KeysetPage.read(pageSize) { try await log.entries(filter, before: form.before ?? 0, limit: $0) }
        try await log.append(AuditEvent(action: "read", entity: "audit_log", entityID: form.description), by: req.actor())
        return entries
    }
}

/// The trail's filter as the page's form and the API's query give it: days are Vietnam days, `YYYY-MM-DD`.
struct AuditForm: CustomStringConvertible {
    var entity: String?, entityID: String?, actor: String?, from: String?, to: String?, before: Int?

    func filter() throws -> AuditLog.Filter {
        func day(_ text: String?, _ name: String) throws -> CalendarDate? {
            guard let text else { return nil }
            guard let day = CalendarDate(iso: text) else { throw Abort(.badRequest, reason: "\(name) is a date, YYYY-MM-DD") }
            return day
        }
        // A Vietnam day starts at 17:00 UTC the day before; stored instants are UTC and compare as text.
        func start(_ day: CalendarDate?) -> String? { day?.adding(days: -1).map { "\($0.iso)T17:00:00.000Z" } }
        return AuditLog.Filter(entity: entity, entityID: entityID, actor: actor, from: start(try day(from, "from")),
                               to: start(try day(to, "to")?.adding(days: 1)))
    }

    /// The page's address with these filters and the cursor.
    func query(before: Int) -> String {
        var items = URLComponents()
        items.queryItems = [("entity", entity), ("entity_id", entityID), ("actor", actor), ("from", from), ("to", to)]
            .compactMap { name, value in value.map { URLQueryItem(name: name, value: $0) } } + [URLQueryItem(name: "before", value: String(before))]
        // URLComponents leaves "+" as it is, and a form's query reads it as a space: an actor such as `token:a+b` would
        // lose its filter on the next page.
        return "/audit?" + (items.percentEncodedQuery ?? "").replacingOccurrences(of: "+", with: "%2B")
    }

    var description: String {
        [("entity", entity), ("entity_id", entityID), ("actor", actor), ("from", from), ("to", to)]
            .compactMap { name, value in value.map { "\(name)=\($0)" } }.joined(separator: " ")
    }
}

extension Request {
    var auditForm: AuditForm {
        func text(_ name: String) -> String? {
            query[String.self, at: name].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        return AuditForm(entity: text("entity"), entityID: text("entity_id"), actor: text("actor"), from: text("from"), to: text("to"),
                         before: query[Int.self, at: "before"] ?? query[Int.self, at: "cursor"])
    }
}

/// 403 for anyone but the auditor and the department's administrator, signed in.
struct ReadsAuditTrail: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard try request.principal().readsAuditTrail else { throw Abort(.forbidden) }
        return try await next.respond(to: request)
    }
}
