import Access
import Admissions
import EduCore
import Quality
import Vapor

/// `/api/v1/admissions`: campaigns, applications, allocation, publication and enrolment for department staff, and
/// the published results for anyone. Department staff run campaigns; a school's administrator or principal records a
/// guardian's enrolment confirmation for a child placed at that school. Refusals: 403 (not the caller's task),
/// 404, 409 (the campaign is not in the state the step needs, a duplicate, a full school), 422 (malformed input).
struct AdmissionsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let open = routes.grouped("api", "v1", "admissions")
        open.get("campaigns", ":id", "results", use: publishedResults)
        let api = open.grouped(RequirePrincipal())
        // Everything but a school's enrolment and a residence decision is the department's: others are refused before
        // what they sent is read.
        let staff = api.grouped(RunsAdmissions())
        staff.post("campaigns") { req in
            let draft = try req.content.decode(DTO.CampaignRequest.self)
            return try await department(req, status: .created) { store, actor in DTO.CampaignBody(try await store.createCampaign(draft.draft(), by: actor)) }
        }
        staff.get("campaigns", ":id") { req in
            try await department(req) { store, _ in DTO.CampaignBody(try await store.campaign(id: req.id())) }
        }
        staff.put("campaigns", ":id", "schools", ":school") { req in
            let body = try req.content.decode(DTO.QuotaRequest.self)
            return try await department(req) { store, actor in
                try await store.setSchool(campaignID: req.id(), schoolID: req.integer("school"), quota: body.quota,
                                          specialised: body.specialised ?? false, by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.put("campaigns", ":id", "schedule") { req in
            let body = try req.content.decode(DTO.ScheduleRequest.self)
            return try await department(req) { store, actor in DTO.CampaignBody(try await store.setSchedule(body.schedule(), campaignID: req.id(), by: actor)) }
        }
        staff.put("campaigns", ":id", "schools", ":school", "catchment") { req in
            let areas = try req.content.decode(DTO.CatchmentRequest.self).areas.map(\.residence)
            return try await department(req) { store, actor in
                DTO.CatchmentBody(try await store.setCatchment(campaignID: req.id(), schoolID: req.integer("school"), areas: areas, by: actor))
            }
        }
        staff.get("campaigns", ":id", "schools", ":school", "catchment") { req in
            try await department(req) { store, _ in
                DTO.CatchmentHistory(versions: try await store.catchments(campaignID: req.id(), schoolID: req.integer("school")).map(DTO.CatchmentBody.init))
            }
        }
        staff.post("campaigns", ":id", "residences", "check", use: checkResidences)
        api.post("applications", ":id", "residence", use: decideResidence)
        staff.post("campaigns", ":id", "applications") { req in
            let body = try req.content.decode(DTO.ApplicationRequest.self)
            return try await department(req, status: .created) { store, actor in
                DTO.Done(id: try await store.submit(body.form(), campaignID: req.id(), by: actor))
            }
        }
        staff.put("applications", ":id", "score") { req in
            let score = try req.content.decode(DTO.ScoreRequest.self).score
            return try await department(req) { store, actor in
                try await store.recordScore(DTO.points(score, field: "score"), applicationID: req.id(), by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.on(.PUT, "campaigns", ":id", "scores", body: .collect(maxSize: ScoreUploads.maxUpload)) { req in
            try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
            guard let body = req.body.data else { throw Abort(.badRequest, reason: "the file is the body") }
            return try await req.respond(refusals: Self.status) {
                let loaded = try await ScoreUploads.load(req, campaignID: req.id(), file: File(data: body, filename: "scores"))
                return DTO.ScoresLoaded(scored: loaded.scored, ineligible: loaded.ineligible)
            }
        }
        staff.put("campaigns", ":id", "rules") { req in
            try await department(req) { store, actor in
                try await store.setRules(try req.content.decode(DTO.RulesRequest.self).rules(), campaignID: req.id(), by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.put("applications", ":id", "papers") { req in
            try await department(req) { store, actor in
                try await store.recordPapers(try req.content.decode(DTO.PapersRequest.self).scores(), applicationID: req.id(), by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.put("applications", ":id", "claims") { req in
            let claims = try req.content.decode(DTO.ClaimsRequest.self)
            return try await department(req) { store, actor in
                try await store.acceptClaims(group: claims.priorityGroup, prize: claims.prize, applicationID: req.id(), by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.post("campaigns", ":id", "close") { req in
            try await department(req) { store, actor in try await store.close(campaignID: req.id(), by: actor); return DTO.Done(id: nil) }
        }
        staff.post("campaigns", ":id", "allocate") { req in
            try await department(req) { store, actor in
                let allocation = try await store.allocate(campaignID: req.id(), by: actor)
                return DTO.AllocationSummary(applicants: allocation.problem.applicantCount, placed: allocation.placedCount)
            }
        }
        staff.post("campaigns", ":id", "compare") { req in
            let body = try req.content.decode(DTO.CompareRequest.self)
            return try await department(req) { store, _ in
                let penalties = try body.rankPenalties.map { try DTO.points($0, field: "rank_penalties") }
                let comparison = try await store.compare(campaignID: req.id(), penalties: penalties)
                return DTO.Comparison(rows: comparison.rows.map(DTO.Comparison.Row.init))
            }
        }
        staff.post("campaigns", ":id", "publish") { req in
            try await department(req) { store, actor in try await store.publish(campaignID: req.id(), by: actor); return DTO.Done(id: nil) }
        }
        staff.put("campaigns", ":id", "confirmation-deadline") { req in
            try await department(req) { store, actor in
                let deadline = try DTO.DeadlineRequest.day(try req.content.decode(DTO.DeadlineRequest.self).deadline)
                return DTO.CampaignBody(try await store.setConfirmationDeadline(deadline, campaignID: req.id(), by: actor))
            }
        }
        staff.post("campaigns", ":id", "release-unconfirmed") { req in
            try await department(req) { store, actor in
                let deadline = try DTO.DeadlineRequest.day(try req.content.decode(DTO.DeadlineRequest.self).deadline)
                return DTO.Released(released: try await store.releaseUnconfirmed(campaignID: req.id(), deadline: deadline, by: actor))
            }
        }
        staff.put("campaigns", ":id", "supplementary-registration") { req in
            try await department(req) { store, actor in
                let until = try DTO.DeadlineRequest.day(try req.content.decode(DTO.DeadlineRequest.self).deadline)
                return DTO.CampaignBody(try await store.openSupplementaryPreferences(until: until, campaignID: req.id(), by: actor))
            }
        }
        staff.put("applications", ":id", "supplementary-preferences") { req in
            let body = try req.content.decode(DTO.PreferencesRequest.self)
            return try await department(req) { store, actor in
                try await store.registerSupplementaryPreferences(body.preferences, applicationID: req.id(), by: actor)
                return DTO.Done(id: nil)
            }
        }
        staff.post("campaigns", ":id", "supplementary") { req in
            try await department(req) { store, actor in
                let allocation = try await store.allocateSupplementary(campaignID: req.id(), by: actor)
                return DTO.AllocationSummary(applicants: allocation.problem.applicantCount, placed: allocation.placedCount)
            }
        }
        staff.post("applications", ":id", "adjust") { req in
            let body = try req.content.decode(DTO.AdjustRequest.self)
            return try await department(req) { store, actor in
                try await store.adjust(applicationID: req.id(), schoolID: body.schoolID, reason: body.reason, by: actor)
                return DTO.Done(id: nil)
            }
        }
        api.post("applications", ":id", "enrol", use: enrol)
        staff.post("applications", ":id", "appeals") { req in
            let body = try req.content.decode(DTO.AppealRequest.self)
            return try await department(req, status: .created) { store, actor in
                DTO.Done(id: try await store.fileAppeal(applicationID: req.id(), grounds: body.grounds, by: actor))
            }
        }
        staff.get("campaigns", ":id", "appeals") { req in
            let actor = try req.actor()
            return try await req.respond(refusals: Self.status) {
                let status = try req.query[String.self, at: "status"].map { text in
                    guard let status = Appeal.Status(rawValue: text) else {
                        throw EduError("admissions.form", vi: "Trạng thái đơn là pending, upheld hoặc dismissed",
                                       en: "An appeal's status is pending, upheld or dismissed")
                    }
                    return status
                }
                let store = AdmissionsStore(req.context.database.sql, cipher: req.context.cipher)
                let campaign = try await store.campaign(id: req.id())
                let appeals = try await store.appeals(campaignID: campaign.id, schools: nil, status: status)
                try await AuditLog(req.context.database.sql).append(AuditEvent(
                    action: "read_appeals", entity: "admission_campaign", entityID: String(campaign.id),
                    after: "\(status?.rawValue ?? "all"): \(appeals.count)"), by: actor)
                return DTO.Appeals(appeals: appeals.map(DTO.AppealBody.init))
            }
        }
        staff.post("appeals", ":id", "decision") { req in
            let body = try req.content.decode(DTO.AppealDecision.self)
            return try await department(req) { store, actor in
                try await store.decideAppeal(req.id(), upheld: body.decision == .uphold, schoolID: body.schoolID, note: body.note, by: actor)
                return DTO.Done(id: nil)
            }
        }
    }

    /// The published cut-offs and results; 404 until the campaign is published.
    func publishedResults(req: Request) async throws -> DTO.PublishedResults {
        let store = AdmissionsStore(req.context.database.sql, cipher: req.context.cipher)
        do {
            let campaign = try await store.campaign(id: req.id())
            return DTO.PublishedResults(
                campaign: DTO.CampaignBody(campaign),
                cutoffs: try await store.publishedCutoffs(campaignID: campaign.id).map {
                    .init(schoolCode: $0.schoolCode, schoolName: $0.schoolName, quota: $0.quota, cutoffScore: $0.cutoff?.description, admitted: $0.admitted,
                          catchmentOnly: $0.catchmentOnly)
                },
                results: try await store.publishedResults(campaignID: campaign.id).map {
                    .init(applicationId: $0.applicationID, name: $0.name, schoolCode: $0.schoolCode, preferenceRank: $0.preferenceRank)
                })
        } catch let error as EduError where ["admissions.not_found", "admissions.status"].contains(error.code) {
            throw Abort(.notFound)
        }
    }

    /// Department staff, or the administrator or principal of the school the child is placed at.
    func enrol(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let principal = try req.principal(), actor = try req.actor(), applicationID = try req.id(), cipher = req.context.cipher
        return try await req.respond(refusals: Self.status) {
            try await req.context.database.transaction { db in
                let store = AdmissionsStore(db, cipher: cipher)
                let schoolID = try await store.placement(applicationID: applicationID).schoolID
                guard principal.mayEnrol(atSchool: schoolID) else { throw Abort(.forbidden) }
                try await store.confirmEnrolment(applicationID: applicationID, atSchool: schoolID, by: actor)
            }
            return DTO.Done(id: nil)
        }
    }

    /// Department staff, or a commune officer, school administrator or principal whose reach holds a school the
    /// application concerns.
    func decideResidence(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let applicationID = try req.id(), actor = try req.actor(), cipher = req.context.cipher
        return try await req.respond(refusals: Self.status) {
            guard try await req.residencesDecidable([applicationID]).contains(applicationID) else { throw Abort(.forbidden) }
            let decision = try req.content.decode(DTO.ResidenceDecision.self)
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: cipher).decideResidence(applicationID: applicationID, verified: decision.verified,
                                                                              note: decision.note ?? "", from: decision.from ?? .pending, by: actor)
            }
            return DTO.Done(id: nil)
        }
    }

    /// Department staff ask the population register about the campaign's residences still waiting; 503 when no register
    /// is configured or it cannot answer now (what it answered stays written).
    func checkResidences(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let campaignID = try req.id(), actor = try req.actor()
        return try await req.respond(refusals: Self.status) {
            let tally = try await req.context.checkResidences(campaignID: campaignID, by: actor)
            return DTO.ResidenceCheckBody(verified: tally.verified, queued: tally.queued)
        }
    }

    // MARK: Helpers

    /// A change (or read) by department staff, in one transaction; refusals as statuses.
    private func department(_ req: Request, status: HTTPResponseStatus = .ok,
                            _ body: @escaping @Sendable (AdmissionsStore, Actor) async throws -> some Content) async throws -> Response {
        if req.method != .GET { try req.checkCSRF(req.headers.first(name: "X-CSRF-Token")) }
        let actor = try req.actor(), cipher = req.context.cipher
        return try await req.respond(status: status, refusals: Self.status) {
            try await req.context.database.transaction { db in try await body(AdmissionsStore(db, cipher: cipher), actor) }
        }
    }

    static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "admissions.not_found": .notFound
        case "admissions.grade", "admissions.preference_count", "admissions.school_year", "admissions.preferences", "admissions.school",
             "admissions.reason", "admissions.papers", "admissions.commune", "admissions.residence_reason", "admissions.schedule_order",
             "admissions.school_level", "admissions.locality", "admissions.deadline_past", "admissions.form",
             "admissions.quota", "admissions.appeal_grounds", "admissions.appeal_note", "admissions.appeal_length",
             "admissions.appeal_placement", "admissions.empty_file": .unprocessableEntity
        case "register.unconfigured", "register.unavailable": .serviceUnavailable
        case _ where ["file.", "csv.", "xlsx."].contains(where: error.code.hasPrefix): .unprocessableEntity
        default: .conflict
        }
    }
}

extension Request {
    /// Of `applicationIDs`, those whose stated residence the signed-in person may decide: all for department staff;
    /// for a commune officer those living in the commune, for a school's administrator or principal those living in
    /// the school's catchment (`AdmissionsStore.residencesDecidable`). None with a read-only session.
    func residencesDecidable(_ applicationIDs: [Int]) async throws -> Set<Int> {
        let principal = try principal()
        guard !principal.readOnly else { return [] }
        if principal.runsAdmissions { return Set(applicationIDs) }
        let communes = principal.officerCommunes
        let schools = Set(principal.grants.filter { [.schoolAdmin, .principal].contains($0.role) }.compactMap(\.schoolID))
        return try await AdmissionsStore(context.database.sql, cipher: context.cipher)
            .residencesDecidable(applicationIDs, communeUnitIDs: communes, schoolIDs: schools)
    }

    func integer(_ name: String) throws -> Int {
        guard let value = parameters.get(name, as: Int.self) else { throw Abort(.notFound) }
        return value
    }
}

/// Department staff only, and for a change not with a read-only token; checked before a request's content is read.
struct RunsAdmissions: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let principal = try request.principal()
        guard principal.runsAdmissions, request.method == .GET || !principal.readOnly else { throw Abort(.forbidden) }
        return try await next.respond(to: request)
    }
}
