import Access
import EduCore
import Registry
import Vapor

/// Department administrators manage accounts and their roles.
struct UserRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let admin = routes.grouped(RedirectToLogin())
        admin.get("users") { req in try await Self.page(req, message: nil) }
        admin.post("users", use: create)
    }

    static func page(_ req: Request, message: String?) async throws -> Response {
        guard try req.principal().canManageUsers else { throw Abort(.forbidden) }
        let users = try await req.context.accounts.users()
        let roles = try await GrantResolver(req.context.database.sql).grantedRoles()
        return req.page(req.localizer("Tài khoản", "Users"),
                        AccountViews.users(users, roles: roles, message: message, csrf: req.csrfToken, t: req.localizer))
    }

    func create(req: Request) async throws -> Response {
        struct Form: Content { let username: String; let display_name: String; let password: String; let role: String; let scope_code: String?; let csrf: String? }
        guard try req.principal().canManageUsers else { throw Abort(.forbidden) }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let t = req.localizer
        if let problem = PasswordPolicy.problem(form.password) { return try await Self.page(req, message: t(problem)) }
        guard let role = Role(rawValue: form.role) else { throw Abort(.badRequest) }
        do {
            // A teacher's scope is written "SCHOOL_CODE/STAFF_CODE".
            let scope = (form.scope_code ?? "").split(separator: "/", maxSplits: 1).map(String.init)
            let grant = try await GrantResolver(req.context.database.sql)
                .grant(role: role, scopeCode: scope.first ?? "", staffCode: scope.count > 1 ? scope[1] : nil)
            _ = try await req.context.accounts.createUser(username: form.username, displayName: form.display_name,
                                                          passwordHash: try req.context.hasher.hash(form.password),
                                                          grants: [grant], by: try req.actor())
        } catch let error as EduError {
            return try await Self.page(req, message: t(error.message))
        }
        return req.redirect(to: "/users")
    }
}
