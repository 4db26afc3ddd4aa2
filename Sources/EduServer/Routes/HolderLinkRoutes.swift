import Access
import Credentials
import EduCore
import Vapor

/// `/credentials/holders`, for department staff who are not read-only (the page shows students' personal data): how
/// the register's holders stand, the students the linkage model proposed, and the entries still unlinked. People
/// signed in (not API tokens) start a run, which is a job, and decide on a proposal.
struct HolderLinkRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "holders", use: page)
        staff.post("credentials", "holders", "run", use: run)
        staff.post("credentials", "holders", "decide", use: decide)
    }

    func page(req: Request) async throws -> Response {
        let message: Bilingual? = switch req.query[String.self, at: "done"] {
        case "queued": Bilingual(vi: "Đã xếp lịch chạy liên kết; tải lại trang sau ít phút.", en: "A linkage run is queued; reload this page in a few minutes.")
        case "decided": Bilingual(vi: "Đã lưu quyết định.", en: "Decision saved.")
        default: nil
        }
        return try await render(req, message: message)
    }

    func run(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let actor = try Self.staff(req, deciding: true)
        // One run at a time: a second would compare the same lists again for nothing.
        if try await !req.context.jobs.hasPending(kind: HolderLinkageJobs.kind) {
            _ = try await HolderLinkageJobs.submit(by: actor, context: req.context)
        }
        return req.redirect(to: "/credentials/holders?done=queued")
    }

    func decide(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let entry: String?; let student: String?; let decision: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let actor = try Self.staff(req, deciding: true)
        guard let entryID = form.entry.flatMap({ Int($0) }), let studentID = form.student.flatMap({ Int($0) }),
              let link = ["link": true, "distinct": false][form.decision ?? ""] else { throw Abort(.badRequest) }
        do {
            try await req.context.database.transaction { try await HolderLinkage($0).decide(entryID: entryID, studentID: studentID, link: link, by: actor) }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: .conflict)
        }
        return req.redirect(to: "/credentials/holders?done=decided")
    }

    /// Department staff, not read-only; `deciding`: signed in as a person, not an API token.
    private static func staff(_ req: Request, deciding: Bool = false) throws -> Actor {
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !principal.readOnly, !deciding || principal.kind == .user else { throw Abort(.forbidden) }
        return try req.actor()
    }

    private func render(_ req: Request, message: Bilingual? = nil, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try Self.staff(req)
        let store = HolderLinkage(req.context.database.sql)
        let page = HolderLinkPage(standing: try await store.standing(), reviews: try await store.reviews(limit: HolderLinkPage.shown, by: actor),
                                  unlinked: try await HolderLinks(req.context.database.sql).unlinked(limit: HolderLinkPage.shown, by: actor),
                                  canDecide: try req.principal().kind == .user, message: message, error: error, csrf: req.csrfToken, t: req.localizer)
        return req.page(req.localizer("Chủ văn bằng", "Credential holders"), status: status, page)
    }
}
