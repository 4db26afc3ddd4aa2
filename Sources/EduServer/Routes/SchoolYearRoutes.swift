import EduCore
import Registry
import Vapor

/// `/school-years`: every signed-in person sees the years and their dates; the department corrects them.
struct SchoolYearRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("school-years") { req in try await render(req) }
        signedIn.post("school-years", ":code", use: set)
    }

    func set(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let startsOn: String?; let endsOn: String?
            enum CodingKeys: String, CodingKey { case csrf, startsOn = "starts_on", endsOn = "ends_on" }
        }
        try req.requireDepartmentWriter()
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let code = req.parameters.get("code") ?? ""
        do {
            _ = try await req.setSchoolYear(code, startsOn: form.startsOn ?? "", endsOn: form.endsOn ?? "")
        } catch let error as EduError where error.code == "school_year.unknown" {
            throw Abort(.notFound)
        } catch let error as EduError {
            return try await render(req, error: error.message, status: .unprocessableEntity)
        }
        return req.redirect(to: "/school-years?done=\(code)")
    }

    private func render(_ req: Request, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let years = try await SchoolYearStore(req.context.database.sql).all()
        let principal = try req.principal()
        let done = req.query[String.self, at: "done"].flatMap { code in years.contains { $0.code == code } ? code : nil }
            .map { Bilingual(vi: "Đã lưu năm học \($0)", en: "Saved the school year \($0)") }
        return req.page(req.localizer("Năm học", "School years"), status: status,
                        SchoolYearViews.list(years, editable: principal.isDepartmentStaff && !principal.readOnly, csrf: req.csrfToken,
                                             notices: Notices(message: done, error: error, t: req.localizer), t: req.localizer))
    }
}

extension Request {
    /// Department staff signed in with the right to change things; anyone else gets 403.
    func requireDepartmentWriter() throws {
        let principal = try principal()
        guard principal.isDepartmentStaff, !principal.readOnly else { throw Abort(.forbidden) }
    }

    /// Sets a school year's dates (YYYY-MM-DD) for the web form and the API, after `requireDepartmentWriter`.
    func setSchoolYear(_ code: String, startsOn: String, endsOn: String) async throws -> SchoolYear {
        guard let starts = CalendarDate(iso: startsOn), let ends = CalendarDate(iso: endsOn) else {
            throw EduError("school_year.dates", vi: "Ngày có dạng YYYY-MM-DD", en: "Dates look like YYYY-MM-DD")
        }
        let actor = try actor()
        return try await context.database.transaction { db in
            try await SchoolYearStore(db).set(code, startsOn: starts, endsOn: ends, by: actor)
        }
    }
}
