import Access

/// How each route of the server is guarded, for `RouteMatrixTests`. Every route the application serves must be listed,
/// so a new route fails the matrix until someone decides who may call it.
struct RouteRule: Sendable {
    enum Gate: Sendable {
        /// Anyone, without a session (public pages, verification, the transparency log).
        case open
        /// A guardian's family session; no staff session is one.
        case family
        /// Signed-in staff in these roles; the object named by `:id`, when it has a scope, must also be within reach.
        case roles(Set<Role>)
        /// Not called by the matrix, with the reason (another test covers it).
        case elsewhere(String)
    }

    /// What `:id` names, which decides whether the object is inside or outside a role's reach.
    enum Object: Sendable { case none, student, school, schoolClass, staff, gradebook, application, residence }

    let gate: Gate
    let object: Object
    /// For an allowed role inside its reach, the answer must be 200 (the object exists and the page is shown).
    let shows: Bool
    /// Values for path parameters the matrix cannot guess (a step or decision that exists).
    let parameters: [String: String]

    static let open = RouteRule(gate: .open, object: .none, shows: false, parameters: [:])
    static let family = RouteRule(gate: .family, object: .none, shows: false, parameters: [:])
    static func elsewhere(_ reason: String) -> RouteRule { RouteRule(gate: .elsewhere(reason), object: .none, shows: false, parameters: [:]) }
    static func roles(_ roles: Set<Role>, _ object: Object = .none, shows: Bool = false, _ parameters: [String: String] = [:]) -> RouteRule {
        RouteRule(gate: .roles(roles), object: object, shows: shows, parameters: parameters)
    }
}

extension RouteRule {
    static let all = Set(Role.allCases)
    static let department: Set<Role> = [.departmentAdmin, .departmentStaff]
    static let departmentReaders: Set<Role> = [.departmentAdmin, .departmentStaff, .auditor]
    static let schoolReaders = all.subtracting([.teacher])
    static let writers: Set<Role> = [.departmentAdmin, .departmentStaff, .communeOfficer, .schoolAdmin, .principal]
    static let homeroomTeacher: Set<Role> = [.teacher]

    /// Searches sent by POST (the query stays out of URLs and logs): reads, which a read-only token may make.
    static let searches: Set<String> = ["POST /students", "POST /api/v1/students/search", "POST /audit/verify"]

    /// Routes that answer 404 for the matrix's objects by design, though they are within reach, with the reason.
    static let notFoundByDesign: [String: String] = [
        "GET /api/v1/classes/:id/qualities": "only primary classes have qualities; the fixture's are secondary (PrimaryGradebookHTTPTests reads one)",
    ]

    /// Every route, by method and path pattern.
    static var table: [String: RouteRule] {
        registry.merging(records) { $1 }.merging(admissions) { $1 }.merging(credentials) { $1 }
            .merging(quality) { $1 }.merging(publicRoutes) { $1 }
    }

