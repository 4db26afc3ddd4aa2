import Access
import Quality
import Registry
import Vapor

/// `/quality`: the dashboard for department staff, auditors and commune officers; `/quality/schools/ID`: a school's
/// worklist for whoever reaches the school (its administrator and principal included).
struct QualityRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("quality", use: dashboard)
        signedIn.get("quality", "schools", ":id", use: worklist)
    }

    func dashboard(req: Request) async throws -> Response {
        let principal = try req.principal()
        guard principal.grants.contains(where: { [.departmentAdmin, .departmentStaff, .auditor, .communeOfficer].contains($0.role) }) else {
            throw Abort(.forbidden)
        }
        let store = QualityStore(req.context.database.sql)
        let reach = try await req.reach()
        let schools = try await store.ranking(limit: 1000).filter { reach.canRead(school: $0.id) }.prefix(10)
        let communes = reach.allSchools ? try await store.ranking(byCommune: true) : []
        return req.page(req.localizer("Chất lượng dữ liệu", "Data quality"),
                        QualityViews.dashboard(trend: try await store.provinceTrend(), schools: Array(schools), communes: communes, t: req.localizer))
    }

    func worklist(req: Request) async throws -> Response {
        let id = try req.id()
        guard let school = try await req.context.registry.school(id: id, in: req.reach()) else { throw Abort(.notFound) }
        let items = try await QualityStore(req.context.database.sql).worklist(schoolID: id)
        return req.page(req.localizer("Việc cần sửa", "To fix"), QualityViews.worklist(school: school.name, items: items, t: req.localizer))
    }
}
