import Access
import EduCore
import Records
import Vapor

/// The public page a học bạ's QR code and short link open: `GET /hb/CODE`. It shows only the minimum (name, school,
/// school year, version, how far signing has gone, whether the signatures are valid) and says when a newer version
/// exists; no marks, no date of birth. Every view is audited, as any read of a child's record.
struct HocBaRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("hb", ":code", use: page)
    }

    func page(req: Request) async throws -> Response {
        let t = req.localizer
        guard let code = req.parameters.get("code"), code.count == 10,
              let document = try await req.context.hocBa().version(link: code) else {
            return req.page(t("Không tìm thấy học bạ", "No such học bạ"), status: .notFound, HocBaViews.missing(t: t))
        }
        let report = try await req.context.signers.documentVerifier().verify(document.pdf, content: nil)
        try await AuditLog(req.context.database.sql).append(
            AuditEvent(action: "read_public", entity: "hoc_ba", entityID: String(document.id)), by: Actor(name: "public", origin: req.origin))
        return req.page(t("Học bạ số", "Digital school record"), HocBaViews.summary(document, report: report, t: t))
    }
}
