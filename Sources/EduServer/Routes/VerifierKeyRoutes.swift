import Access
import Credentials
import EduCore
import Vapor

/// Employers' lookup keys (`/credentials/keys`), as the command line manages them: the department's administrators
/// create one (its secret shown once, on the answer to the form, never stored in clear), see each key's quota and
/// today's use, and revoke one at once; auditors read the list. Each change is audited by the store. The key meter
/// writes its counts before the list is shown and reads the keys again after a revocation, so this instance shows
/// today's use as it stands and stops a revoked key at once (other instances within about a second).
struct VerifierKeyRoutes: RouteCollection {
    let keyMeter: VerifierKeyMeter

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "keys", use: list)
        staff.post("credentials", "keys", use: create)
        staff.post("credentials", "keys", ":id", "revoke", use: revoke)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, message: req.query[String.self, at: "revoked"] != nil ? Bilingual(vi: "Đã thu hồi khoá.", en: "The key is revoked.") : nil)
    }

    func create(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?, organisation: String?, daily: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        try Self.requireAdministrator(req)
        let actor = try req.actor()
        do {
            guard let daily = Int((form.daily ?? "").trimmingCharacters(in: .whitespaces)) else {
                throw EduError("verifier_key.quota", vi: "Hạn mức mỗi ngày là một số nguyên", en: "The daily quota is a whole number")
            }
            let key = try await req.context.database.transaction { db in
                try await VerifierKeyStore(db).create(organisation: form.organisation ?? "", dailyQuota: daily, by: actor)
            }
            let response = try await render(req, secret: key)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch let error as EduError {
            return try await render(req, error: error.message, status: .unprocessableEntity)
        }
    }

    func revoke(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        try Self.requireAdministrator(req)
        let id = try req.id(), actor = try req.actor()
        do {
            try await req.context.database.transaction { db in try await VerifierKeyStore(db).revoke(id: id, by: actor) }
        } catch let error as EduError {
            // The store says the same for no such key and one revoked already: both are no key in use.
            return try await render(req, error: error.message, status: .notFound)
        }
        do {
            try await keyMeter.write()
        } catch {
            req.logger.warning("key meter not refreshed after revoking key \(id): it stops at the next write")
        }
        return req.redirect(to: "/credentials/keys?revoked=\(id)")
    }

    private func render(_ req: Request, secret: (id: Int, secret: String)? = nil, message: Bilingual? = nil, error: Bilingual? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = try req.principal()
        guard principal.has(.departmentAdmin) || principal.has(.auditor) else { throw Abort(.forbidden) }
        let store = VerifierKeyStore(req.context.database.sql)
        try await keyMeter.write()
        let page = VerifierKeyViews.Page(keys: try await store.keys(), used: try await store.usage(), secret: secret,
                                         manages: principal.has(.departmentAdmin) && !principal.readOnly, csrf: req.csrfToken,
                                         message: message, error: error, t: req.localizer)
        return req.page(req.localizer("Khoá tra cứu văn bằng", "Lookup keys"), status: status, page)
    }

    private static func requireAdministrator(_ req: Request) throws {
        let principal = try req.principal()
        guard principal.has(.departmentAdmin), !principal.readOnly else { throw Abort(.forbidden) }
    }
}
