import Access
import Admissions
import EduCore
import Foundation
import Records
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The full matrix: every route the server has × every role (and no session) × an object inside and outside the role's
/// reach. Denied callers always get 403 or 404 and never the object's data; allowed callers get past the guard, and on
/// the pages that show an object they see it. The rules are in `RouteAccessRules.swift`; a route missing there fails.
@Suite struct RouteMatrixTests {
    typealias Objects = ServerFixture.Objects

    /// Whether `role`'s reach holds an object of this kind (department roles reach everything; a teacher its own class,
    /// never staff records).
    static func reaches(_ role: Role, _ object: RouteRule.Object, inside: Bool) -> Bool {
        switch (role, object) {
        case (_, .none), (.departmentAdmin, _), (.departmentStaff, _), (.auditor, _): true
        case (.teacher, .staff): false
        default: inside
        }
    }

    /// The ids a route's path parameters take for one side of the matrix.
    struct Side {
        let objects: Objects
        let gradebook: Int
        /// An admissions application placed at the side's school.
        let application: Int
        /// A grade 6 application whose stated residence is in the side's commune (on the inside, the catchment of the
    /// inside school), waiting for a decision.
        let residence: Int
        let inside: Bool
    }

    static func path(_ pattern: String, _ rule: RouteRule, _ side: Side) -> String {
        let objects = side.objects
        let id: Int = switch rule.object {
        case .student: objects.student
        case .school: objects.school
        case .schoolClass: objects.schoolClass
        case .staff: objects.staff
        case .gradebook: side.gradebook
        case .application: side.application
        case .residence: side.residence
        case .none: 1
        }
        let values: [String: String] = [
            "id": String(id), "semester": "1", "format": "csv", "file": "students.csv", "document": "0", "transfer": "0",
            "assignment": String(side.gradebook), "school": String(objects.school), "record": String(objects.student),
            "serial": "AB0012345",
        ].merging(rule.parameters) { $1 }
        return "/" + pattern.split(separator: "/").map { part in
            part.hasPrefix(":") ? values[String(part.dropFirst()), default: "1"] : String(part)
        }.joined(separator: "/")
    }

    /// The routes the application serves, as "METHOD /pattern".
    static func served(_ app: Application) -> [String] {
        app.routes.all.map { "\($0.method.rawValue) /\($0.path.map(\.description).joined(separator: "/"))" }.sorted()
    }

    @Test func everyRouteHasARule() async throws {
        try await ServerFixture.with { fixture in
            let served = Set(Self.served(fixture.app)), listed = Set(RouteRule.table.keys)
            #expect(served.subtracting(listed).sorted() == [], "routes without an access rule")
            #expect(listed.subtracting(served).sorted() == [], "rules for routes that do not exist")
        }
    }

