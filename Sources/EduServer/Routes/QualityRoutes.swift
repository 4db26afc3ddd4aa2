import Access
import EduCore
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
        signedIn.post("quality", "schools", ":id", "accept", ":entity", ":record", use: accept)
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
        let rates = try await ReconciliationStore(req.context.database.sql).verificationRates(byCommune: reach.allSchools)
            .filter { reach.allSchools || reach.canRead(school: $0.id) }
        // The province's totals (students and staff) are the department's; a commune officer sees their schools' rates.
        let tally = reach.allSchools ? try await ReconciliationStore(req.context.database.sql).tally() : nil
        return req.page(req.localizer("Chất lượng dữ liệu", "Data quality"),
                        QualityViews.dashboard(trend: try await store.provinceTrend(), schools: Array(schools), communes: communes, rates: rates,
                                               tally: tally, t: req.localizer))
    }

    /// The whole school's records: for whoever reads the school, not a teacher who reaches only their classes. Each view
    /// is audited (its students' and staff's findings and the register's values).
    func worklist(req: Request) async throws -> Response {
        let id = try req.id()
        let reach = try await req.reach()
        guard reach.canRead(school: id), let school = try await req.context.registry.school(id: id, in: reach) else { throw Abort(.notFound) }
        let items = try await QualityStore(req.context.database.sql).worklist(schoolID: id)
        let mismatches = try await ReconciliationStore(req.context.database.sql).mismatches(schoolID: id)
        try await AuditLog(req.context.database.sql).append(AuditEvent(
            action: "read", entity: "quality_worklist", entityID: String(id), after: "\(items.count) findings, \(mismatches.count) mismatches"),
            by: try req.actor())
        let canAccept = try await req.reach().canWrite(school: id)
        return req.page(req.localizer("Việc cần sửa", "To fix"),
                        QualityViews.worklist(school: school.name, schoolID: id, items: items, mismatches: mismatches, canAccept: canAccept,
                                              csrf: req.csrfToken, t: req.localizer))
    }

    /// One click on the mismatch queue: the register's values into the student's or staff member's record (audited),
    /// for whoever may write to the school.
    func accept(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let id = try req.id()
        guard try await req.reach().canWrite(school: id), let entity = req.parameters.get("entity").flatMap(QualityRule.Entity.init(rawValue:)),
              let record = req.parameters.get("record", as: Int.self) else { throw Abort(.notFound) }
        let actor = try req.actor()
        do {
            try await req.context.database.transaction { db in try await ReconciliationStore(db).accept(entity, id: record, schoolID: id, by: actor) }
        } catch let error as EduError where error.code == "reconciliation.no_mismatch" {
            throw Abort(.notFound)
        }
        return req.redirect(to: "/quality/schools/\(id)")
    }
}
