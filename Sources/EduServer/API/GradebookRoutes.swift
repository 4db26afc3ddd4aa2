import Access
import EduCore
import Records
import Registry
import Vapor

/// `/api/v1` for gradebooks (TT22, and TT27 for primary classes): teaching assignments, marks, submission, conduct or
/// qualities and competences, confirmation, approval, corrections, and a class's year results. Who may do what is the store's rule (`GradebookStore`); here a caller
/// must also reach the class, or teach the subject. Refusals: 403 (not the teacher, homeroom teacher or principal),
/// 409 (the gradebook or semester is not in the state the step needs), 422 (bad entries, each with its row).
struct GradebookRoutes: RouteCollection {
    static let maxBatch: ByteCount = "1mb"

    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1").grouped(RequirePrincipal())
        api.post("classes", ":id", "gradebooks", use: assign)
        api.get("classes", ":id", "gradebooks") { req in try await assignments(req) }
        api.get("gradebooks", ":id", "semesters", ":semester", use: sheet)
        // A class's batch (45 students, every mark or every quality) is larger than Vapor's default 16 KB body.
        api.on(.PUT, "gradebooks", ":id", "semesters", ":semester", "marks", body: .collect(maxSize: Self.maxBatch)) { req in
            try await change(req, requiring: .subjectTeacher(assignmentID: req.id())) { store, actor in
                let entries = try req.content.decode(DTO.MarkEntries.self).entries.map(\.entry)
                try await store.enter(entries, assignmentID: req.id(), semester: req.semester(), by: actor)
            }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "submit") { req in
            try await change(req) { store, actor in try await store.submit(assignmentID: req.id(), semester: req.semester(), by: actor) }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "corrections") { req in
            try await change(req, requiring: .subjectOrHomeroomTeacher(assignmentID: req.id())) { store, actor in
                let body = try req.content.decode(DTO.CorrectionRequest.self)
                return try await store.requestCorrection(body.entry.entry, assignmentID: req.id(), semester: req.semester(), reason: body.reason, by: actor)
            }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "reopen") { req in
            struct Body: Content { let reason: String }
            return try await change(req, requiring: .homeroomTeacherOrPrincipal(assignmentID: req.id())) { store, actor in
                try await store.reopen(assignmentID: req.id(), semester: req.semester(), reason: try req.content.decode(Body.self).reason, by: actor)
            }
        }
        api.post("corrections", ":id", "decision") { req in
            try await change(req, requiring: .correctionDecider(correctionID: req.id())) { store, actor in
                try await store.decideCorrection(id: req.id(), approve: try req.content.decode(DTO.CorrectionDecision.self).approve, by: actor)
            }
        }
        api.on(.PUT, "classes", ":id", "semesters", ":semester", "conduct", body: .collect(maxSize: Self.maxBatch)) { req in
            try await change(req, requiring: .homeroomTeacher(classID: req.id())) { store, actor in
                try await store.recordConduct(try req.content.decode(DTO.ConductEntries.self).converted(), classID: req.id(),
                                              semester: req.semester(), by: actor)
            }
        }
        api.on(.PUT, "classes", ":id", "semesters", ":semester", "qualities", body: .collect(maxSize: Self.maxBatch)) { req in
            try await change(req, requiring: .homeroomTeacher(classID: req.id())) { store, actor in
                try await store.recordQualities(try req.content.decode(DTO.QualityEntries.self).converted(), classID: req.id(),
                                                semester: req.semester(), by: actor)
            }
        }
        api.get("classes", ":id", "qualities", use: qualities)
        api.post("classes", ":id", "semesters", ":semester", "confirm") { req in
            try await change(req) { store, actor in try await store.confirm(classID: req.id(), semester: req.semester(), by: actor) }
        }
        api.post("classes", ":id", "semesters", ":semester", "approve") { req in
            try await change(req) { store, actor in try await store.approve(classID: req.id(), semester: req.semester(), by: actor) }
        }
        api.get("classes", ":id", "year-results", use: yearResults)
        api.get("classes", ":id", "summer", use: summer)
        api.on(.PUT, "classes", ":id", "summer", body: .collect(maxSize: Self.maxBatch)) { req in
            try await change(req, requiring: .homeroomTeacher(classID: req.id())) { store, actor in
                try await store.recordSummer(try req.content.decode(DTO.SummerEntries.self).entries.map(\.entry), classID: req.id(), by: actor)
            }
        }
        api.post("classes", ":id", "summer", "approve") { req in
            try await change(req) { store, actor in try await store.approveSummer(classID: req.id(), by: actor) }
        }
    }

    /// A school administrator or the principal assigns a subject of a class they may write to.
    func assign(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let principal = try req.principal()
        let schoolClass = try await readableClass(req)
        guard principal.grants.contains(where: { [.schoolAdmin, .principal].contains($0.role) }),
              try await req.reach().canWrite(school: schoolClass.schoolId) else { throw Abort(.forbidden) }
        let body = try req.content.decode(DTO.AssignmentRequest.self)
        let records = req.context.records
        return try await req.respond(status: .created, refusals: Self.status) {
            try await req.context.database.attempt(req.attempted, by: try req.actor()) { db in
                try await records.gradebooks(db).assign(classID: schoolClass.id, subject: body.subject, staffID: body.staffID,
                                                    assessment: body.assessment, lessonsPerYear: body.lessonsPerYear, by: req.actor())
            }
        }
    }

    func assignments(_ req: Request) async throws -> [TeachingAssignment] {
        let schoolClass = try await readableClass(req)
        return try await req.context.records.gradebooks(req.context.database.sql).assignments(classID: schoolClass.id)
    }

    /// The marks of one subject of a class for a semester: for its teacher, and for whoever reaches the class.
    func sheet(req: Request) async throws -> DTO.GradebookSheet {
        let store = req.context.records.gradebooks(req.context.database.sql)
        let assignment = try await found { try await store.assignment(id: req.id()) }
        let principal = try req.principal()
        let teaches = principal.grants.contains { $0.role == .teacher && $0.staffID == assignment.staffID }
        if !teaches, try await !readable(classID: assignment.classID, req) { throw Abort(.notFound) }
        let semester = try req.semester()
        let marks = try await store.cells(assignmentID: assignment.id, semester: semester)
        try await req.context.database.transaction { db in
            let actor = try req.actor()
            for student in marks.keys.sorted() {
                try await AuditLog(db).append(AuditEvent(action: "read", entity: "gradebook", entityID: "\(assignment.id)/hk\(semester)/\(student)"),
                                              by: actor)
            }
        }
        return DTO.GradebookSheet(assignment: assignment, semester: semester,
                                  status: try await store.gradebookStatus(assignmentID: assignment.id, semester: semester).rawValue,
                                  students: marks.keys.sorted().map { DTO.StudentMarks(studentID: $0, cells: marks[$0]!) })
    }

    /// The class's results as they stand, by its rules: TT22's, or TT27's for a primary class. Each student's is a
    /// read of a child's record, so each is audited. No ranking, no class average: TT15/2026 asks that students are
    /// not compared.
    func yearResults(req: Request) async throws -> Response {
        let schoolClass = try await readableClass(req)
        let store = req.context.records.gradebooks(req.context.database.sql)
        if GradebookStore.isPrimary(grade: schoolClass.grade) {
            let results = try await store.primaryResults(classID: schoolClass.id)
            try await auditReads(of: results.map(\.studentID), entity: "year_results", req)
            return try await results.map(DTO.PrimaryYear.init).encodeResponse(for: req)
        }
        let (students, lessons) = try await store.studentYears(classID: schoolClass.id)
        try await auditReads(of: students.map(\.studentID), entity: "year_results", req)
        return try await students.map { DTO.YearResult(store.rules.results(of: $0, lessonsPerYear: lessons)) }.encodeResponse(for: req)
    }

    /// The students a secondary class's year sent to summer re-tests or training, what is recorded for them and what it
    /// decides (counted only once approved: `approved`). Each student's is a read of a child's record, audited.
    func summer(req: Request) async throws -> DTO.ClassSummer {
        let schoolClass = try await readableClass(req)
        guard !GradebookStore.isPrimary(grade: schoolClass.grade) else { throw Abort(.notFound) }
        let store = req.context.records.gradebooks(req.context.database.sql)
        let results = try await store.yearResults(classID: schoolClass.id, summer: true).values
            .filter { $0.outcome == .retest || $0.outcome == .summerTraining }.sorted { Int($0.studentID)! < Int($1.studentID)! }
        try await auditReads(of: results.map(\.studentID), entity: "summer", req)
        let recorded = try await store.summerResults(classID: schoolClass.id)
        return DTO.ClassSummer(approved: try await store.summerApproved(classID: schoolClass.id),
                               students: results.map { DTO.StudentSummer($0, recorded: recorded[Int($0.studentID)!]) })
    }

    /// A primary class's qualities and competences at the four points, per student (each read audited); 404 for
    /// another class.
    func qualities(req: Request) async throws -> [DTO.StudentQualities] {
        let schoolClass = try await readableClass(req)
        guard GradebookStore.isPrimary(grade: schoolClass.grade) else { throw Abort(.notFound) }
        let years = try await req.context.records.gradebooks(req.context.database.sql).primaryYears(classID: schoolClass.id)
        try await auditReads(of: years.map(\.studentID), entity: "qualities", req)
        return years.map(DTO.StudentQualities.init)
    }

    private func auditReads(of students: [String], entity: String, _ req: Request) async throws {
        let actor = try req.actor()
        try await req.context.database.transaction { db in
            for student in students {
                try await AuditLog(db).append(AuditEvent(action: "read", entity: entity, entityID: student), by: actor)
            }
        }
    }

    // MARK: Helpers

    /// One change in one transaction, refusals audited. With `duty`, a caller who does not hold it is refused (403/404)
    /// before `body` reads the request's content; entries whose labels the API reads before the store sees them are
    /// refused by their rows (422), not taken as empty.
    private func change(_ req: Request, requiring duty: GradebookDuty? = nil,
                        _ body: @escaping @Sendable (GradebookStore, GradebookActor) async throws -> some Sendable) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        return try await req.respond(refusals: Self.status) {
            let result = try await req.context.database.attempt(req.attempted, by: actor.actor) { db in
                let store = req.context.records.gradebooks(db)
                if let duty { try await store.require(duty, by: actor) }
                return try await body(store, actor)
            }
            return DTO.Done(id: result as? Int)
        }
    }

    /// Who may not (403), what is not there (404), what is malformed (422), and a step the state does not allow (409).
    static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "gradebook.not_teacher", "gradebook.not_homeroom", "gradebook.not_principal": .forbidden
        case "gradebook.unknown", "gradebook.correction_unknown": .notFound
        case "gradebook.staff", "gradebook.reason", "gradebook.semester", "gradebook.conduct", "gradebook.assessment", "gradebook.not_primary",
             "gradebook.preschool", "gradebook.regime", "summer.primary":
            .unprocessableEntity
        default: .conflict
        }
    }

    private func readableClass(_ req: Request) async throws -> DTO.SchoolClass {
        guard let schoolClass = try await req.context.registry.schoolClass(id: req.id(), in: req.reach()) else { throw Abort(.notFound) }
        return schoolClass
    }

    private func readable(classID: Int, _ req: Request) async throws -> Bool {
        try await req.context.registry.schoolClass(id: classID, in: req.reach()) != nil
    }

    private func found<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as EduError where error.code == "gradebook.unknown" {
            throw Abort(.notFound)
        }
    }
}

extension Request {
    func semester() throws -> Int {
        guard let semester = parameters.get("semester", as: Int.self), (1...2).contains(semester) else { throw Abort(.notFound) }
        return semester
    }
}

extension Request {
    /// Refuses a caller who does not hold `duty` (403, or 404 for what does not exist) before the request's content is
    /// read, auditing the refusal; the caller as the gradebook store knows them.
    func require(_ duty: GradebookDuty) async throws -> GradebookActor {
        let actor = GradebookActor(try principal(), origin: origin)
        do {
            try await context.records.gradebooks(context.database.sql).require(duty, by: actor)
        } catch let error as EduError {
            try await AuditLog(context.database.sql).append(.refused(attempted, error), by: actor.actor)
            throw Abort(GradebookRoutes.status(of: error))
        }
        return actor
    }
}
