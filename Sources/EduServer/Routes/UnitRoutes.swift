import EduCore
import Registry
import Vapor

/// `/units`: the administrative units in force on a day (today by default), each with the units merged into it.
struct UnitRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RedirectToLogin()).get("units", use: list)
    }

    func list(req: Request) async throws -> Response {
        let day = req.query[String.self, at: "as_of"].flatMap(CalendarDate.init(iso:)) ?? CalendarDate.today
        let registry = req.context.registry
        let inForce = try await registry.units(asOf: day, limit: .max)
        let predecessors = Dictionary(grouping: try await registry.units(limit: .max).filter { $0.successorId != nil }, by: { $0.successorId! })
        return req.page(req.localizer("Đơn vị hành chính", "Administrative units"),
                        UnitViews.list(inForce, predecessors: predecessors, day: day, t: req.localizer))
    }
}
