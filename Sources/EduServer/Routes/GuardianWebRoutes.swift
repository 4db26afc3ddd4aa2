import EduCore
import Registry
import Vapor

/// Adding and removing a student's guardians from the student's page, for whoever may change the student.
struct GuardianWebRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.post("students", ":id", "guardians", use: add)
        signedIn.post("students", ":id", "guardians", ":guardian", "remove", use: remove)
    }

    func add(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let fullName: String?; let phone: String?; let relationship: String?
            enum CodingKeys: String, CodingKey { case csrf, fullName = "full_name", phone, relationship }
        }
        let studentID = try await req.changeableStudent()
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        do {
            _ = try await req.addGuardian(to: studentID, fullName: form.fullName ?? "", phone: form.phone ?? "", relationship: form.relationship ?? "")
        } catch let rejected as InputRejected {
            return try await WebRoutes.student(req, id: studentID, guardianProblems: rejected.problems, status: .unprocessableEntity)
        }
        return req.redirect(to: "/students/\(studentID)")
    }

    func remove(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        let studentID = try await req.changeableStudent()
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        guard let guardian = req.parameters.get("guardian", as: Int.self), try await req.removeGuardian(guardian, of: studentID) else {
            throw Abort(.notFound)
        }
        return req.redirect(to: "/students/\(studentID)")
    }
}
