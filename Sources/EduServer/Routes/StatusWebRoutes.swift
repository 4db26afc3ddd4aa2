import EduCore
import Registry
import Vapor

/// Setting a student's or staff member's status (transferred, retired, …) from their page, for whoever may change them.
/// The change goes through the importer like an API change: checked, matched against what is stored, audited.
struct StatusWebRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.post("students", ":id", "status") { req in try await set(req, .students) }
        signedIn.post("staff", ":id", "status") { req in try await set(req, .staff) }
    }

    func set(_ req: Request, _ sheet: RegistrySheet) async throws -> Response {
        let id = try req.id()
        let outcome = try await req.changeRecord(sheet, id: id, changes: try statusChange(req))
        let page = sheet == .students ? "students" : "staff"
        guard outcome.succeeded else {
            return sheet == .students
                ? try await WebRoutes.student(req, id: id, statusProblems: outcome.problems, status: .unprocessableEntity)
                : try await WebRoutes.staffMember(req, id: id, statusProblems: outcome.problems, status: .unprocessableEntity)
        }
        return req.redirect(to: "/\(page)/\(id)")
    }

    private func statusChange(_ req: Request) throws -> [String: String] {
        struct Form: Content { let csrf: String?; let status: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        return ["status": form.status ?? ""]
    }
}