    static var registry: [String: RouteRule] {
        [
            "GET /": .roles(all), "GET /schools": .roles(all), "GET /students": .roles(all), "POST /students": .roles(all),
            "GET /import": .roles(all), "POST /import": .roles(writers), "GET /import/jobs/:id": .roles(all),
            "GET /templates/:file": .roles(all), "GET /users": .roles([.departmentAdmin]), "POST /users": .roles([.departmentAdmin]),
            // No such account: the matrix must not end the sessions it signs in with (UserWebTests changes real ones).
            "POST /users/:id/disable": .roles([.departmentAdmin], .none, ["id": "999999"]),
            "POST /users/:id/enable": .roles([.departmentAdmin], .none, ["id": "999999"]),
            "POST /users/:id/password": .roles([.departmentAdmin], .none, ["id": "999999"]),
            "POST /users/:id/grants": .roles([.departmentAdmin], .none, ["id": "999999"]),
            "POST /users/:id/grants/:grant/remove": .roles([.departmentAdmin], .none, ["id": "999999", "grant": "999999"]),
            "POST /logout": .elsewhere("ends the caller's session; HTTPTests signs out"),
            "GET /students/:id": .roles(all, .student, shows: true), "GET /schools/:id": .roles(all, .school, shows: true),
            "GET /classes/:id": .roles(all, .schoolClass, shows: true), "GET /staff/:id": .roles(schoolReaders, .staff, shows: true),
            "GET /students/:id/hoc-ba-chuyen-den/:transfer": .roles(all, .student),
            "POST /students/:id/guardians": .roles(writers, .student),
            "POST /students/:id/guardians/:guardian/remove": .roles(writers, .student),
            "POST /students/:id/status": .roles(writers, .student), "POST /staff/:id/status": .roles(writers, .staff),
            "GET /audit": .roles([.departmentAdmin, .auditor], shows: true), "POST /audit/verify": .roles([.departmentAdmin, .auditor]),
            "GET /api/v1/audit": .roles([.departmentAdmin, .auditor]),
            "GET /school-years": .roles(all, shows: true), "GET /units": .roles(all, shows: true), "POST /school-years/:code": .roles(department, .none, ["code": "2025-2026"]),
            "GET /api/v1/units": .roles(all), "GET /api/v1/units/:id": .roles(all), "GET /api/v1/school-years": .roles(all),
            "PUT /api/v1/school-years/:code": .roles(department, .none, ["code": "2025-2026"]), "GET /api/v1/schools": .roles(all), "GET /api/v1/classes": .roles(all),
            "GET /api/v1/students": .roles(all), "GET /api/v1/staff": .roles(all), "POST /api/v1/students/search": .roles(all),
            "GET /api/v1/students/:id": .roles(all, .student, shows: true), "GET /api/v1/schools/:id": .roles(all, .school, shows: true),
            "GET /api/v1/classes/:id": .roles(all, .schoolClass, shows: true),
            "GET /api/v1/staff/:id": .roles(schoolReaders, .staff, shows: true),
            "POST /api/v1/schools": .roles(department), "POST /api/v1/classes": .roles(writers),
            "POST /api/v1/students": .roles(writers), "POST /api/v1/staff": .roles(writers),
            "PATCH /api/v1/schools/:id": .roles(department, .school), "PATCH /api/v1/classes/:id": .roles(writers, .schoolClass),
            "PATCH /api/v1/students/:id": .roles(writers, .student), "PATCH /api/v1/staff/:id": .roles(writers, .staff),
            "POST /api/v1/students/:id/guardians": .roles(writers, .student),
            "DELETE /api/v1/students/:id/guardians/:guardian": .roles(writers, .student),
            "POST /api/v1/imports": .roles(writers), "GET /api/v1/imports/:id": .roles(all),
        ]
    }

    static var records: [String: RouteRule] {
        let reads: [String: RouteRule] = [
            "GET /classes/:id/hoc-ba": .roles(all, .schoolClass, shows: true),
            "GET /classes/:id/hoc-ba/:document": .roles(all, .schoolClass),
            "GET /classes/:id/semesters/:semester": .roles(all, .schoolClass, shows: true),
            "GET /gradebooks/:id/semesters/:semester": .roles(all, .gradebook, shows: true),
            "GET /gradebooks/:id/semesters/:semester/bang-diem/:format": .roles(all, .gradebook, shows: true),
            "GET /api/v1/classes/:id/gradebooks": .roles(all, .schoolClass, shows: true),
            "GET /api/v1/classes/:id/qualities": .roles(all, .schoolClass),
            "GET /api/v1/classes/:id/summer": .roles(all, .schoolClass),
            "GET /api/v1/classes/:id/year-results": .roles(all, .schoolClass, shows: true),
            "GET /api/v1/gradebooks/:id/semesters/:semester": .roles(all, .gradebook, shows: true),
            "GET /assets/grid.js": .open,
        ]
        let writes: [String: RouteRule] = [
            "POST /classes/:id/hoc-ba/draft": .roles([.schoolAdmin, .principal], .schoolClass),
            // With the matrix's demo signers: the homeroom teacher with their own key, the principal and the school
            // administrator with the school's seal. HocBaClassWebTests signs in turn.
            "POST /classes/:id/hoc-ba/sign": .roles([.teacher, .principal, .schoolAdmin], .schoolClass),
            "POST /classes/:id/semesters/:semester/:step": .roles(homeroomTeacher, .schoolClass, ["step": "confirm"]),
            "POST /classes/:id/semesters/:semester/conduct": .roles(homeroomTeacher, .schoolClass),
            "POST /classes/:id/semesters/:semester/qualities": .roles(homeroomTeacher, .schoolClass),
            "POST /classes/:id/semesters/:semester/subjects/:assignment/reopen": .roles([.teacher, .principal], .schoolClass),
            "POST /classes/:id/semesters/:semester/summer": .roles(homeroomTeacher, .schoolClass),
            "POST /corrections/:id/:decision": .roles([.principal], .none, ["decision": "approve"]),
            "POST /gradebooks/:id/semesters/:semester": .roles(homeroomTeacher, .gradebook),
            "POST /gradebooks/:id/semesters/:semester/corrections": .roles(homeroomTeacher, .gradebook),
            "POST /gradebooks/:id/semesters/:semester/import": .roles(homeroomTeacher, .gradebook),
            "POST /gradebooks/:id/semesters/:semester/submit": .roles(homeroomTeacher, .gradebook),
            "POST /api/v1/classes/:id/gradebooks": .roles([.schoolAdmin, .principal], .schoolClass),
            "POST /api/v1/classes/:id/semesters/:semester/approve": .roles([.principal], .schoolClass),
            "POST /api/v1/classes/:id/semesters/:semester/confirm": .roles(homeroomTeacher, .schoolClass),
            "POST /api/v1/classes/:id/summer/approve": .roles([.principal], .schoolClass),
            "POST /api/v1/corrections/:id/decision": .roles([.principal]),
            "POST /api/v1/gradebooks/:id/semesters/:semester/corrections": .roles(homeroomTeacher, .gradebook),
            "POST /api/v1/gradebooks/:id/semesters/:semester/reopen": .roles([.teacher, .principal], .gradebook),
            "POST /api/v1/gradebooks/:id/semesters/:semester/submit": .roles(homeroomTeacher, .gradebook),
            "PUT /api/v1/classes/:id/semesters/:semester/conduct": .roles(homeroomTeacher, .schoolClass),
            "PUT /api/v1/classes/:id/semesters/:semester/qualities": .roles(homeroomTeacher, .schoolClass),
            "PUT /api/v1/classes/:id/summer": .roles(homeroomTeacher, .schoolClass),
            "PUT /api/v1/gradebooks/:id/semesters/:semester/marks": .roles(homeroomTeacher, .gradebook),
        ]
        return reads.merging(writes) { $1 }
    }

