import Access
import EduCore
import Records
import Registry
import Vapor

/// `/api/v1` for gradebooks (TT22): teaching assignments, marks, submission, conduct, confirmation, approval,
/// corrections, and a class's year results. Who may do what is the store's rule (`GradebookStore`); here a caller
/// must also reach the class, or teach the subject. Refusals: 403 (not the teacher, homeroom teacher or principal),
/// 409 (the gradebook or semester is not in the state the step needs), 422 (bad entries, each with its row).
struct GradebookRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped("api", "v1").grouped(RequirePrincipal())
        api.post("classes", ":id", "gradebooks", use: assign)
        api.get("classes", ":id", "gradebooks") { req in try await assignments(req) }
        api.get("gradebooks", ":id", "semesters", ":semester", use: sheet)
        api.put("gradebooks", ":id", "semesters", ":semester", "marks") { req in
            let entries = try req.content.decode(DTO.MarkEntries.self).entries.map(\.entry)
            return try await change(req) { store, actor in
                try await store.enter(entries, assignmentID: req.id(), semester: req.semester(), by: actor)
            }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "submit") { req in
            try await change(req) { store, actor in try await store.submit(assignmentID: req.id(), semester: req.semester(), by: actor) }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "corrections") { req in
            let body = try req.content.decode(DTO.CorrectionRequest.self)
            return try await change(req) { store, actor in
                try await store.requestCorrection(body.entry.entry, assignmentID: req.id(), semester: req.semester(), reason: body.reason, by: actor)
            }
        }
        api.post("gradebooks", ":id", "semesters", ":semester", "reopen") { req in
            struct Body: Content { let reason: String }
            let reason = try req.content.decode(Body.self).reason
            return try await change(req) { store, actor in
                try await store.reopen(assignmentID: req.id(), semester: req.semester(), reason: reason, by: actor)
            }
        }
        api.post("corrections", ":id", "decision") { req in
            let approve = try req.content.decode(DTO.CorrectionDecision.self).approve
            return try await change(req) { store, actor in try await store.decideCorrection(id: req.id(), approve: approve, by: actor) }
        }
        api.put("classes", ":id", "semesters", ":semester", "conduct") { req in
            let entries: [ConductEntry]
            do {
                entries = try req.content.decode(DTO.ConductEntries.self).converted()
            } catch let rejected as InputRejected {
                return try await DTO.Rejected(problems: rejected.problems).encodeResponse(status: .unprocessableEntity, for: req)
            }
            return try await change(req) { store, actor in
                try await store.recordConduct(entries, classID: req.id(), semester: req.semester(), by: actor)
            }
        }
        api.post("classes", ":id", "semesters", ":semester", "confirm") { req in
            try await change(req) { store, actor in try await store.confirm(classID: req.id(), semester: req.semester(), by: actor) }
        }
        api.post("classes", ":id", "semesters", ":semester", "approve") { req in
            try await change(req) { store, actor in try await store.approve(classID: req.id(), semester: req.semester(), by: actor) }
        }
        api.get("classes", ":id", "year-results", use: yearResults)
    }

    /// A school administrator or the principal assigns a subject of a class they may write to.
    func assign(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let principal = try req.principal()
        let schoolClass = try await readableClass(req)
        guard principal.grants.contains(where: { [.schoolAdmin, .principal].contains($0.role) }),
              try await req.reach().canWrite(school: schoolClass.schoolId) else { throw Abort(.forbidden) }
        let body = try req.content.decode(DTO.AssignmentRequest.self)
        return try await req.respond(status: .created, refusals: Self.status) {
            try await req.context.database.transaction { db in
                try await GradebookStore(db).assign(classID: schoolClass.id, subject: body.subject, staffID: body.staffID,
                                                    assessment: body.assessment, lessonsPerYear: body.lessonsPerYear, by: req.actor())
            }
        }
    }

    func assignments(_ req: Request) async throws -> [TeachingAssignment] {
        let schoolClass = try await readableClass(req)
        return try await GradebookStore(req.context.database.sql).assignments(classID: schoolClass.id)
    }

    /// The marks of one subject of a class for a semester: for its teacher, and for whoever reaches the class.
    func sheet(req: Request) async throws -> DTO.GradebookSheet {
        let store = GradebookStore(req.context.database.sql)
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

    /// The class's TT22 results as they stand; each student's is a read of a child's record, so each is audited.
    /// No ranking, no class average: TT15/2026 asks that students are not compared.
    func yearResults(req: Request) async throws -> [DTO.YearResult] {
        let schoolClass = try await readableClass(req)
        let (students, lessons) = try await GradebookStore(req.context.database.sql).studentYears(classID: schoolClass.id)
        let rules = TT22Rules()
        let actor = try req.actor()
        try await req.context.database.transaction { db in
            for student in students {
                try await AuditLog(db).append(AuditEvent(action: "read", entity: "year_results", entityID: student.studentID), by: actor)
            }
        }
        return students.map { DTO.YearResult(rules.results(of: $0, lessonsPerYear: lessons)) }
    }

    // MARK: Helpers

    private func change(_ req: Request, _ body: @escaping @Sendable (GradebookStore, GradebookActor) async throws -> some Sendable) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        return try await req.respond(refusals: Self.status) {
            let result = try await req.context.database.transaction { db in try await body(GradebookStore(db), actor) }
            return DTO.Done(id: result as? Int)
        }
    }

    /// Who may not (403), what is not there (404), what is malformed (422), and a step the state does not allow (409).
    static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "gradebook.not_teacher", "gradebook.not_homeroom", "gradebook.not_principal": .forbidden
        case "gradebook.unknown", "gradebook.correction_unknown": .notFound
        case "gradebook.staff", "gradebook.reason", "gradebook.semester", "gradebook.conduct": .unprocessableEntity
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
