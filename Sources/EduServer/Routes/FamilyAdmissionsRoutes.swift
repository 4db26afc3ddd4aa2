import Access
import Admissions
import EduCore
import Registry
import Vapor

/// Guardians apply online (`/gia-dinh/tuyen-sinh`): for a child in the registry the personal ID, name and date of
/// birth come from it (nothing the state holds is asked again); for a child not in it (grade 1), the family types
/// them. They follow each application's history at `/gia-dinh/ho-so/ID` (the result once published) and confirm the
/// place there.
struct FamilyAdmissionsRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let family = routes.grouped("gia-dinh")
        family.get("tuyen-sinh", use: campaigns)
        family.post("tuyen-sinh", ":id", use: apply)
        family.get("ho-so", ":id", use: application)
        family.post("ho-so", ":id", "nhap-hoc", use: confirm)
        family.post("ho-so", ":id", "khieu-nai", use: appeal)
        family.post("ho-so", ":id", "nguyen-vong-bo-sung", use: registerSupplementary)
        family.post("ho-so", ":id", "nguyen-vong", use: changePreferences)
    }

    private func title(_ req: Request) -> String { req.localizer("Tuyển sinh đầu cấp", "Entry admissions") }

    func campaigns(req: Request) async throws -> Response {
        let session = try await req.family()
        return req.page(title(req), try await form(req, session: session, problem: nil))
    }

    func apply(req: Request) async throws -> Response {
        let session = try await req.family()
        let fields = try req.content.decode([String: String].self)
        try session.checkCSRF(fields["csrf"])
        let store = admissions(req)
        do {
            let campaign = try await store.campaign(id: req.id())
            let child = try await particulars(fields, session: session, req)
            let preferences = try Self.preferences(fields, count: campaign.preferenceCount)
            let stated = fields["residence_commune"] ?? ""
            let fromRegister = campaign.usesCatchments && stated == FamilyAdmissionsViews.residenceFromRegister
            var form = ApplicationForm(nationalID: child.nationalID, fullName: child.fullName, dateOfBirth: child.dateOfBirth,
                                       preferences: preferences, consentToPublish: fields["consent"] == "1",
                                       residence: stated.isEmpty || fromRegister ? nil : Residence(communeCode: stated, locality: fields["residence_locality"] ?? ""))
            var identity = child.identity
            if identity == .typed || fromRegister {
                // Everything local first: the register is asked only about an application that would otherwise go in.
                try await store.check(form, campaignID: campaign.id)
                // Counted only where a register answers: without one nothing is asked.
                if req.context.nightlyReconciliation != nil { try await store.admitRegisterLookup(familyAccountID: session.account.id) }
                let verdict = try await RegisterLookup.ask(req.context, about: form, campaignID: campaign.id, by: session.actor(req), logger: req.logger)
                identity = try form.take(verdict, identity: identity, residenceWanted: fromRegister)
            }
            let application = form, source = identity
            let id = try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: req.context.cipher).submit(application, campaignID: campaign.id, familyAccountID: session.account.id,
                                                                                 identity: source, by: session.actor(req))
            }
            return req.redirect(to: "/gia-dinh/ho-so/\(id)")
        } catch let error as EduError {
            let overQuota = error.code == "admissions.register_quota"
            let response = req.page(title(req), status: overQuota ? .tooManyRequests : .unprocessableEntity,
                                    try await form(req, session: session, problem: error.message))
            if overQuota { response.headers.replaceOrAdd(name: .retryAfter, value: String(CredentialRoutes.secondsToVietnamMidnight())) }
            return response
        }
    }

    func application(req: Request) async throws -> Response {
        let session = try await req.family()
        guard let application = try await ownApplication(req, session) else { throw Abort(.notFound) }
        try await AuditLog(req.context.database.sql).append(
            AuditEvent(action: "read_family", entity: "admission_application", entityID: String(application.id)), by: session.actor(req))
        return try await page(req, application, session: session)
    }

    /// The application's page: with, while the family may register them, the schools open to new preferences.
    private func page(_ req: Request, _ application: FamilyApplication, session: FamilyAccountStore.Session, problem: Bilingual? = nil,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        var supplementary: [(CampaignSchool, Int)] = []
        if application.canRegisterSupplementary() {
            let store = admissions(req), left = try await store.placesLeft(campaignID: application.campaign.id)
            supplementary = try await store.schools(campaignID: application.campaign.id).compactMap { school in
                left[school.id].flatMap { $0 > 0 ? (school, $0) : nil }
            }
        }
        let schools = application.canChangePreferences() ? try await admissions(req).schools(campaignID: application.campaign.id) : []
        return req.page(title(req), status: status, FamilyAdmissionsViews.application(application, csrf: session.csrfToken, problem: problem,
                                                                                      supplementary: supplementary, schools: schools, t: req.localizer))
    }

    /// The preferences changed while applications are taken, NV1 first (empty ones skipped).
    func changePreferences(req: Request) async throws -> Response {
        let session = try await req.family()
        let fields = try req.content.decode([String: String].self)
        try session.checkCSRF(fields["csrf"])
        guard let application = try await ownApplication(req, session) else { throw Abort(.notFound) }
        do {
            let preferences = try Self.preferences(fields, count: application.campaign.preferenceCount)
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: req.context.cipher).changePreferences(preferences, applicationID: application.id, by: session.actor(req))
            }
        } catch let error as EduError {
            return try await page(req, application, session: session, problem: error.message, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/gia-dinh/ho-so/\(application.id)")
    }

    /// The schools chosen as `nv1`…`nvN` (empty ones skipped; the store wants at least one).
    private static func preferences(_ fields: [String: String], count: Int) throws -> [Int] {
        let preferences = try (1...max(1, count)).compactMap { rank -> Int? in
            guard let value = fields["nv\(rank)"], !value.isEmpty else { return nil }
            guard let id = Int(value) else { throw Abort(.badRequest) }
            return id
        }
        return preferences
    }

    /// New preferences for the supplementary round, NV1 first (empty ones skipped), replacing any registered before.
    func registerSupplementary(req: Request) async throws -> Response {
        let session = try await req.family()
        let fields = try req.content.decode([String: String].self)
        try session.checkCSRF(fields["csrf"])
        guard let application = try await ownApplication(req, session) else { throw Abort(.notFound) }
        do {
            let preferences = try Self.preferences(fields, count: application.campaign.preferenceCount)
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: req.context.cipher).registerSupplementaryPreferences(preferences, applicationID: application.id,
                                                                                                           by: session.actor(req))
            }
        } catch let error as EduError {
            return try await page(req, application, session: session, problem: error.message, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/gia-dinh/ho-so/\(application.id)")
    }

    /// The guardian takes the place; a school already full says so and nothing changes.
    func confirm(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        let session = try await req.family()
        try session.checkCSRF(try req.content.decode(Form.self).csrf)
        guard let application = try await ownApplication(req, session) else { throw Abort(.notFound) }
        do {
            guard application.canConfirm else {
                throw EduError("admissions.not_admitted", vi: "Hồ sơ chưa có kết quả trúng tuyển, hoặc nhà trường xác nhận nhập học sau khi đối chiếu giấy tờ",
                               en: "The application has no place to confirm, or the school confirms it after checking the papers")
            }
            try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: req.context.cipher).confirmEnrolment(applicationID: application.id, by: session.actor(req))
            }
        } catch let error as EduError {
            return try await page(req, application, session: session, problem: error.message, status: .conflict)
        }
        return req.redirect(to: "/gia-dinh/ho-so/\(application.id)")
    }

    /// The guardian appeals the published result, in their own words; the department answers on this page.
    func appeal(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let grounds: String? }
        let session = try await req.family()
        let form = try req.content.decode(Form.self)
        try session.checkCSRF(form.csrf)
        guard let application = try await ownApplication(req, session) else { throw Abort(.notFound) }
        do {
            _ = try await req.context.database.transaction { db in
                try await AdmissionsStore(db, cipher: req.context.cipher).fileAppeal(applicationID: application.id, grounds: form.grounds ?? "",
                                                                                     familyAccountID: session.account.id, by: session.actor(req))
            }
        } catch let error as EduError {
            return try await page(req, application, session: session, problem: error.message, status: AdmissionsRoutes.status(of: error))
        }
        return req.redirect(to: "/gia-dinh/ho-so/\(application.id)")
    }

    /// The child chosen from the family's registry children, or typed for a child the registry does not have. A typed
    /// personal ID of a registry child counts as that child only for the guardian the school recorded; for anyone else
    /// it is refused without saying why, so nobody applies for, or learns about, another family's child.
    private func particulars(_ fields: [String: String], session: FamilyAccountStore.Session, _ req: Request) async throws
        -> (nationalID: NationalID, fullName: String, dateOfBirth: CalendarDate, identity: IdentitySource) {
        var childID = fields["child"].flatMap(Int.init)
        var typed: (NationalID, String, CalendarDate)?
        if childID == nil {
            guard let nationalID = NationalID(fields["national_id"] ?? "") else {
                throw EduError("admissions.national_id", vi: "Số định danh cá nhân gồm 12 chữ số", en: "A personal ID has 12 digits")
            }
            let name = PersonName.normalized(fields["full_name"] ?? "")
            guard !name.isEmpty else { throw EduError("admissions.name", vi: "Hãy nhập họ và tên của con", en: "Type the child's full name") }
            guard case .success(let birth) = CalendarDate.parse(fields["date_of_birth"] ?? "") else {
                throw EduError("admissions.birth", vi: "Ngày sinh không hợp lệ (dd/mm/yyyy)", en: "The date of birth is not valid (dd/mm/yyyy)")
            }
            switch try await req.familyRegistry.holder(of: nationalID, phone: session.account.phone) {
            case .unknown: typed = (nationalID, name, birth)
            case .theirs(let id): childID = id
            case .another:
                throw EduError("admissions.not_online", vi: "Không nộp được hồ sơ trực tuyến cho số định danh này: hãy liên hệ nhà trường.",
                               en: "This personal ID cannot apply online: contact the school.")
            }
        }
        if let (nationalID, name, birth) = typed { return (nationalID, name, birth, .typed) }
        guard let childID, let child = try await req.familyRegistry.particulars(childID: childID, of: session.account.phone, by: session.actor(req)) else {
            throw Abort(.notFound)
        }
        guard let nationalID = child.nationalID, let birth = child.dateOfBirth else {
            throw EduError("admissions.registry", vi: "Hồ sơ của con trong CSDL ngành thiếu số định danh cá nhân: hãy liên hệ nhà trường để bổ sung",
                           en: "Your child's registry record has no personal ID: ask the school to add it")
        }
        return (nationalID, child.fullName, birth, .registry)
    }

    private func ownApplication(_ req: Request, _ session: FamilyAccountStore.Session) async throws -> FamilyApplication? {
        try await admissions(req).application(id: try req.id(), familyAccountID: session.account.id,
                                              childIDHashes: try await req.familyRegistry.childIDHashes(of: session.account.phone))
    }

    private func form(_ req: Request, session: FamilyAccountStore.Session, problem: Bilingual?) async throws -> FamilyAdmissionsViews.Campaigns {
        let store = admissions(req)
        var open: [(Campaign, [CampaignSchool])] = [], localities: [Int: [String]] = [:]
        for campaign in try await store.openCampaigns() {
            open.append((campaign, try await store.schools(campaignID: campaign.id)))
            if campaign.usesCatchments { localities[campaign.id] = try await store.catchmentLocalities(campaignID: campaign.id) }
        }
        return FamilyAdmissionsViews.Campaigns(
            open: open, communes: open.contains { $0.0.usesCatchments } ? try await store.residenceCommunes() : [], localities: localities,
            today: .today, registerConfigured: req.context.nightlyReconciliation != nil,
            children: try await req.familyRegistry.children(of: session.account.phone),
            applications: try await store.applications(familyAccountID: session.account.id,
                                                       childIDHashes: try await req.familyRegistry.childIDHashes(of: session.account.phone)),
            csrf: session.csrfToken, problem: problem,
            t: req.localizer)
    }

    private func admissions(_ req: Request) -> AdmissionsStore { AdmissionsStore(req.context.database.sql, cipher: req.context.cipher) }
}