    static var admissions: [String: RouteRule] {
        let web: [String: RouteRule] = [
            "GET /admissions": .roles(schoolReaders), "GET /admissions/:id": .roles(schoolReaders),
            "GET /admissions/applications/:id": .roles(schoolReaders),
            "POST /admissions": .roles(department), "POST /admissions/:id/:step": .roles(department, .none, ["step": "close"]),
            "POST /admissions/:id/scores": .roles(department), "POST /admissions/appeals/:id/decision": .roles(department),
            "POST /admissions/applications/:id/claims": .roles(department),
            "POST /admissions/applications/:id/enrol": .roles([.departmentAdmin, .departmentStaff, .schoolAdmin, .principal], .application),
            "POST /admissions/applications/:id/papers": .roles(department),
            // Commune officers decide the residences stated in their communes; school administrators and principals those in
            // their schools' catchments.
            "POST /admissions/applications/:id/residence": .roles(department.union([.communeOfficer, .schoolAdmin, .principal]), .residence),
        ]
        let api: [String: RouteRule] = [
            "GET /api/v1/admissions/campaigns/:id": .roles(department), "GET /api/v1/admissions/campaigns/:id/appeals": .roles(department),
            "GET /api/v1/admissions/campaigns/:id/schools/:school/catchment": .roles(department),
            "POST /api/v1/admissions/appeals/:id/decision": .roles(department),
            "POST /api/v1/admissions/applications/:id/adjust": .roles(department),
            "POST /api/v1/admissions/applications/:id/appeals": .roles(department),
            "POST /api/v1/admissions/applications/:id/enrol": .roles([.departmentAdmin, .departmentStaff, .schoolAdmin, .principal], .application),
            "POST /api/v1/admissions/applications/:id/residence": .roles(department.union([.communeOfficer, .schoolAdmin, .principal]), .residence),
            "POST /api/v1/admissions/campaigns": .roles(department), "POST /api/v1/admissions/campaigns/:id/allocate": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/applications": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/close": .roles(department), "POST /api/v1/admissions/campaigns/:id/compare": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/publish": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/release-unconfirmed": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/residences/check": .roles(department),
            "POST /api/v1/admissions/campaigns/:id/supplementary": .roles(department),
            "PUT /api/v1/admissions/applications/:id/claims": .roles(department), "PUT /api/v1/admissions/applications/:id/papers": .roles(department),
            "PUT /api/v1/admissions/applications/:id/score": .roles(department),
            "PUT /api/v1/admissions/applications/:id/supplementary-preferences": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/confirmation-deadline": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/rules": .roles(department), "PUT /api/v1/admissions/campaigns/:id/schedule": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/schools/:school": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/schools/:school/catchment": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/scores": .roles(department),
            "PUT /api/v1/admissions/campaigns/:id/supplementary-registration": .roles(department),
        ]
        let families: [String: RouteRule] = [
            "GET /gia-dinh/con/:id": .family, "GET /gia-dinh/con/:id/hoc-ba/:document": .family, "GET /gia-dinh/ho-so/:id": .family,
            "GET /gia-dinh/tuyen-sinh": .family, "POST /gia-dinh/dang-xuat": .family, "POST /gia-dinh/ho-so/:id/khieu-nai": .family,
            "POST /gia-dinh/ho-so/:id/nguyen-vong": .family, "POST /gia-dinh/ho-so/:id/nguyen-vong-bo-sung": .family,
            "POST /gia-dinh/ho-so/:id/nhap-hoc": .family, "POST /gia-dinh/tuyen-sinh/:id": .family,
        ]
        return web.merging(api) { $1 }.merging(families) { $1 }
    }

