import Access
import EduCore
import Foundation
import Records
import Registry
import Storage
import Tabular
import Vapor

/// Server-rendered pages. Each handler asks for the principal, works out its reach, and shows
/// only what is inside it; anything outside is a plain 404, the same as a missing record.
struct WebRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("login") { req in req.page(req.localizer("Đăng nhập", "Sign in"), AccountViews.login(failed: false, t: req.localizer)) }
        routes.post("login", use: login)
        routes.post("logout", use: logout)
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get(use: home)
        signedIn.get("schools", use: schools)
        signedIn.get("schools", ":id", use: school)
        signedIn.get("classes", ":id", use: schoolClass)
        signedIn.get("students") { req in
            req.page(req.localizer("Tìm học sinh", "Find students"), RegistryViews.search(query: "", results: nil, csrf: req.csrfToken, t: req.localizer))
        }
        signedIn.post("students", use: searchStudents)
        signedIn.get("students", ":id", use: student)
        signedIn.get("students", ":id", "hoc-ba-chuyen-den", ":transfer", use: transferredHocBa)
        signedIn.get("staff", ":id", use: staffMember)
        signedIn.get("templates", ":file", use: template)
    }

    func login(req: Request) async throws -> Response {
        // No session yet, so no CSRF token: a form posted from another site (signing the victim in as the attacker) is
        // told apart by its origin, as on the family sign-in.
        try req.requireSameOrigin()
        struct Form: Content { let username: String; let password: String }
        let form = try req.content.decode(Form.self)
        guard let user = try await req.context.accounts.authenticate(username: form.username, password: form.password,
                                                                      origin: req.origin, hasher: req.context.hasher) else {
            return req.page(req.localizer("Đăng nhập", "Sign in"), status: .unauthorized, AccountViews.login(failed: true, t: req.localizer))
        }
        let session = try await req.context.accounts.startSession(userID: user.id)
        let response = req.redirect(to: "/")
        response.cookies[AuthenticationMiddleware.cookieName] = HTTPCookies.Value(
            string: session.token, maxAge: Int(AccountStore.absoluteLifetime), path: "/",
            isSecure: req.context.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    func logout(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        if let token = req.cookies[AuthenticationMiddleware.cookieName]?.string {
            try await req.context.accounts.endSession(token: token)
        }
        let response = req.redirect(to: "/login")
        response.cookies[AuthenticationMiddleware.cookieName] = HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), isHTTPOnly: true)
        return response
    }

    func home(req: Request) async throws -> Response {
        let reach = try await req.reach()
        let counts = try await req.context.registry.countsByUnit(in: reach)
        return req.page("EduVN", RegistryViews.home(counts, t: req.localizer))
    }

    func schools(req: Request) async throws -> Response {
        let cursor = req.query[Int.self, at: "after"] ?? 0
        let unit = req.query[Int.self, at: "unit"]
        let reach = try await req.reach()
        let list = try await KeysetPage.read(50) { try await req.context.registry.schools(in: reach, unitID: unit, after: cursor, limit: $0) }
        let next = list.next(\.id).map { "/schools?after=\($0)" + (unit.map { "&unit=\($0)" } ?? "") }
        return req.page(req.localizer("Trường học", "Schools"), RegistryViews.schools(list.items, next: next, t: req.localizer))
    }

    func school(req: Request) async throws -> Response {
        let reach = try await req.reach()
        guard let id = req.parameters.get("id", as: Int.self),
              let school = try await req.context.registry.school(id: id, in: reach) else { throw Abort(.notFound) }
        let classes = try await req.context.registry.classes(schoolID: id, in: reach)
        let staff = try await req.context.registry.staff(schoolID: id, in: reach, limit: 500)
        return req.page(school.name, RegistryViews.school(school, classes: classes, staff: staff, t: req.localizer))
    }

    func schoolClass(req: Request) async throws -> Response {
        let reach = try await req.reach()
        guard let id = req.parameters.get("id", as: Int.self),
              let item = try await req.context.registry.schoolClass(id: id, in: reach) else { throw Abort(.notFound) }
        let cursor = req.query[Int.self, at: "after"] ?? 0
        let students = try await KeysetPage.read(100) { try await req.context.registry.students(classID: id, in: reach, after: cursor, limit: $0) }
        let next = students.next(\.id).map { "/classes/\(id)?after=\($0)" }
        return req.page(item.name, RegistryViews.schoolClass(item, students: students.items, next: next, t: req.localizer))
    }

    static let searchLimit = 100

    func searchStudents(req: Request) async throws -> Response {
        struct Form: Content { let q: String; let csrf: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        // One more than is shown, to say that there are more rather than cut the list silently.
        let found = try await req.context.registry.students(matching: form.q, in: try await req.reach(), limit: Self.searchLimit + 1)
        return req.page(req.localizer("Tìm học sinh", "Find students"),
                        RegistryViews.search(query: form.q, results: Array(found.prefix(Self.searchLimit)), more: found.count > Self.searchLimit,
                                             csrf: req.csrfToken, t: req.localizer))
    }

    func student(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        return try await Self.student(req, id: id)
    }

    /// The student's page; `guardianProblems`, `statusProblems`: why the guardian or status just submitted was refused.
    static func student(_ req: Request, id: Int, guardianProblems: [RowProblem] = [], statusProblems: [RowProblem] = [],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let reach = try await req.reach(), principal = try req.principal()
        guard let detail = try await req.context.registry.student(id: id, in: reach, by: try req.actor()) else { throw Abort(.notFound) }
        let survivor = try await req.linkage(.students).root(of: id)
        let historic = try await HistoricResultsStore(req.context.database.sql, cipher: req.context.cipher).results(studentID: id)
        let transferred = try await req.context.hocBa().transferred(studentID: id)
        let mayChange = try await req.context.registry.mayChange(student: id, in: reach)
        let editing = mayChange && !principal.readOnly
        return req.page(detail.summary.fullName, status: status,
                        RegistryViews.student(detail, mergedInto: survivor == id ? nil : survivor, historic: historic, transferred: transferred,
                                              guardianForm: editing ? GuardianForm(csrf: req.csrfToken, problems: guardianProblems) : nil,
                                              statusForm: editing ? StatusForm(csrf: req.csrfToken, problems: statusProblems) : nil,
                                              t: req.localizer))
    }

    /// The signed PDF of a học bạ the student brought from another school, for whoever reaches the student; each download
    /// is a read of the child's record.
    func transferredHocBa(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self), let transfer = req.parameters.get("transfer", as: Int.self),
              try await req.context.registry.reaches(student: id, in: try await req.reach()),
              let pdf = try await req.context.hocBa().transferredPDF(id: transfer, studentID: id) else { throw Abort(.notFound) }
        try await AuditLog(req.context.database.sql).append(AuditEvent(action: "read", entity: "hoc_ba_transfer", entityID: String(transfer)),
                                                            by: try req.actor())
        return Response(status: .ok, headers: ["Content-Type": "application/pdf", "Cache-Control": "no-store",
                                               "Content-Disposition": "attachment; filename=\"hoc-ba-chuyen-den-\(transfer).pdf\""],
                        body: .init(data: Data(pdf)))
    }

    func staffMember(req: Request) async throws -> Response {
        guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        return try await Self.staffMember(req, id: id)
    }

    /// The staff member's page; `statusProblems`: why the status just submitted was refused.
    static func staffMember(_ req: Request, id: Int, statusProblems: [RowProblem] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        let reach = try await req.reach(), principal = try req.principal()
        guard let detail = try await req.context.registry.staffMember(id: id, in: reach, by: try req.actor()) else { throw Abort(.notFound) }
        let survivor = try await req.linkage(.staff).root(of: id)
        let editing = reach.canWrite(school: detail.summary.schoolId) && !principal.readOnly
        return req.page(detail.summary.fullName, status: status,
                        RegistryViews.staff(detail, mergedInto: survivor == id ? nil : survivor,
                                            statusForm: editing ? StatusForm(csrf: req.csrfToken, problems: statusProblems) : nil, t: req.localizer))
    }

    /// `/templates/students.csv` or `.xlsx`: an empty sheet with the import header.
    func template(req: Request) async throws -> Response {
        let file = req.parameters.get("file") ?? ""
        let parts = file.split(separator: ".")
        guard parts.count == 2, let sheet = RegistrySheet(rawValue: String(parts[0])),
              let format = TableFormat(rawValue: String(parts[1])) else { throw Abort(.notFound) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-template-\(UUID().uuidString).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try RegistryExporter.writeTemplate(sheet, to: path, format: format)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return Response(status: .ok, headers: ["Content-Type": type, "Content-Disposition": "attachment; filename=\"\(sheet.rawValue).\(format.rawValue)\""],
                        body: .init(data: data))
    }
}

/// Sends people who are not signed in to the login page (the API answers 401 instead).
struct RedirectToLogin: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.auth.get(Authenticated.self)?.principal != nil else { return request.redirect(to: "/login") }
        return try await next.respond(to: request)
    }
}

extension Request {
    func reach() async throws -> Reach {
        try await context.registry.reach(of: try principal())
    }
}
