import Access
import EduCore
import Quality
import Registry
import Vapor

/// `/quality/linkage`: the review queue of records that may be one person, for whoever reaches both records' schools;
/// `/quality/linkage/pairs/ID`: the two records side by side (both reads audited), merged, called two people, or undone
/// by whoever may write to both schools. Department staff start a new scan, which runs as a job.
struct LinkageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("quality", "linkage", use: queue)
        signedIn.post("quality", "linkage", "scan", use: scan)
        signedIn.get("quality", "linkage", "pairs", ":id", use: pair)
        signedIn.post("quality", "linkage", "pairs", ":id", ":decision", use: decide)
    }

    private static let scanningRoles: Set<Role> = [.departmentAdmin, .departmentStaff]

    func queue(req: Request) async throws -> Response {
        let reach = try await req.reach()
        guard reach.allSchools || !reach.schools.isEmpty else { throw Abort(.forbidden) }
        let schools = reach.allSchools ? nil : reach.schools
        let store = req.linkage
        let decided = try await store.pairs(status: "merged", schools: schools, limit: 50) + store.pairs(status: "distinct", schools: schools, limit: 50)
        let canScan = try req.principal().grants.contains { Self.scanningRoles.contains($0.role) }
        return req.page(req.localizer("Hồ sơ trùng lặp", "Duplicate records"),
                        LinkageViews.queue(run: try await store.latestRun(), pending: try await store.pairs(status: "pending", schools: schools, limit: 200),
                                           decided: decided.sorted { ($0.decidedAt ?? "") > ($1.decidedAt ?? "") },
                                           scanQueued: req.query[String.self, at: "scan"] == "queued", canScan: canScan, csrf: req.csrfToken, t: req.localizer))
    }

    func scan(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        guard try req.principal().grants.contains(where: { Self.scanningRoles.contains($0.role) }) else { throw Abort(.forbidden) }
        _ = try await LinkageJobs.submit(by: try req.actor(), context: req.context)
        return req.redirect(to: "/quality/linkage?scan=queued")
    }

    func pair(req: Request) async throws -> Response {
        let (pair, reach) = try await visiblePair(req)
        let actor = try req.actor()
        let registry = req.context.registry
        guard let first = try await registry.student(id: pair.firstId, in: reach, by: actor),
              let second = try await registry.student(id: pair.secondId, in: reach, by: actor) else { throw Abort(.notFound) }
        let schoolNames = [pair.firstSchoolId: try await registry.school(id: pair.firstSchoolId, in: reach)?.name ?? "",
                           pair.secondSchoolId: try await registry.school(id: pair.secondSchoolId, in: reach)?.name ?? ""]
        return req.page(req.localizer("Hai hồ sơ có thể là một người", "Two records that may be one person"),
                        LinkageViews.pair(pair, first: first, second: second, schoolNames: schoolNames,
                                          canDecide: reach.canWrite(school: pair.firstSchoolId) && reach.canWrite(school: pair.secondSchoolId),
                                          csrf: req.csrfToken, t: req.localizer))
    }

    /// Merge (keeping the chosen record), distinct, or undo; then on to the next pair waiting in the reviewer's reach.
    func decide(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let survivor: Int? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let (pair, reach) = try await visiblePair(req)
        guard reach.canWrite(school: pair.firstSchoolId), reach.canWrite(school: pair.secondSchoolId) else { throw Abort(.forbidden) }
        let decision = req.parameters.get("decision") ?? ""
        guard ["merge", "distinct", "undo"].contains(decision) else { throw Abort(.notFound) }
        let actor = try req.actor()
        let cipher = req.context.cipher
        let writable = reach.writableAll ? nil : reach.writableSchools
        do {
            try await req.context.database.transaction { db in
                let store = LinkageStore(db, cipher: cipher)
                switch decision {
                case "merge": try await store.merge(pairID: pair.id, survivorID: form.survivor ?? 0, writableSchools: writable, by: actor)
                case "distinct": try await store.markDistinct(pairID: pair.id, by: actor)
                default: try await store.undo(pairID: pair.id, writableSchools: writable, by: actor)
                }
            }
        } catch let error as EduError {
            return req.page(req.localizer("Không thực hiện được", "Not done"), status: .conflict,
                            LinkageViews.refused(error.message, pairID: pair.id, t: req.localizer))
        }
        guard decision != "undo",
              let next = try await req.linkage.pairs(status: "pending", schools: reach.allSchools ? nil : reach.schools, limit: 1).first
        else { return req.redirect(to: "/quality/linkage/pairs/\(pair.id)") }
        return req.redirect(to: "/quality/linkage/pairs/\(next.id)")
    }

    /// The pair, when the principal reaches both of its records' schools (otherwise it does not exist for them).
    private func visiblePair(_ req: Request) async throws -> (LinkageStore.Pair, Reach) {
        let reach = try await req.reach()
        guard let pair = try await req.linkage.pair(id: try req.id()),
              reach.canRead(school: pair.firstSchoolId), reach.canRead(school: pair.secondSchoolId) else { throw Abort(.notFound) }
        return (pair, reach)
    }
}

extension Request {
    var linkage: LinkageStore { LinkageStore(context.database.sql, cipher: context.cipher) }
}
