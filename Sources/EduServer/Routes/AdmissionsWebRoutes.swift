import Access
import Admissions
import EduCore
import Vapor

/// Public pages of published admissions: `/tuyen-sinh` lists the campaigns, `/tuyen-sinh/ID` shows the cut-offs and
/// looks up one result by application code (`?ma=`, audited as a read of a child's record). Nothing before
/// publication; names masked unless consent.
struct AdmissionsWebRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("tuyen-sinh") { req in
            let campaigns = try await store(req).publishedCampaigns()
            return req.page(req.localizer("Kết quả tuyển sinh", "Admissions results"), AdmissionsViews.index(campaigns, t: req.localizer))
        }
        routes.get("tuyen-sinh", ":id", use: campaign)
    }

    func campaign(req: Request) async throws -> Response {
        let t = req.localizer, store = store(req)
        guard let campaign = try? await store.campaign(id: req.id()), campaign.status == .published else {
            return req.page(t("Không tìm thấy", "Not found"), status: .notFound,
                            AdmissionsViews.index([], t: t))
        }
        var lookup = AdmissionsViews.Lookup.none
        if let code = req.query[String.self, at: "ma"]?.trimmingCharacters(in: .whitespaces), !code.isEmpty {
            lookup = .notFound(code: code)
            if let id = Int(code), let result = try await store.publishedResults(campaignID: campaign.id, applicationID: id).first {
                lookup = .found(result)
                try await AuditLog(req.context.database.sql).append(
                    AuditEvent(action: "read_public", entity: "admission_application", entityID: String(id)), by: Actor(name: "public", origin: req.origin))
            }
        }
        return req.page(t("Kết quả tuyển sinh", "Admissions results"),
                        AdmissionsViews.campaign(campaign, cutoffs: try await store.publishedCutoffs(campaignID: campaign.id), lookup: lookup, t: t))
    }

    private func store(_ req: Request) -> AdmissionsStore {
        AdmissionsStore(req.context.database.sql, cipher: req.context.cipher)
    }
}
