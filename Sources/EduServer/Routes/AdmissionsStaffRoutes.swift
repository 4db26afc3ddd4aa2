import Access
import Admissions
import EduCore
import Registry
import Vapor

/// Staff's admissions pages (`/admissions`): the campaigns; one campaign's applications in the viewer's scope (the
/// department sees all, a commune officer the schools of the commune and the residences waiting there, a school its
/// own), by school; the department's campaigns made and their schools and quotas set, and its
/// steps (close, allocate, publish, release unconfirmed places, supplementary round); and enrolment of a child placed at a school by its administrator or principal
/// (or the department), the same guarded enrolment as the API's. Each view of a queue is audited as a read.
struct AdmissionsStaffRoutes: RouteCollection {
    /// Applications a page of a campaign's queue shows.
    static let queuePage = 200

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("admissions", use: campaigns)
        signedIn.get("admissions", ":id", use: queue)
        signedIn.post("admissions", "applications", ":id", "enrol", use: enrol)
        signedIn.post("admissions", "applications", ":id", "residence", use: decideResidence)
        // The department's steps: anyone else is refused before the form is read.
        let department = signedIn.grouped(RunsAdmissions())
        department.post("admissions", use: create)
        department.post("admissions", ":id", ":step", use: step)
        department.on(.POST, "admissions", ":id", "scores", body: .collect(maxSize: ScoreUploads.maxUpload), use: scores)
        department.post("admissions", "appeals", ":id", "decision", use: decideAppeal)
    }

    func campaigns(req: Request) async throws -> Response {
        try await campaignsPage(req)
    }

    private func campaignsPage(_ req: Request, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try await scope(req)
        let principal = try req.principal()
        return req.page(req.localizer("Tuyển sinh đầu cấp", "Entry admissions"), status: status,
                        AdmissionsStaffViews.campaigns(try await store(req).campaigns(), canCreate: principal.runsAdmissions && !principal.readOnly,
                                                       error: error, csrf: req.csrfToken, t: req.localizer))
    }

    /// A new campaign from the form (the department's): school year, entry grade, method, preferences, rank penalty.
    func create(req: Request) async throws -> Response {
        struct Form: Content {
            // Numbers as text: an emptied field is then a missing value to name, not a form that cannot be read.
            let csrf: String?, schoolYear: String?, entryGrade: String?, method: String?, preferenceCount: String?, rankPenalty: String?
            enum CodingKeys: String, CodingKey {
                case csrf, schoolYear = "school_year", entryGrade = "entry_grade", method, preferenceCount = "preference_count", rankPenalty = "rank_penalty"
            }
        }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let actor = try req.actor(), cipher = req.context.cipher
        do {
            guard let method = form.method.flatMap(Campaign.Method.init(rawValue:)), let grade = form.entryGrade.flatMap({ Int($0) }),
                  let preferences = Self.number(form.preferenceCount, default: 3) else {
                throw EduError("admissions.form", vi: "Chọn khối đầu cấp và phương thức tuyển sinh; số nguyện vọng là một số nguyên",
                               en: "Choose the entry grade and the method; the number of preferences is a whole number")
            }
            let draft = CampaignDraft(schoolYear: form.schoolYear ?? "", entryGrade: grade, method: method, preferenceCount: preferences,
                                      rankPenalty: try DTO.points(form.rankPenalty.flatMap { $0.isEmpty ? nil : $0 } ?? "0", field: "rank_penalty"))
            let campaign = try await req.context.database.transaction { try await AdmissionsStore($0, cipher: cipher).createCampaign(draft, by: actor) }
            return req.redirect(to: "/admissions/\(campaign.id)")
        } catch let error as EduError {
            return try await campaignsPage(req, error: error.message, status: AdmissionsRoutes.status(of: error))
        } catch let rejected as InputRejected {
            return try await campaignsPage(req, error: rejected.problems.first?.reason, status: .unprocessableEntity)
        }
    }

    func queue(req: Request) async throws -> Response {
        var message: Bilingual? = req.query[String.self, at: "done"] != nil ? Bilingual(vi: "Đã thực hiện.", en: "Done.") : nil
        if let scored = req.query[Int.self, at: "scored"] {
            let ineligible = req.query[Int.self, at: "ineligible"] ?? 0
            message = Bilingual(vi: "Đã nhập điểm \(scored) hồ sơ; \(ineligible) hồ sơ không đủ điều kiện xét tuyển vì một bài thi.",
                                en: "Scores recorded for \(scored) applications; \(ineligible) are not eligible because of a paper.")
        }
        switch req.query[String.self, at: "residences"] {
        case "queued":
            message = Bilingual(vi: "Đã xếp lịch đối chiếu với CSDL dân cư; số hồ sơ chờ xác minh giảm dần khi có kết quả, tải lại trang sau ít phút.",
                                en: "A check with the population register is queued; the residences waiting go down as it answers: reload in a few minutes.")
        case "running":
            message = Bilingual(vi: "Một lượt đối chiếu với CSDL dân cư đang chạy; hãy đợi lượt đó xong.",
                                en: "A check with the population register is already running; wait for it to finish.")
        default: break
        }
        return try await render(req, campaignID: try req.id(), message: message)
    }

    /// `close`, `allocate`, `publish`, `deadline` (the confirmation deadline kept), `release` (unconfirmed places lapse),
    /// `supplementary` (a round on the places left), and `residences` (ask the population register): the department's.
    func step(req: Request) async throws -> Response {
        struct Form: Content {
            let csrf: String?, deadline: String?, schoolCode: String?, quota: String?, specialised: String?, opensOn: String?, closesOn: String?
            let application: String?, reason: String?, areas: String?
            enum CodingKeys: String, CodingKey {
                case csrf, deadline, schoolCode = "school_code", quota, specialised, opensOn = "opens_on", closesOn = "closes_on", application, reason, areas
            }
        }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let campaignID = try req.id(), actor = try req.actor(), cipher = req.context.cipher
        let step = req.parameters.get("step")
        guard ["school", "schedule", "rules", "catchment", "adjust", "appeal", "close", "allocate", "publish", "deadline", "registration", "close_registration", "release", "supplementary",
                     "residences"].contains(step) else { throw Abort(.notFound) }
        do {
            if step == "residences" {
                _ = try await AdmissionsStore(req.context.database.sql, cipher: cipher).campaign(id: campaignID)
                let queued = try await ResidenceCheckJobs.submit(campaignID: campaignID, by: actor, context: req.context)
                return req.redirect(to: "/admissions/\(campaignID)?residences=\(queued ? "queued" : "running")")
            }
            let rules = step == "rules" ? try Self.rules(try req.content.decode([String: String].self)) : nil
            let school = ["school", "adjust", "catchment"].contains(step) ? try await req.context.registry.schoolID(code: (form.schoolCode ?? "").trimmingCharacters(in: .whitespaces)) : nil
            try await req.context.database.transaction { db in
                let store = AdmissionsStore(db, cipher: cipher)
                switch step {
                case "school":
                    guard let school, let quota = form.quota.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
                        throw EduError("admissions.form", vi: "Nhập mã trường có trong CSDL và chỉ tiêu", en: "Give a school code the registry knows, and the quota")
                    }
                    try await store.setSchool(campaignID: campaignID, schoolID: school, quota: quota, specialised: form.specialised != nil, by: actor)
                case "adjust":
                    // An application of this campaign, placed at one of its schools; the store checks the campaign's state and the reason.
                    guard let school, let applicationID = try await Self.application(form.application, of: campaignID, store) else {
                        throw EduError("admissions.form", vi: "Nhập mã hồ sơ của đợt này và mã trường có trong CSDL",
                                       en: "Give an application code of this campaign and a school code the registry knows")
                    }
                    try await store.adjust(applicationID: applicationID, schoolID: school, reason: form.reason ?? "", by: actor)
                case "appeal":
                    guard let applicationID = try await Self.application(form.application, of: campaignID, store) else {
                        throw EduError("admissions.form", vi: "Nhập mã hồ sơ của đợt này", en: "Give an application code of this campaign")
                    }
                    _ = try await store.fileAppeal(applicationID: applicationID, grounds: form.reason ?? "", by: actor)
                case "rules":
                    if let rules { try await store.setRules(rules, campaignID: campaignID, by: actor) }
                case "catchment":
                    let areas = CatchmentFile.areas(typed: form.areas ?? "")
                    guard let school, !areas.isEmpty else {
                        throw EduError("admissions.form", vi: "Nhập mã trường có trong CSDL và ít nhất một địa bàn",
                                       en: "Give a school code the registry knows and at least one area")
                    }
                    _ = try await store.setCatchment(campaignID: campaignID, schoolID: school, areas: areas, by: actor)
                case "schedule":
                    try await store.setSchedule(try DTO.ScheduleRequest(opensOn: form.opensOn, closesOn: form.closesOn).schedule(), campaignID: campaignID, by: actor)
                case "close": try await store.close(campaignID: campaignID, by: actor)
                case "allocate": try await store.allocate(campaignID: campaignID, by: actor)
                case "deadline": try await store.setConfirmationDeadline(try DTO.DeadlineRequest.day(form.deadline), campaignID: campaignID, by: actor)
                case "registration":
                    try await store.openSupplementaryPreferences(until: try DTO.DeadlineRequest.day(form.deadline), campaignID: campaignID, by: actor)
                case "close_registration": try await store.closeSupplementaryPreferences(campaignID: campaignID, by: actor)
                case "release": try await store.releaseUnconfirmed(campaignID: campaignID, deadline: try DTO.DeadlineRequest.day(form.deadline), by: actor)
                case "supplementary": try await store.allocateSupplementary(campaignID: campaignID, by: actor)
                default: try await store.publish(campaignID: campaignID, by: actor)
                }
            }
        } catch let error as EduError {
            return try await render(req, campaignID: campaignID, error: error, status: AdmissionsRoutes.status(of: error))
        } catch let rejected as InputRejected {
            let reason = rejected.problems.first?.reason ?? Bilingual(vi: "Dữ liệu không hợp lệ", en: "Invalid input")
            return try await render(req, campaignID: campaignID, error: EduError("admissions.form", vi: reason.vi, en: reason.en),
                                    status: .unprocessableEntity)
        }
        return req.redirect(to: "/admissions/\(campaignID)?done=1")
    }

    func enrol(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let applicationID = try req.id(), principal = try req.principal(), actor = try req.actor(), cipher = req.context.cipher
        guard let (campaignID, schoolID) = try? await store(req).placement(applicationID: applicationID) else { throw Abort(.notFound) }
        guard principal.mayEnrol(atSchool: schoolID) else { throw Abort(.forbidden) }
        do {
            // The school the right was checked against is the one the seat is taken at, even if an adjustment came between.
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: cipher).confirmEnrolment(applicationID: applicationID, atSchool: schoolID, by: actor)
            }
        } catch let error as EduError {
            return try await render(req, campaignID: campaignID, error: error, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/admissions/\(campaignID)?done=1" + (schoolID.map { "&school=\($0)" } ?? ""))
    }

    /// An officer verifies or refuses the residence an application states (a refusal needs the note).
    func decideResidence(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let decision: String?; let note: String?; let school: Int? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let applicationID = try req.id(), actor = try req.actor(), cipher = req.context.cipher
        guard let (campaignID, _) = try? await store(req).placement(applicationID: applicationID) else { throw Abort(.notFound) }
        guard try await req.residencesDecidable([applicationID]).contains(applicationID) else { throw Abort(.forbidden) }
        guard let decision = form.decision, ["verify", "refuse"].contains(decision) else { throw Abort(.badRequest) }
        do {
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: cipher).decideResidence(applicationID: applicationID, verified: decision == "verify",
                                                                              note: form.note ?? "", by: actor)
            }
        } catch let error as EduError {
            return try await render(req, campaignID: campaignID, error: error, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/admissions/\(campaignID)?done=1&residence=pending" + (form.school.map { "&school=\($0)" } ?? ""))
    }

    /// The exam board's results for the whole campaign, as a CSV or XLSX file (``ScoreFile``); every bad row named, nothing stored.
    func scores(req: Request) async throws -> Response {
        struct Upload: Content { let csrf: String?; let file: File }
        let upload = try req.content.decode(Upload.self)
        try req.checkCSRF(upload.csrf)
        let campaignID = try req.id()
        do {
            let loaded = try await ScoreUploads.load(req, campaignID: campaignID, file: upload.file)
            return req.redirect(to: "/admissions/\(campaignID)?scored=\(loaded.scored)&ineligible=\(loaded.ineligible)")
        } catch let rejected as InputRejected {
            return try await render(req, campaignID: campaignID, problems: rejected.problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, campaignID: campaignID, error: error, status: AdmissionsRoutes.status(of: error))
        }
    }

    /// The department upholds (placing the child at the school whose code is given, if any) or dismisses an appeal.
    func decideAppeal(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let decision: String?; let note: String?; let schoolCode: String?
            enum CodingKeys: String, CodingKey { case csrf, decision, note, schoolCode = "school_code" }
        }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        guard let decision = form.decision.flatMap(DTO.AppealDecision.Verdict.init(rawValue:)) else { throw Abort(.badRequest) }
        let actor = try req.actor(), cipher = req.context.cipher
        let store = store(req)
        guard let appeal = try? await store.appeal(id: try req.id()),
              let (campaignID, _) = try? await store.placement(applicationID: appeal.applicationID) else { throw Abort(.notFound) }
        do {
            let code = (form.schoolCode ?? "").trimmingCharacters(in: .whitespaces)
            let school = code.isEmpty ? nil : try await req.context.registry.schoolID(code: code)
            guard code.isEmpty || school != nil else {
                throw EduError("admissions.form", vi: "Không có trường mang mã \(code)", en: "No school has the code \(code)")
            }
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: cipher).decideAppeal(appeal.id, upheld: decision == .uphold, schoolID: school,
                                                                           note: form.note ?? "", by: actor)
            }
        } catch let error as EduError {
            return try await render(req, campaignID: campaignID, error: error, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/admissions/\(campaignID)?done=1")
    }

    // MARK: Helpers

    /// The paper rules typed in ``RulesForm``'s rows (`subjectN`, `weightN`, `minimumN`); rows without a subject dropped.
    private static func rules(_ fields: [String: String]) throws -> CampaignRules {
        var papers: [DTO.RulesRequest.Paper] = []
        let rows = fields.keys.compactMap { $0.hasPrefix("subject") ? Int($0.dropFirst("subject".count)) : nil }
            .filter { (1...RulesForm.paperRows).contains($0) }.max() ?? 0
        for row in stride(from: 1, through: rows, by: 1) {
            guard let subject = fields["subject\(row)"]?.trimmingCharacters(in: .whitespaces), !subject.isEmpty else { continue }
            let weight = fields["weight\(row)"]?.trimmingCharacters(in: .whitespaces) ?? ""
            guard weight.isEmpty || Int(weight) != nil else {
                throw EduError("admissions.papers", vi: "Hệ số bài thi \(subject) là một số nguyên từ 1 đến 3",
                               en: "The weight of the \(subject) paper is a whole number from 1 to 3")
            }
            let minimum = fields["minimum\(row)"]?.trimmingCharacters(in: .whitespaces) ?? ""
            papers.append(.init(subject: subject, weight: Int(weight), minimum: minimum.isEmpty ? nil : minimum))
        }
        return try DTO.RulesRequest(papers: papers).rules()
    }

    /// The application a typed code names, when it belongs to the campaign.
    private static func application(_ code: String?, of campaignID: Int, _ store: AdmissionsStore) async throws -> Int? {
        guard let id = code.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }),
              (try? await store.placement(applicationID: id).campaignID) == campaignID else { return nil }
        return id
    }

    private func scope(_ req: Request) async throws -> Set<Int>? { try await req.admissionsScope() }

    private func render(_ req: Request, campaignID: Int, message: Bilingual? = nil, error: EduError? = nil, problems: [RowProblem] = [],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let scope = try await scope(req)
        let store = store(req)
        guard let campaign = try? await store.campaign(id: campaignID) else { throw Abort(.notFound) }
        let all = try await store.schools(campaignID: campaignID)
        let schools = all.filter { scope?.contains($0.id) ?? true }
        let chosen = req.query[Int.self, at: "school"].flatMap { id in schools.contains { $0.id == id } ? id : nil }
        let cursor = req.query[Int.self, at: "after"] ?? 0
        let residencePending = req.query[String.self, at: "residence"] == "pending"
        // A commune officer's queue also holds the children living in their communes, whose residences they decide.
        let principal = try req.principal()
        let communes = scope == nil ? [] : principal.officerCommunes
        let listed = try await KeysetPage.read(Self.queuePage) {
            try await store.applications(campaignID: campaignID, schools: chosen.map { [$0] } ?? scope, communes: chosen == nil ? communes : [],
                                         residencePending: residencePending, after: cursor, limit: $0)
        }
        let applications = listed.items
        let appeals = campaign.status == .published ? try await store.appeals(campaignID: campaignID, schools: scope) : []
        try await AuditLog(req.context.database.sql).append(AuditEvent(
            action: "read_applications", entity: "admission_campaign", entityID: String(campaignID),
            after: "school \(chosen.map(String.init) ?? "all in scope")"
                + (chosen == nil && !communes.isEmpty ? ", residents of units \(communes.sorted().map(String.init).joined(separator: " "))" : "")
                + "\(residencePending ? ", residence pending" : ""): "
                + "\(applications.count) from \(cursor)" + (appeals.isEmpty ? "" : ", \(appeals.count) appeals")), by: try req.actor())
        let page = AdmissionsStaffViews.Queue(
            campaign: campaign, schools: schools, chosen: chosen, residencePending: residencePending, applications: applications,
            pendingResidences: campaign.usesCatchments ? try await store.pendingResidences(campaignID: campaignID, schools: scope, communes: communes) : 0,
            decidable: campaign.status == .published ? []
                : try await req.residencesDecidable(applications.filter { $0.residenceStatus == .pending }.map(\.id)),
            schoolNames: Dictionary(uniqueKeysWithValues: all.map { ($0.id, $0.code) }),
            runsCampaign: !principal.readOnly && principal.runsAdmissions,
            latestResidenceCheck: principal.runsAdmissions && campaign.usesCatchments ? try await ResidenceCheckJobs.latest(campaignID: campaignID, context: req.context) : nil,
            appeals: appeals,
            rules: try await store.rules(campaignID: campaignID),
            catchments: campaign.usesCatchments ? try await store.currentCatchments(campaignID: campaignID) : [:],
            placesLeft: campaign.status == .published ? try await store.placesLeft(campaignID: campaignID) : [:],
            mayEnrol: { principal.mayEnrol(atSchool: $0) }, next: listed.next(\.id), csrf: req.csrfToken, message: message, error: error,
            problems: problems, t: req.localizer)
        return req.page(AdmissionsViews.title(campaign, t: req.localizer), status: status, page)
    }

    /// A whole number typed in a form; `fallback` when the field was left empty, nil when it holds anything else.
    private static func number(_ text: String?, default fallback: Int) -> Int? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return fallback }
        return Int(text)
    }

    private func store(_ req: Request) -> AdmissionsStore { AdmissionsStore(req.context.database.sql, cipher: req.context.cipher) }
}

extension Request {
    /// The schools the viewer processes applications for; nil: all (the department). Anyone with no admissions role: 403.
    func admissionsScope() async throws -> Set<Int>? {
        let principal = try principal()
        guard principal.grants.contains(where: { [.departmentAdmin, .departmentStaff, .auditor, .communeOfficer, .schoolAdmin, .principal].contains($0.role) })
        else { throw Abort(.forbidden) }
        let reach = try await reach()
        return reach.allSchools ? nil : reach.schools
    }
}

extension Principal {
    /// The communes (unit ids) whose residents' stated residences this commune officer decides.
    var officerCommunes: Set<Int> { Set(grants.filter { $0.role == .communeOfficer }.compactMap(\.unitID)) }

    /// Department staff run campaigns (create, configure, allocate, publish).
    var runsAdmissions: Bool { isDepartmentStaff }

    /// Department staff, or the administrator or principal of the school the child is placed at, record enrolment.
    func mayEnrol(atSchool schoolID: Int?) -> Bool {
        !readOnly && (isDepartmentStaff || grants.contains { grant in
            [.schoolAdmin, .principal].contains(grant.role) && grant.schoolID != nil && grant.schoolID == schoolID
        })
    }
}