    static var credentials: [String: RouteRule] {
        let reads: [String: RouteRule] = [
            "GET /api/v1/credentials/blanks": .roles(departmentReaders), "GET /api/v1/credentials/blanks/:serial": .roles(departmentReaders),
            "GET /api/v1/credentials/entries/:serial": .roles(department), "GET /credentials/blanks": .roles(departmentReaders),
            "GET /credentials/copies": .roles(department), "GET /credentials/copies/:id": .roles(department),
            "GET /credentials/holders": .roles(department), "GET /credentials/keys": .roles([.departmentAdmin, .auditor]),
            "GET /credentials/register": .roles(department), "GET /credentials/register/:id": .roles(department),
            "GET /credentials/scans/:id": .roles(department), "GET /credentials/transcriptions": .roles(department),
            "GET /credentials/transcriptions/:id": .roles(department),
        ]
        let writes: [String: RouteRule] = [
            "POST /api/v1/credentials/blanks/:serial/retirements": .roles(department), "POST /api/v1/credentials/blanks/receipts": .roles(department),
            "POST /api/v1/credentials/entries/:serial/corrections": .roles(department),
            "POST /api/v1/credentials/entries/:serial/revocations": .roles(department),
            "POST /api/v1/credentials/entries/:serial/verification": .roles(department),
            "POST /credentials/blanks/:step": .roles(department, .none, ["step": "receive"]),
            "POST /credentials/copies/:id/:decision": .roles(department, .none, ["decision": "issue"]),
            "POST /credentials/holders/decide": .roles(department), "POST /credentials/holders/run": .roles(department),
            "POST /credentials/keys": .roles([.departmentAdmin]), "POST /credentials/keys/:id/revoke": .roles([.departmentAdmin]),
            "POST /credentials/register/:id/correct": .roles(department), "POST /credentials/register/:id/revoke": .roles(department),
            "POST /credentials/register/:id/scan": .roles(department), "POST /credentials/register/:id/verify": .roles(department),
            "POST /credentials/transcriptions": .roles(department), "POST /credentials/transcriptions/:id/resolutions": .roles(department),
            "POST /credentials/transcriptions/:id/settle": .roles(department),
            "POST /credentials/transcriptions/:id/transcription": .roles(department),
        ]
        return reads.merging(writes) { $1 }
    }

    static var quality: [String: RouteRule] {
        [
            "GET /quality": .roles([.departmentAdmin, .departmentStaff, .auditor, .communeOfficer]),
            "GET /quality/linkage": .roles(schoolReaders), "GET /quality/linkage/pairs/:id": .roles(schoolReaders),
            "GET /quality/linkage/staff/pairs/:id": .roles(schoolReaders),
            "GET /quality/schools/:id": .roles(schoolReaders, .school, shows: true),
            "POST /quality/linkage/pairs/:id/:decision": .roles(writers, .none, ["decision": "merge"]),
            "POST /quality/linkage/staff/pairs/:id/:decision": .roles(writers, .none, ["decision": "merge"]),
            "POST /quality/linkage/scan": .roles(department),
            "POST /quality/schools/:id/accept/:entity/:record": .roles(writers, .school, ["entity": "student"]),
        ]
    }

    /// Public by design: verification, copies, published admissions, the transparency log, families' sign-in.
    static var publicRoutes: [String: RouteRule] {
        let paths = [
            "GET /api/v1/admissions/campaigns/:id/results", "GET /api/v1/log/checkpoint", "GET /api/v1/log/entries/:index",
            "GET /api/v1/log/proofs/consistency", "GET /api/v1/log/proofs/inclusion", "GET /api/v1/openapi.json",
            "GET /ban-sao", "GET /ban-sao/:code", "GET /ban-sao/:code/ban-sao.pdf", "GET /credentials/:serial",
            "GET /credentials/status/:list", "GET /crl/:file", "GET /gia-dinh", "GET /hb/:code", "GET /healthz", "GET /login",
            "GET /metrics", "GET /tuyen-sinh", "GET /tuyen-sinh/:id", "GET /van-bang", "GET /verify",
            "POST /api/v1/credentials/lookup", "POST /api/v1/verify", "POST /ban-sao", "POST /gia-dinh/dang-nhap", "POST /gia-dinh/ma",
            "POST /login", "POST /tsa", "POST /van-bang/tra-cuu", "POST /van-bang/xac-minh", "POST /verify",
        ]
        return Dictionary(uniqueKeysWithValues: paths.map { ($0, RouteRule.open) })
    }
}
