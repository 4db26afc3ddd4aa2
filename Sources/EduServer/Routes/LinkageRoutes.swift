import Access
import EduCore
import Quality
import Registry
import Vapor

/// `/quality/linkage`: the review queue of records that may be one person, students' and staff's, for whoever reaches
/// both records' schools; `/quality/linkage/pairs/ID` (students) and `/quality/linkage/staff/pairs/ID` (staff): the two
/// records side by side (both reads audited), merged, called two people, or undone by whoever may write to both
/// schools. Department staff start a new scan, which runs as a job.
struct LinkageRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("quality", "linkage", use: queue)
        signedIn.post("quality", "linkage", "scan", use: scan)
        for roster in LinkageRoster.allCases {
            let pairs: [PathComponent] = roster == .students ? ["quality", "linkage", "pairs"] : ["quality", "linkage", "staff", "pairs"]
            signedIn.get(pairs + [":id"]) { try await pair(req: $0, roster: roster) }
            signedIn.post(pairs + [":id", ":decision"]) { try await decide(req: $0, roster: roster) }
        }
    }

    func queue(req: Request) async throws -> Response {
        let reach = try await req.reach()
        guard reach.allSchools || !reach.schools.isEmpty else { throw Abort(.forbidden) }
        let schools = reach.allSchools ? nil : reach.schools
        var listings: [LinkageViews.Listing] = []
        for roster in LinkageRoster.allCases {
            let store = req.linkage(roster)
            let decided = try await store.pairs(status: "merged", schools: schools, limit: 50) + store.pairs(status: "distinct", schools: schools, limit: 50)
            listings.append(LinkageViews.Listing(roster: roster, pending: try await store.pairs(status: "pending", schools: schools, limit: 200),
                                                 decided: decided.sorted { ($0.decidedAt ?? "") > ($1.decidedAt ?? "") }))
        }
        let canScan = try req.principal().isDepartmentStaff
        return req.page(req.localizer("Hồ sơ trùng lặp", "Duplicate records"),
                        LinkageViews.queue(run: try await req.linkage(.students).latestRun(), listings: listings,
                                           scanQueued: req.query[String.self, at: "scan"] == "queued", canScan: canScan, csrf: req.csrfToken, t: req.localizer))
    }

    func scan(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !principal.readOnly else { throw Abort(.forbidden) }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        _ = try await LinkageJobs.submit(by: try req.actor(), context: req.context)
        return req.redirect(to: "/quality/linkage?scan=queued")
    }

    func pair(req: Request, roster: LinkageRoster) async throws -> Response {
        let (pair, reach) = try await visiblePair(req, roster: roster)
        guard let first = try await side(req, roster: roster, id: pair.firstId, schoolID: pair.firstSchoolId, in: reach),
              let second = try await side(req, roster: roster, id: pair.secondId, schoolID: pair.secondSchoolId, in: reach)
        else { throw Abort(.notFound) }
        return req.page(req.localizer("Hai hồ sơ có thể là một người", "Two records that may be one person"),
                        LinkageViews.pair(pair, roster: roster, first: first, second: second,
                                          canDecide: reach.canWrite(school: pair.firstSchoolId) && reach.canWrite(school: pair.secondSchoolId),
                                          csrf: req.csrfToken, t: req.localizer))
    }

    /// One record of a pair, read as any read of it is (audited).
    private func side(_ req: Request, roster: LinkageRoster, id: Int, schoolID: Int, in reach: Reach) async throws -> LinkageViews.Side? {
        let (registry, actor, t) = (req.context.registry, try req.actor(), req.localizer)
        let school = try await registry.school(id: schoolID, in: reach)?.name ?? ""
        switch roster {
        case .students: return try await registry.student(id: id, in: reach, by: actor).map { LinkageViews.Side.student($0, school: school, t: t) }
        case .staff: return try await registry.staffMember(id: id, in: reach, by: actor).map { LinkageViews.Side.staff($0, school: school, t: t) }
        }
    }

    /// Merge (keeping the chosen record), distinct, or undo; then on to the next pair waiting in the reviewer's reach.
    func decide(req: Request, roster: LinkageRoster) async throws -> Response {
        struct Form: Content { let csrf: String?; let survivor: Int? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let (pair, reach) = try await visiblePair(req, roster: roster)
        guard reach.canWrite(school: pair.firstSchoolId), reach.canWrite(school: pair.secondSchoolId) else { throw Abort(.forbidden) }
        let decision = req.parameters.get("decision") ?? ""
        guard ["merge", "distinct", "undo"].contains(decision) else { throw Abort(.notFound) }
        let actor = try req.actor()
        let cipher = req.context.cipher
        let writable = reach.writableAll ? nil : reach.writableSchools
        do {
            try await req.context.database.transaction { db in
                let store = LinkageStore(db, cipher: cipher, roster: roster)
                switch decision {
                case "merge": try await store.merge(pairID: pair.id, survivorID: form.survivor ?? 0, writableSchools: writable, by: actor)
                case "distinct": try await store.markDistinct(pairID: pair.id, by: actor)
                default: try await store.undo(pairID: pair.id, writableSchools: writable, by: actor)
                }
            }
        } catch let error as EduError {
            return req.page(req.localizer("Không thực hiện được", "Not done"), status: .conflict,
                            LinkageViews.refused(error.message, pairPath: LinkageViews.path(roster, pair.id), t: req.localizer))
        }
        guard decision != "undo",
              let next = try await req.linkage(roster).pairs(status: "pending", schools: reach.allSchools ? nil : reach.schools, limit: 1).first
        else { return req.redirect(to: LinkageViews.path(roster, pair.id)) }
        return req.redirect(to: LinkageViews.path(roster, next.id))
    }

    /// The pair, when the principal reaches both of its records' schools (otherwise it does not exist for them).
    private func visiblePair(_ req: Request, roster: LinkageRoster) async throws -> (LinkageStore.Pair, Reach) {
        let reach = try await req.reach()
        guard let pair = try await req.linkage(roster).pair(id: try req.id()),
              reach.canRead(school: pair.firstSchoolId), reach.canRead(school: pair.secondSchoolId) else { throw Abort(.notFound) }
        return (pair, reach)
    }
}

extension Request {
    func linkage(_ roster: LinkageRoster) -> LinkageStore { LinkageStore(context.database.sql, cipher: context.cipher, roster: roster) }
}