    @Test func everyRoleOnEveryRouteInsideAndOutsideItsReach() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            try await fixture.issueDemoSigners()
            let applications = try await Self.applications(fixture), residences = try await Self.residences(fixture)
            let sides = [
                Side(objects: fixture.inside, gradebook: try await Self.gradebook(sql, classID: fixture.inside.schoolClass),
                     application: applications.inside, residence: residences.inside, inside: true),
                Side(objects: fixture.outside, gradebook: try await Self.gradebook(sql, classID: fixture.outside.schoolClass),
                     application: applications.outside, residence: residences.outside, inside: false),
            ]
            let tester = try fixture.app.testing()
            var probes = 0
            for route in Self.served(fixture.app) {
                let rule = try #require(RouteRule.table[route])
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPMethod(rawValue: String(parts[0])), pattern = String(parts[1])
                guard case .roles(let allowed) = rule.gate else {
                    if case .family = rule.gate { try await Self.familyOnly(tester, fixture, method, Self.path(pattern, rule, sides[0])) }
                    continue
                }
                for side in sides {
                    let path = Self.path(pattern, rule, side)
                    try await Self.anonymous(tester, method, path)
                    for role in Role.allCases {
                        let mayCall = allowed.contains(role) && Self.reaches(role, rule.object, inside: side.inside)
                        let (headers, body) = Self.request(fixture, role, method: method, path: path)
                        try await tester.test(method, path, headers: headers, body: body) { response in
                            let what = "\(role.rawValue) \(method) \(path) (\(route), inside: \(side.inside))"
                            if !mayCall {
                                #expect([.forbidden, .notFound].contains(response.status), "\(what): \(response.status)")
                                // A refused change may show the page of an object the caller may read, never one they may not.
                                let mayRead = rule.object != .none && Self.reaches(role, rule.object, inside: side.inside)
                                for name in [side.objects.studentName, side.objects.staffName] where !mayRead {
                                    #expect(!response.body.string.contains(name), "\(what) shows \(name)")
                                }
                            } else if rule.shows && method == .GET {
                                #expect(response.status == .ok, "\(what): \(response.status)")
                            } else {
                                // The object exists and is within reach: a 404 would be the guard refusing it. Other path
                                // parameters may name nothing (a guardian, a document), and a 404 is then the answer.
                                let found = rule.object != .none && pattern.split(separator: ":").count == 2
                                    && RouteRule.notFoundByDesign[route] == nil
                                let refusals: [HTTPResponseStatus] = found ? [.unauthorized, .forbidden, .notFound] : [.unauthorized, .forbidden]
                                #expect(!refusals.contains(response.status), "\(what): \(response.status) \(response.body.string.prefix(200))")
                            }
                        }
                        probes += 1
                    }
                }
            }
            #expect(probes > 1500)
        }
    }

    /// A read-only API token changes nothing, whatever its role: every write refuses it, inside its scope too.
    @Test(arguments: Role.allCases) func aReadOnlyTokenWritesNowhere(role: Role) async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            try await fixture.issueDemoSigners()
            let unit = try await sql.raw("SELECT unit_id AS id FROM schools WHERE id = \(bind: fixture.inside.school)").first(decoding: IDRow.self)!.id
            let token = try await AccountStore(sql).createToken(name: "kho dữ liệu", role: role,
                                                                unitID: role.scopeKind == .unit ? unit : nil,
                                                                schoolID: role.scopeKind == .school ? fixture.inside.school : nil,
                                                                canWrite: false, by: .commandLine)
            let side = Side(objects: fixture.inside, gradebook: try await Self.gradebook(sql, classID: fixture.inside.schoolClass),
                            application: try await Self.applications(fixture).inside, residence: try await Self.residences(fixture).inside,
                            inside: true)
            let tester = try fixture.app.testing()
            var writes = 0
            for route in Self.served(fixture.app) where !route.hasPrefix("GET ") && !RouteRule.searches.contains(route) {
                guard let rule = RouteRule.table[route], case .roles = rule.gate else { continue }
                let parts = route.split(separator: " ", maxSplits: 1)
                let method = HTTPMethod(rawValue: String(parts[0])), path = Self.path(String(parts[1]), rule, side)
                var headers: HTTPHeaders = ["Authorization": "Bearer \(token.secret)"]
                headers.contentType = path.hasPrefix("/api/") ? .json : .urlEncodedForm
                try await tester.test(method, path, headers: headers, body: ByteBuffer(string: path.hasPrefix("/api/") ? "{}" : "note=")) { response in
                    #expect([.forbidden, .notFound].contains(response.status), "read-only \(role.rawValue) token \(route): \(response.status)")
                }
                writes += 1
            }
            #expect(writes > 80)
        }
    }

    /// A request as `role` would send it: a JSON body with the CSRF header to the API, a form with the CSRF field to a page.
    static func request(_ fixture: ServerFixture, _ role: Role, method: HTTPMethod, path: String) -> (HTTPHeaders, ByteBuffer?) {
        guard method != .GET else { return (fixture.headers(role), nil) }
        if path.hasPrefix("/api/") { return (fixture.jsonHeaders(role), ByteBuffer(string: "{}")) }
        let (headers, body) = fixture.form([:], as: role)
        return (headers, body)
    }

    /// Without a session the API answers 401 and a page sends the caller to sign in.
    static func anonymous(_ tester: some TestingApplicationTester, _ method: HTTPMethod, _ path: String) async throws {
        try await tester.test(method, path) { response in
            if path.hasPrefix("/api/") {
                #expect(response.status == .unauthorized, "anonymous \(method) \(path): \(response.status)")
            } else {
                #expect(response.status == .seeOther && response.headers.first(name: .location) == "/login",
                        "anonymous \(method) \(path): \(response.status)")
            }
        }
    }

    /// No staff session opens a family's page: each is sent to the families' sign-in.
    static func familyOnly(_ tester: some TestingApplicationTester, _ fixture: ServerFixture, _ method: HTTPMethod, _ path: String) async throws {
        for role in [nil] + Role.allCases.map(Optional.some) {
            let headers = role.map { fixture.form([:], as: $0).0 } ?? [:]
            try await tester.test(method, path, headers: headers) { response in
                #expect(response.status == .seeOther && response.headers.first(name: .location) == "/gia-dinh",
                        "\(role?.rawValue ?? "anonymous") \(method) \(path): \(response.status)")
            }
        }
    }

    /// Two applications to a grade 10 campaign over the fixture's schools, allocated: one placed at each school.
    static func applications(_ fixture: ServerFixture) async throws -> (inside: Int, outside: Int) {
        try await fixture.teach(.upperSecondary)
        let staff = Actor(name: "test", origin: "test"), schools = [fixture.inside.school, fixture.outside.school]
        return try await fixture.db.database.transaction { tx in
            let store = AdmissionsStore(tx, cipher: fixture.db.cipher)
            let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 10, method: .exam), by: staff)
            for school in schools { try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 1, by: staff) }
            var ids: [Int] = []
            for (index, school) in schools.enumerated() {
                let id = try await store.submit(ApplicationForm(nationalID: NationalID("03121200077\(index)")!, fullName: "Phạm Thu Hà",
                                                                dateOfBirth: CalendarDate(year: 2012, month: 5, day: 5)!, preferences: [school]),
                                                campaignID: campaign.id, by: staff)
                try await store.recordScore(Points(hundredths: 2500), applicationID: id, by: staff)
                ids.append(id)
            }
            try await store.close(campaignID: campaign.id, by: staff)
            _ = try await store.allocate(campaignID: campaign.id, by: staff)
            for (id, school) in zip(ids, schools) { #expect(try await store.placement(applicationID: id).schoolID == school) }
            return (ids[0], ids[1])
        }
    }

    /// Two applications to a grade 6 campaign, each stating a residence its guardians still wait to have decided: one in
    /// the commune of the scoped roles (the inside school's), one in another commune.
    static func residences(_ fixture: ServerFixture) async throws -> (inside: Int, outside: Int) {
        try await fixture.teach(.lowerSecondary)
        let sql = fixture.db.database.sql, staff = Actor(name: "test", origin: "test")
        let inside = try await sql.raw("SELECT u.code, u.id FROM units u JOIN schools s ON s.unit_id = u.id WHERE s.id = \(bind: fixture.inside.school)")
            .first()!
        let insideCode = try inside.decode(column: "code", as: String.self), insideUnit = try inside.decode(column: "id", as: Int.self)
        let outsideCode = try await sql.raw("""
            SELECT code FROM units WHERE kind <> 'department' AND valid_to IS NULL AND id <> \(bind: insideUnit) ORDER BY id LIMIT 1
            """).first()!.decode(column: "code", as: String.self)
        return try await fixture.db.database.transaction { tx in
            let store = AdmissionsStore(tx, cipher: fixture.db.cipher)
            let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
            try await store.setSchool(campaignID: campaign.id, schoolID: fixture.inside.school, quota: 5, by: staff)
            // The inside school's catchment is the inside commune: its administrators and principal decide the residence
            // stated there, not the one outside.
            try await store.setCatchment(campaignID: campaign.id, schoolID: fixture.inside.school, areas: [Residence(communeCode: insideCode)], by: staff)
            var ids: [Int] = []
            for (index, commune) in [insideCode, outsideCode].enumerated() {
                var form = ApplicationForm(nationalID: NationalID("03121500088\(index)")!, fullName: "Vũ Minh Châu",
                                           dateOfBirth: CalendarDate(year: 2015, month: 4, day: 4)!, preferences: [fixture.inside.school])
                form.residence = Residence(communeCode: commune, locality: "Tổ dân phố 3")
                ids.append(try await store.submit(form, campaignID: campaign.id, by: staff))
            }
            return (ids[0], ids[1])
        }
    }

    /// A subject gradebook of the class, taught by its homeroom teacher (the fixture's teacher, on the inside).
    static func gradebook(_ sql: any SQLDatabase, classID: Int) async throws -> Int {
        let homeroom = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
        return try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: homeroom, assessment: .scored,
                                                    by: Actor(name: "test", origin: "test")).id
    }
}
