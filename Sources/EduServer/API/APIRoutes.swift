import Access
import EduCore
import Registry
import Vapor

/// `/api/v1`: every route needs a principal (API token or session); reach limits what it sees.
/// Anything outside the reach is a 404, indistinguishable from a missing record.
struct APIRoutes: RouteCollection {
    static let pageLimit = 200

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1")
        api.get("openapi.json") { _ in try OpenAPIDocument.response() }
        let auth = api.grouped(RequirePrincipal())
        auth.get("units", use: units)
        auth.get("units", ":id", use: unit)
        auth.get("school-years") { req in try await SchoolYearStore(req.context.database.sql).all() }
        auth.put("school-years", ":code", use: setSchoolYear)
        auth.get("schools", use: schools)
        auth.get("schools", ":id") { req in try await found(req.context.registry.school(id: req.id(), in: req.reach())) }
        auth.post("schools") { req in try await write(req, .schools) }
        auth.patch("schools", ":id") { req in try await change(req, .schools) }
        auth.get("classes", use: classes)
        auth.get("classes", ":id") { req in try await found(req.context.registry.schoolClass(id: req.id(), in: req.reach())) }
        auth.post("classes") { req in try await write(req, .classes) }
        auth.patch("classes", ":id") { req in try await change(req, .classes) }
        auth.get("students", use: students)
        auth.post("students", "search", use: searchStudents)
        auth.get("students", ":id") { req in
            try await found(req.context.registry.student(id: req.id(), in: req.reach(), by: req.actor()))
        }
        auth.post("students") { req in try await write(req, .students) }
        auth.patch("students", ":id") { req in try await change(req, .students) }
        auth.post("students", ":id", "guardians", use: addGuardian)
        auth.delete("students", ":id", "guardians", ":guardian", use: removeGuardian)
        auth.get("staff", use: staff)
        auth.get("staff", ":id") { req in
            try await found(req.context.registry.staffMember(id: req.id(), in: req.reach(), by: req.actor()))
        }
        auth.post("staff") { req in try await write(req, .staff) }
        auth.patch("staff", ":id") { req in try await change(req, .staff) }
        auth.on(.POST, "imports", body: .stream, use: submitImport)
        auth.get("imports", ":id", use: importJob)
    }

    func schools(req: Request) async throws -> DTO.Page<DTO.School> {
        let reach = try await req.reach()
        return DTO.Page(try await KeysetPage.read(req.limit) {
            try await req.context.registry.schools(in: reach, unitID: req.query[Int.self, at: "unit_id"], after: req.cursor, limit: $0)
        })
    }

    /// Units in force on `as_of` (YYYY-MM-DD), or every version of every unit.
    func units(req: Request) async throws -> DTO.Page<DTO.Unit> {
        let asOf = try req.query[String.self, at: "as_of"].map { text in
            guard let date = CalendarDate(iso: text) else { throw Abort(.badRequest, reason: "as_of is a date, YYYY-MM-DD") }
            return date
        }
        return DTO.Page(try await KeysetPage.read(req.limit) {
            try await req.context.registry.units(asOf: asOf, after: req.cursor, limit: $0)
        })
    }

    func unit(req: Request) async throws -> DTO.UnitHistory {
        let registry = req.context.registry
        let unit = try await found(registry.unit(id: req.id()))
        return DTO.UnitHistory(unit: unit, predecessors: try await registry.predecessors(ofUnit: unit.id))
    }

    /// The department sets a school year's first and last day.
    func setSchoolYear(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        try req.requireDepartmentWriter()
        return try await req.respond(refusals: { $0.code == "school_year.unknown" ? .notFound : .unprocessableEntity }) {
            let body = try req.content.decode(DTO.SchoolYearRequest.self)
            return try await req.setSchoolYear(req.parameters.get("code") ?? "", startsOn: body.startsOn, endsOn: body.endsOn)
        }
    }

    func classes(req: Request) async throws -> DTO.Page<DTO.SchoolClass> {
        guard let school = req.query[Int.self, at: "school_id"] else { throw Abort(.badRequest, reason: "school_id is required") }
        let reach = try await req.reach()
        return DTO.Page(try await KeysetPage.read(req.limit) {
            try await req.context.registry.classes(schoolID: school, schoolYear: req.query[String.self, at: "school_year"],
                                                   in: reach, after: req.cursor, limit: $0)
        })
    }

    func students(req: Request) async throws -> DTO.Page<DTO.Student> {
        let reach = try await req.reach()
        return DTO.Page(try await KeysetPage.read(req.limit) {
            try await req.context.registry.students(schoolID: req.query[Int.self, at: "school_id"], classID: req.query[Int.self, at: "class_id"],
                                                    in: reach, after: req.cursor, limit: $0)
        })
    }

    /// Search takes its text in the body: a personal ID must never travel in a URL.
    func searchStudents(req: Request) async throws -> DTO.Page<DTO.Student> {
        let search = try req.content.decode(DTO.Search.self)
        let items = try await req.context.registry.students(matching: search.q, in: req.reach(), limit: req.limit)
        return DTO.Page(items: items, nextCursor: nil)
    }

    func staff(req: Request) async throws -> DTO.Page<DTO.Staff> {
        let reach = try await req.reach()
        return DTO.Page(try await KeysetPage.read(req.limit) {
            try await req.context.registry.staff(schoolID: req.query[Int.self, at: "school_id"], in: reach, after: req.cursor, limit: $0)
        })
    }

    /// Create or update one record (matched like an import row). 200 when stored, 422 with the problems otherwise.
    func write(_ req: Request, _ sheet: RegistrySheet) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        // Writing outside one's reach is refused before anything is validated, like any other forbidden act.
        let reach = try await ImportRoutes.requireWriter(req)
        if sheet == .schools, !reach.writableAll { throw Abort(.forbidden) }
        let fields = try req.content.decode([String: String].self)
        try await req.requireWritable(fields["school_code"], sheet, reach)
        let outcome = try await RegistryImporter(database: req.context.database, cipher: req.context.cipher)
            .importRecord(fields, sheet: sheet, actor: req.actor(), reach: reach)
        return try await DTO.WriteResult(outcome: outcome).encodeResponse(status: outcome.succeeded ? .ok : .unprocessableEntity, for: req)
    }

    /// Changes the fields given (import columns) of the record `:id` and keeps the rest: 200 when stored, 422 with the
    /// problems otherwise, also when the new values would name another record.
    func change(_ req: Request, _ sheet: RegistrySheet) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let outcome = try await req.changeRecord(sheet, id: try req.id(), changes: try req.content.decode([String: String].self))
        return try await DTO.WriteResult(outcome: outcome).encodeResponse(status: outcome.succeeded ? .ok : .unprocessableEntity, for: req)
    }

    static let enrolmentColumns: Set<String> = ["school_year", "class_name", "grade"]

    /// Adds a guardian to a student the caller may change (403 for one who may change nothing, 404 outside the reach).
    func addGuardian(req: Request) async throws -> Response {
        let studentID = try await changeableStudent(req)
        let body = try req.content.decode(DTO.GuardianRequest.self)
        return try await req.respond(status: .created, refusals: { _ in .unprocessableEntity }) {
            try await req.addGuardian(to: studentID, fullName: body.fullName, phone: body.phone, relationship: body.relationship ?? "")
        }
    }

    func removeGuardian(req: Request) async throws -> HTTPStatus {
        let studentID = try await changeableStudent(req)
        guard let guardian = req.parameters.get("guardian", as: Int.self), try await req.removeGuardian(guardian, of: studentID) else {
            throw Abort(.notFound)
        }
        return .noContent
    }

    private func changeableStudent(_ req: Request) async throws -> Int {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        return try await req.changeableStudent()
    }

    /// The file is the request body; `sheet` and `format` (csv or xlsx) are query parameters.
    func submitImport(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        _ = try await ImportRoutes.requireWriter(req)
        guard let sheet = req.query[String.self, at: "sheet"] else { throw Abort(.badRequest, reason: "sheet is required") }
        let format = req.query[String.self, at: "format"] ?? "csv"
        guard ["csv", "xlsx"].contains(format) else { throw Abort(.badRequest, reason: "format is csv or xlsx") }
        let upload = try await UploadSpool.body(req, filename: "upload.\(format)", maxSize: ImportRoutes.maxUpload)
        defer { upload.remove() }
        let id = try await ImportRoutes.submit(req, sheet: sheet, upload: upload, dryRun: req.query[Bool.self, at: "dry_run"] ?? false)
        return try await DTO.ImportJob(id: id, state: "queued", progress: 0, error: nil, outcome: nil).encodeResponse(status: .accepted, for: req)
    }

    func importJob(req: Request) async throws -> DTO.ImportJob {
        let (job, outcome) = try await ImportRoutes.visibleJob(req)
        return DTO.ImportJob(id: job.id, state: job.state, progress: job.progress, error: job.error, outcome: outcome)
    }
}

