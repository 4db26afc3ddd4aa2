import Access
import EduCore
import Records
import Registry
import Vapor

/// A class's semester on the web (`/classes/ID/semesters/S`): where each subject's gradebook stands; the homeroom
/// teacher's conduct (a primary class: qualities and competences), absences and comments, then the confirmation; the principal's approval, which locks the
/// gradebooks; and the principal's decisions on correction requests. Whoever reaches the class reads it; the store
/// decides who may do what, so a refusal reads the same here as in the API.
struct ClassSemesterRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("classes", ":id", "semesters", ":semester", use: show)
        signedIn.post("classes", ":id", "semesters", ":semester", "conduct", use: saveConduct)
        signedIn.post("classes", ":id", "semesters", ":semester", "summer", use: saveSummer)
        signedIn.on(.POST, "classes", ":id", "semesters", ":semester", "qualities", body: .collect(maxSize: GradebookRoutes.maxBatch),
                    use: saveQualities)
        signedIn.post("classes", ":id", "semesters", ":semester", ":step", use: step)
        signedIn.post("corrections", ":id", ":decision", use: decide)
        signedIn.post("classes", ":id", "semesters", ":semester", "subjects", ":assignment", "reopen", use: reopen)
    }

    func show(req: Request) async throws -> Response {
        let page = try await page(req)
        // The page shows every student's conduct or qualities: one read entry per view, with how many.
        try await AuditLog(req.context.database.sql).append(AuditEvent(
            action: "read", entity: "class_semester", entityID: "\(page.schoolClass.id)/hk\(page.semester)", after: "\(page.students.count) students"),
            by: try req.actor())
        return try await render(req, page: page, message: req.query[String.self, at: "done"] != nil ? Bilingual(vi: "Đã lưu.", en: "Saved.") : nil)
    }

    /// The rows of the form that changed; a student whose fields were not sent keeps what is stored. An absence count
    /// that is not a whole number or an unknown rating is named by student and nothing is stored; the page then keeps
    /// what was typed.
    func saveConduct(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        try req.checkCSRF(form["csrf"])
        let page = try await page(req)
        let t = req.localizer
        var entries: [ConductEntry] = [], problems: [RowProblem] = []
        for (index, student) in page.students.enumerated() {
            let keys = ["conduct_\(student.id)", "absences_\(student.id)", "comment_\(student.id)"]
            guard keys.contains(where: { form[$0] != nil }) else { continue }
            let stored = page.conduct[student.id]
            let typedRating = form[keys[0]].map { $0.trimmingCharacters(in: .whitespaces) }
            // A primary class gives no conduct rating (TT27): whatever was stored before goes.
            let conduct = page.primary ? nil : typedRating.map { $0.isEmpty ? nil : Rating(label: $0) } ?? stored?.conduct
            if let typedRating, !typedRating.isEmpty, Rating(label: typedRating) == nil {
                problems.append(RowProblem(row: index + 1, column: "\(student.fullName) · \(t("Rèn luyện", "Conduct"))", value: typedRating,
                                           vi: "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", en: "Conduct is Tốt, Khá, Đạt or Chưa đạt"))
            }
            let typedAbsences = form[keys[1]].map { $0.trimmingCharacters(in: .whitespaces) }
            let absences = typedAbsences.map { $0.isEmpty ? nil : Int($0) } ?? stored?.absences
            if let typedAbsences, !typedAbsences.isEmpty, (Int(typedAbsences) ?? -1) < 0 {
                problems.append(RowProblem(row: index + 1, column: "\(student.fullName) · \(t("Số buổi nghỉ", "Absences"))", value: typedAbsences,
                                           vi: "Số buổi nghỉ là số nguyên không âm", en: "Absences are a whole number, not negative"))
            }
            let comment = form[keys[2]].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? stored?.comment ?? ""
            let entry = ConductEntry(studentID: student.id, conduct: conduct, absences: absences, comment: comment)
            if entry != stored { entries.append(entry) }
        }
        guard problems.isEmpty else { return try await render(req, page: page.keeping(form), problems: problems, status: .unprocessableEntity) }
        let (changed, classID, semester) = (entries, page.schoolClass.id, page.semester)
        return try await perform(req, page: page.keeping(form)) { try await $0.recordConduct(changed, classID: classID, semester: semester, by: $1) }
    }

    /// One point's qualities and competences (`kind` gk or ck) for the students whose fields were sent: only changed
    /// cells are written (an emptied one clears it); a value that is not a level is named by student and item, and
    /// nothing is stored.
    func saveQualities(req: Request) async throws -> Response {
        var page = try await page(req)
        _ = try await req.require(.homeroomTeacher(classID: page.schoolClass.id))
        let form = try req.content.decode([String: String].self)
        try req.checkCSRF(form["csrf"])
        guard let kind = form["kind"].flatMap(MarkKind.init(rawValue:)), kind == .midterm || kind == .endterm else { throw Abort(.badRequest) }
        guard page.primary else { throw Abort(.notFound) }
        page.qualityKind = kind
        let point = page.qualityPoint
        var entries: [QualityEntry] = [], problems: [RowProblem] = []
        for (index, student) in page.students.enumerated() {
            for (position, item) in page.qualityItems.enumerated() {
                guard let typed = form[ClassSemesterPage.qualityField(student: student.id, item: position)]?.trimmingCharacters(in: .whitespaces)
                else { continue }
                let level = QualityLevel(label: typed)
                if !typed.isEmpty, level == nil {
                    problems.append(RowProblem(row: index + 1, column: "\(student.fullName) · \(item)", value: typed,
                                               vi: TT27Rules.qualityRule.vi, en: TT27Rules.qualityRule.en))
                }
                if level != page.qualities[student.id]?[item]?[point] {
                    entries.append(QualityEntry(studentID: student.id, item: item, kind: kind, level: level))
                }
            }
        }
        guard problems.isEmpty else { return try await render(req, page: page.keeping(form), problems: problems, status: .unprocessableEntity) }
        let (changed, classID, semester) = (entries, page.schoolClass.id, page.semester)
        return try await perform(req, page: page.keeping(form), query: "&diem=\(kind.rawValue)") {
            try await $0.recordQualities(changed, classID: classID, semester: semester, by: $1)
        }
    }

    /// The summer's results for the students whose fields were sent, only those that changed (an emptied field clears
    /// it). The store names a refused entry by its row; here by the student.
    func saveSummer(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        try req.checkCSRF(form["csrf"])
        let page = try await page(req)
        guard let summer = page.summer else { throw Abort(.notFound) }
        var entries: [SummerEntry] = []
        for row in summer.rows {
            let id = row.student.id
            for subject in row.result.retestSubjects {
                guard let typed = form[SummerSection.retestField(student: id, subject: subject)] else { continue }
                let entry = SummerEntry(studentID: id, subject: subject, value: typed)
                if entry.value != row.recorded?.retests[subject]?.description { entries.append(entry) }
            }
            if let typed = form[SummerSection.conductField(student: id)] {
                let entry = SummerEntry(studentID: id, subject: nil, value: typed)
                if entry.value != row.recorded?.conduct?.label { entries.append(entry) }
            }
        }
        let (changed, classID) = (entries, page.schoolClass.id)
        let names = entries.map { page.name(of: $0.studentID) }
        return try await perform(req, page: page.keeping(form), naming: { problem in
            guard names.indices.contains(problem.row - 1) else { return problem }
            return RowProblem(row: problem.row, column: "\(names[problem.row - 1]) · \(problem.column)", value: problem.value,
                              vi: problem.reason.vi, en: problem.reason.en)
        }) { try await $0.recordSummer(changed, classID: classID, by: $1) }
    }

    /// `confirm` (the homeroom teacher), `approve` or `approve-summer` (the principal).
    func step(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let page = try await page(req)
        let (classID, semester) = (page.schoolClass.id, page.semester)
        switch req.parameters.get("step") {
        case "confirm": return try await perform(req, page: page) { try await $0.confirm(classID: classID, semester: semester, by: $1) }
        case "approve": return try await perform(req, page: page) { try await $0.approve(classID: classID, semester: semester, by: $1) }
        case "approve-summer" where page.summer != nil:
            return try await perform(req, page: page) { try await $0.approveSummer(classID: classID, by: $1) }
        default: throw Abort(.notFound)
        }
    }

    /// The homeroom teacher or the principal gives a submitted gradebook back to its teacher, with a reason.
    func reopen(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let reason: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let page = try await page(req)
        guard let assignment = req.parameters.get("assignment", as: Int.self),
              page.subjects.contains(where: { $0.0.id == assignment }) else { throw Abort(.notFound) }
        let (semester, reason) = (page.semester, form.reason ?? "")
        return try await perform(req, page: page) { try await $0.reopen(assignmentID: assignment, semester: semester, reason: reason, by: $1) }
    }

    /// The principal approves (the mark changes) or rejects a correction request.
    func decide(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let semester: Int? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        guard let id = req.parameters.get("id", as: Int.self), let classID = try await req.context.records.gradebooks(req.context.database.sql).correctionClass(id: id),
              try await req.context.registry.schoolClass(id: classID, in: try await req.reach()) != nil else { throw Abort(.notFound) }
        let approve: Bool
        switch req.parameters.get("decision") {
        case "approve": approve = true
        case "reject": approve = false
        default: throw Abort(.notFound)
        }
        let page = try await page(req, classID: classID, semester: form.semester ?? 1)
        return try await perform(req, page: page) { try await $0.decideCorrection(id: id, approve: approve, by: $1) }
    }

    // MARK: Helpers

    /// `query`: more of the page's query for the redirect (which point's qualities to show); `naming`: how a refused
    /// row reads on the page.
    private func perform(_ req: Request, page: ClassSemesterPage, query: String = "", naming: (RowProblem) -> RowProblem = { $0 },
                         _ body: @escaping @Sendable (GradebookStore, GradebookActor) async throws -> Void) async throws -> Response {
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        do {
            try await req.context.database.attempt(req.attempted, by: actor.actor) { db in try await body(req.context.records.gradebooks(db), actor) }
        } catch let rejected as InputRejected {
            return try await render(req, page: page, problems: rejected.problems.map(naming), status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, page: page, error: error, status: GradebookRoutes.status(of: error))
        }
        return req.redirect(to: "/classes/\(page.schoolClass.id)/semesters/\(page.semester)?done=1\(query)")
    }

    private func page(_ req: Request) async throws -> ClassSemesterPage {
        guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        return try await page(req, classID: id, semester: try req.semester())
    }

    /// Whoever reaches the class; everyone else gets a 404, as for a class that does not exist.
    private func page(_ req: Request, classID: Int, semester: Int) async throws -> ClassSemesterPage {
        guard (1...2).contains(semester),
              let schoolClass = try await req.context.registry.schoolClass(id: classID, in: try await req.reach()) else { throw Abort(.notFound) }
        let store = req.context.records.gradebooks(req.context.database.sql)
        let classReach = Reach(allSchools: false, schools: [], classes: [classID], writableAll: false, writableSchools: [])
        var subjects: [(TeachingAssignment, GradebookStatus)] = []
        for assignment in try await store.assignments(classID: classID) {
            subjects.append((assignment, try await store.gradebookStatus(assignmentID: assignment.id, semester: semester)))
        }
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        let primary = GradebookStore.isPrimary(grade: schoolClass.grade)
        let students = try await req.context.registry.students(classID: classID, in: classReach, limit: 200)
        let status = try await store.classStatus(classID: classID, semester: semester)
        return ClassSemesterPage(
            schoolClass: schoolClass, semester: semester, status: status, subjects: subjects, students: students,
            conduct: try await store.conduct(classID: classID, semester: semester),
            primary: primary, qualityItems: store.qualities,
            qualities: primary ? try await store.qualityLevels(classID: classID) : [:],
            qualityKind: req.query[String.self, at: "diem"] == MarkKind.endterm.rawValue ? .endterm : .midterm,
            corrections: try await store.corrections(classID: classID),
            isHomeroom: schoolClass.homeroomStaffId.map(actor.staffIDs.contains) ?? false,
            isPrincipal: actor.principalOf.contains(schoolClass.schoolId),
            summer: semester == 2 && !primary && status == .approved ? try await summer(store, classID: classID, students: students) : nil)
    }

    /// The students the year sent to summer re-tests or training, with the recorded summer counted.
    private func summer(_ store: GradebookStore, classID: Int, students: [RegistryStore.StudentSummary]) async throws -> SummerSection {
        let results = try await store.yearResults(classID: classID, summer: true)
        let recorded = try await store.summerResults(classID: classID)
        return SummerSection(rows: students.compactMap { student in
            guard let result = results[student.id], result.outcome == .retest || result.outcome == .summerTraining else { return nil }
            return SummerSection.Row(student: student, result: result, recorded: recorded[student.id])
        }, approved: try await store.summerApproved(classID: classID))
    }

    private func render(_ req: Request, page: ClassSemesterPage, message: Bilingual? = nil, problems: [RowProblem] = [],
                        error: EduError? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        req.page("\(req.localizer("Lớp", "Class")) \(page.schoolClass.name) · HK\(page.semester)", status: status,
                 ClassSemesterViews.page(page, message: message, problems: problems, error: error, csrf: req.csrfToken, t: req.localizer))
    }
}

