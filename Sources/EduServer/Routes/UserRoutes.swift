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
        admin.post("users", ":id", "disable") { req in try await setActive(req, false) }
        admin.post("users", ":id", "enable") { req in try await setActive(req, true) }
        admin.post("users", ":id", "password", use: resetPassword)
        admin.post("users", ":id", "grants", use: addGrant)
        admin.post("users", ":id", "grants", ":grant", "remove", use: removeGrant)
    }

    static let pageSize = 100

    /// A page of accounts (`?q=` a username's beginning, `?after=` the last username of the page before).
    /// `message`: why the last form was refused; `notice`: what it did, when that must be read once (a new password).
    static func page(_ req: Request, message: String?, notice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard try req.principal().canManageUsers else { throw Abort(.forbidden) }
        let search = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        let page = try await KeysetPage.read(pageSize) {
            try await req.context.accounts.users(prefix: search, after: req.query[String.self, at: "after"] ?? "", limit: $0)
        }
        let roles = try await GrantResolver(req.context.database.sql).grantedRoles(ofUsers: page.items.map(\.id))
        let next = page.next(\.username).map { AccountViews.usersPage(search: search, after: $0) }
        return req.page(req.localizer("Tài khoản", "Users"), status: status,
                        AccountViews.users(page.items, roles: roles, search: search, next: next, message: message, notice: notice,
                                           selfID: try req.signedInUserID, csrf: req.csrfToken, t: req.localizer))
    }

    /// The account named by the path, for a department administrator signed in who sent the form (403 for anyone else,
    /// an API token too: a reset password is shown to the caller, and only a person may be handed one; 404 for no such
    /// account).
    private func account(_ req: Request) async throws -> AccountStore.User {
        struct Form: Content { let csrf: String? }
        guard try req.principal().canManageUsers, try req.signedInUserID != nil else { throw Abort(.forbidden) }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        guard let user = try await req.context.accounts.user(id: try req.id()) else { throw Abort(.notFound) }
        return user
    }

    /// Disabling ends the account's sessions at once. An administrator cannot disable their own account: the department
    /// could be left with no one to enable it.
    func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let user = try await account(req)
        if !active, user.id == (try req.signedInUserID) {
            return try await Self.page(req, message: req.localizer("Không thể tự khoá tài khoản của mình", "You cannot disable your own account"),
                                       status: .conflict)
        }
        try await req.context.accounts.setStatus(userID: user.id, active: active, by: try req.actor())
        return req.redirect(to: "/users")
    }

    /// A generated password, shown once on the answer (never stored in clear, never in a URL); the account's sessions end.
    func resetPassword(req: Request) async throws -> Response {
        let user = try await account(req)
        let password = Secret.make().prefix(16).description
        try await req.context.accounts.setPassword(userID: user.id, passwordHash: try req.context.hasher.hash(password), by: try req.actor())
        return try await Self.page(req, message: nil, notice: req.localizer(
            "Mật khẩu mới của \(user.username): \(password) (chỉ hiện một lần; hãy trao tận tay và đề nghị đổi)",
            "New password for \(user.username): \(password) (shown once; hand it over in person and ask for it to be changed)"))
    }

    /// Another role for the account, in the creation form's terms (a role and its unit, school or SCHOOL/STAFF code).
    func addGrant(req: Request) async throws -> Response {
        struct Form: Content { let role: String; let scope_code: String? }
        let user = try await account(req)
        let form = try req.content.decode(Form.self)
        guard let role = Role(rawValue: form.role) else {
            return try await Self.page(req, message: req.localizer("Chọn một vai trò", "Choose a role"), status: .unprocessableEntity)
        }
        do {
            let grant = try await Self.grant(role, scope: form.scope_code, req)
            try await req.context.database.transaction { db in
                try await AccountStore(db).grant(grant, toUser: user.id, by: try req.actor())
            }
        } catch let error as EduError {
            return try await Self.page(req, message: req.localizer(error.message), status: .unprocessableEntity)
        }
        return req.redirect(to: "/users")
    }

    /// Takes a role back. An administrator cannot take their own department-administrator role: the department could be
    /// left with no one to manage accounts.
    func removeGrant(req: Request) async throws -> Response {
        let user = try await account(req)
        guard let grantID = req.parameters.get("grant", as: Int.self) else { throw Abort(.notFound) }
        let isSelf = user.id == (try req.signedInUserID), actor = try req.actor()
        // Checked with the account held, so that two requests at once cannot each take one of its last two roles.
        let removed: Bool? = try await req.context.database.transaction { db in
            let accounts = AccountStore(db)
            try await accounts.hold(userID: user.id)
            let roles = try await GrantResolver(db).grantedRoles(ofUsers: [user.id])[user.id] ?? []
            if isSelf, GrantResolver.GrantedRole.lastAdministratorRole(roles) == grantID { return nil }
            return try await accounts.revoke(grantID: grantID, ofUser: user.id, by: actor)
        }
        guard let removed else {
            return try await Self.page(req, message: req.localizer("Không thể tự bỏ vai trò quản trị cuối cùng của mình",
                                                                   "You cannot take away your own last administrator role"), status: .conflict)
        }
        guard removed else { throw Abort(.notFound) }
        return req.redirect(to: "/users")
    }

    /// A role's grant from the forms' scope: a unit or school code; a teacher's (and a principal's own record) as
    /// "SCHOOL_CODE/STAFF_CODE".
    static func grant(_ role: Role, scope: String?, _ req: Request) async throws -> Grant {
        let parts = (scope ?? "").split(separator: "/", maxSplits: 1).map(String.init)
        return try await GrantResolver(req.context.database.sql)
            .grant(role: role, scopeCode: parts.first ?? "", staffCode: parts.count > 1 ? parts[1] : nil)
    }

    func create(req: Request) async throws -> Response {
        struct Form: Content { let username: String; let display_name: String; let password: String; let role: String; let scope_code: String?; let csrf: String? }
        // A signed-in administrator only: a token could otherwise make itself an account it knows the password of.
        guard try req.principal().canManageUsers, try req.signedInUserID != nil else { throw Abort(.forbidden) }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let t = req.localizer
        if let problem = PasswordPolicy.problem(form.password) { return try await Self.page(req, message: t(problem)) }
        guard let role = Role(rawValue: form.role) else { throw Abort(.badRequest) }
        do {
            let grant = try await Self.grant(role, scope: form.scope_code, req)
            _ = try await req.context.accounts.createUser(username: form.username, displayName: form.display_name,
                                                          passwordHash: try req.context.hasher.hash(form.password),
                                                          grants: [grant], by: try req.actor())
        } catch let error as EduError {
            return try await Self.page(req, message: t(error.message))
        }
        return req.redirect(to: "/users")
    }
}

extension Request {
    /// The account of a signed-in user (nil for an API token or a family session).
    var signedInUserID: Int? {
        get throws {
            let principal = try principal()
            return principal.kind == .user ? principal.id : nil
        }
    }
}