/// 401 for API calls without a valid token or session.
struct RequirePrincipal: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        _ = try request.principal()
        return try await next.respond(to: request)
    }
}

private func found<T>(_ value: T?) throws -> T {
    guard let value else { throw Abort(.notFound) }
    return value
}

extension Request {
    /// Adds a guardian with its audit entry, or neither (`InputRejected` names the bad fields).
    func addGuardian(to studentID: Int, fullName: String, phone: String, relationship: String) async throws -> Guardian {
        let actor = try actor()
        return try await context.database.transaction { db in
            try await GuardianStore(db).add(studentID: studentID, fullName: fullName, phone: phone, relationship: relationship, by: actor)
        }
    }

    /// Removes one of the student's added guardians with its audit entry, or neither; false when there is no such guardian.
    func removeGuardian(_ guardian: Int, of studentID: Int) async throws -> Bool {
        let actor = try actor()
        return try await context.database.transaction { db in
            try await GuardianStore(db).remove(id: guardian, studentID: studentID, by: actor)
        }
    }

    /// Changes the fields given (import columns) of record `id` and keeps the rest, through the importer's checks, matching
    /// and audit: 403 for one who may change nothing or the new school, 404 for a record outside what the caller may change.
    /// `changes` is read only then, so a request outside the reach learns nothing from how its body is refused.
    func changeRecord(_ sheet: RegistrySheet, id: Int, changes readChanges: @autoclosure () throws -> [String: String]) async throws -> ImportOutcome {
        let reach = try await ImportRoutes.requireWriter(self)
        if sheet == .schools, !reach.writableAll { throw Abort(.forbidden) }
        guard let school = try await context.registry.schoolID(of: sheet, id: id), reach.canWrite(school: school),
              let stored = try await RegistryExporter(context.database.sql, cipher: context.cipher).record(sheet, id: id) else {
            throw Abort(.notFound)
        }
        let changes = try readChanges()
        try await requireWritable(changes["school_code"], sheet, reach)
        var fields = stored.fields
        // A student's latest enrolment is rewritten only when the change names it: moving school keeps the history.
        if sheet == .students, APIRoutes.enrolmentColumns.isDisjoint(with: changes.keys) {
            for column in APIRoutes.enrolmentColumns { fields[column] = "" }
        }
        return try await RegistryImporter(database: context.database, cipher: context.cipher)
            .importRecord(fields.merging(changes) { $1 }, sheet: sheet, actor: actor(), reach: reach, replacing: stored.pin)
    }

    /// A record placed in a school the caller cannot change is refused (403) before it is validated.
    func requireWritable(_ schoolCode: String?, _ sheet: RegistrySheet, _ reach: Reach) async throws {
        guard sheet != .schools, let code = schoolCode?.trimmingCharacters(in: .whitespaces),
              let school = try await context.registry.schoolID(code: code) else { return }
        guard reach.canWrite(school: school) else { throw Abort(.forbidden) }
    }

    /// The student named by the path, once the caller is known to be one who writes (403) and to reach them (404).
    func changeableStudent() async throws -> Int {
        let reach = try await ImportRoutes.requireWriter(self), id = try id()
        guard try await context.registry.mayChange(student: id, in: reach) else { throw Abort(.notFound) }
        return id
    }

    func id() throws -> Int {
        guard let id = parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        return id
    }

    var cursor: Int { query[Int.self, at: "cursor"] ?? 0 }

    var limit: Int { min(max(query[Int.self, at: "limit"] ?? 50, 1), APIRoutes.pageLimit) }
}