/// What the class semester page shows, and what the viewer may do there.
struct ClassSemesterPage {
    let schoolClass: RegistryStore.SchoolClass
    let semester: Int
    let status: ClassSemesterStatus
    let subjects: [(TeachingAssignment, GradebookStatus)]
    let students: [RegistryStore.StudentSummary]
    let conduct: [Int: ConductEntry]
    /// A primary class (TT27): qualities and competences instead of conduct.
    let primary: Bool
    let qualityItems: [String]
    let qualities: [Int: [String: [AssessmentPoint: QualityLevel]]]
    /// Which point's qualities the page shows: the middle (`gk`) or the end (`ck`) of the semester.
    var qualityKind: MarkKind
    let corrections: [MarkCorrection]
    let isHomeroom: Bool
    let isPrincipal: Bool
    /// After an approved HK II of a secondary class: the summer's re-tests and training.
    let summer: SummerSection?
    /// What the homeroom teacher typed, shown again when it was refused.
    var typed: [String: String] = [:]

    var qualityPoint: AssessmentPoint { AssessmentPoint(semester: semester, end: qualityKind == .endterm) }

    static func qualityField(student: Int, item: Int) -> String { "q_\(student)_\(item)" }

    func name(of student: Int) -> String { students.first { $0.id == student }?.fullName ?? String(student) }

    func keeping(_ form: [String: String]) -> ClassSemesterPage {
        var page = self
        page.typed = form
        return page
    }
}
