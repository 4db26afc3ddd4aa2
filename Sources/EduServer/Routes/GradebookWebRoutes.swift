import Access
import EduCore
import Records
import Foundation
import Registry
import Tabular
import Vapor

/// The teacher's gradebook page: one input per cell in reading order (Tab moves along a student's marks, then to the
/// next student; Enter saves), and a box to paste rows straight from a spreadsheet. Works without JavaScript.
struct GradebookWebRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("gradebooks", ":id", "semesters", ":semester", use: show)
        signedIn.post("gradebooks", ":id", "semesters", ":semester", use: save)
        signedIn.post("gradebooks", ":id", "semesters", ":semester", "submit", use: submit)
        signedIn.post("gradebooks", ":id", "semesters", ":semester", "corrections", use: requestCorrection)
        signedIn.on(.POST, "gradebooks", ":id", "semesters", ":semester", "import", body: .collect(maxSize: "5mb"), use: importFile)
        signedIn.get("gradebooks", ":id", "semesters", ":semester", "bang-diem", ":format", use: template)
        routes.get(GridScript.path.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }) { _ in
            Response(status: .ok, headers: ["Content-Type": "text/javascript; charset=utf-8"], body: .init(string: GridScript.source))
        }
    }

    func show(req: Request) async throws -> Response {
        let message = req.query[String.self, at: "saved"] != nil ? req.localizer("Đã lưu.", "Saved.")
            : req.query[String.self, at: "requested"] != nil
            ? req.localizer("Đã gửi yêu cầu điều chỉnh: chờ hiệu trưởng duyệt.", "Correction requested: waiting for the principal.") : nil
        let sheet = try await sheet(req)
        // A view of the class's marks is a read of children's records: one entry per view, with how many.
        try await AuditLog(req.context.database.sql).append(AuditEvent(
            action: "read", entity: "gradebook", entityID: "\(sheet.assignment.id)/hk\(sheet.semester)", after: "\(sheet.students.count) students"),
            by: try req.actor())
        return try await render(req, sheet: sheet, message: message)
    }

    /// Saves every cell of the form; the pasted block, when there is one, stands for the whole grid instead.
    /// Nothing is stored unless every entry is good, and the page then shows each problem by student and column.
    func save(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        try req.checkCSRF(form["csrf"])
        let sheet = try await sheet(req)
        let entries: [MarkEntry]
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        do {
            entries = try sheet.entries(form: form)
        } catch let rejected as InputRejected {
            try await AuditLog(req.context.database.sql).append(.refused(req.attempted, rejected), by: actor.actor)
            return try await render(req, sheet: sheet, problems: rejected.problems, status: .unprocessableEntity)
        }
        do {
            try await req.context.database.attempt(req.attempted, by: actor.actor) { db in
                try await req.context.records.gradebooks(db).enter(entries, assignmentID: sheet.assignment.id, semester: sheet.semester, by: actor)
            }
        } catch let rejected as InputRejected {
            // Rows here are positions in the entry list: name them by student and column instead.
            let problems = rejected.problems.map { sheet.locate($0, in: entries) }
            return try await render(req, sheet: sheet, problems: problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, sheet: sheet, error: error, status: GradebookRoutes.status(of: error))
        }
        return req.redirect(to: "/gradebooks/\(sheet.assignment.id)/semesters/\(sheet.semester)?saved=1")
    }

    func submit(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let sheet = try await sheet(req)
        let actor = GradebookActor(try req.principal(), origin: req.origin)
        do {
            try await req.context.database.attempt(req.attempted, by: actor.actor) { db in
                try await req.context.records.gradebooks(db).submit(assignmentID: sheet.assignment.id, semester: sheet.semester, by: actor)
            }
        } catch let rejected as InputRejected {
            return try await render(req, sheet: sheet, problems: rejected.problems.map { sheet.locate(student: $0) },
                                    status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, sheet: sheet, error: error, status: GradebookRoutes.status(of: error))
        }
        return req.redirect(to: "/gradebooks/\(sheet.assignment.id)/semesters/\(sheet.semester)")
    }

    /// A class's marks from a spreadsheet (the template below, filled in): all or nothing, each problem by the file's
    /// row and column; empty cells leave the stored marks alone.
    func importFile(req: Request) async throws -> Response {
        struct Upload: Content { let csrf: String?; let file: File }
        let sheet = try await sheet(req)
        // Nobody but the subject's teacher makes the server read a file for an open gradebook.
        let actor = try await req.require(.subjectTeacher(assignmentID: sheet.assignment.id))
        let form = try req.content.decode(Upload.self)
        try req.checkCSRF(form.csrf)
        guard sheet.status == .open else {
            return try await render(req, sheet: sheet, error: EduError("gradebook.submitted", vi: "Sổ điểm đã nộp hoặc đã khoá", en: "The gradebook is submitted or locked"),
                                    status: .conflict)
        }
        let codes = Dictionary(sheet.students.compactMap { student in student.studentCode.map { ($0, student.id) } }, uniquingKeysWith: { first, _ in first })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-marks-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(buffer: form.file.data).write(to: URL(fileURLWithPath: path))
        let cells: [ClassMarksFile.Cell]
        do {
            cells = try ClassMarksFile.read(path, name: form.file.filename, assessment: sheet.assignment.assessment, students: codes)
        } catch let rejected as InputRejected {
            return try await render(req, sheet: sheet, problems: rejected.problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, sheet: sheet, error: error, status: .unprocessableEntity)
        }
        guard !cells.isEmpty else {
            return try await render(req, sheet: sheet, error: EduError("gradebook.empty_file", vi: "Tệp không có điểm nào", en: "The file holds no marks"),
                                    status: .unprocessableEntity)
        }
        // The template comes filled in with what is stored: only what changed is entered (and audited).
        let changed = cells.filter { cell in
            let stored = sheet.value(student: cell.entry.studentID, GradebookSheet.Column(kind: cell.entry.kind, position: cell.entry.position))
            return stored == nil || stored != cell.entry.storedValue(for: sheet.assignment.assessment)
        }
        do {
            try await req.context.database.attempt(req.attempted, by: actor.actor) { db in
                try await req.context.records.gradebooks(db).enter(changed.map(\.entry), assignmentID: sheet.assignment.id, semester: sheet.semester, by: actor)
            }
        } catch let rejected as InputRejected {
            // The store names entries by their place in the list: name them by the file's row and column instead.
            let problems = rejected.problems.map { problem in
                changed.indices.contains(problem.row - 1)
                    ? RowProblem(row: changed[problem.row - 1].row, column: changed[problem.row - 1].column, value: problem.value, reason: problem.reason)
                    : problem
            }
            return try await render(req, sheet: sheet, problems: problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, sheet: sheet, error: error, status: GradebookRoutes.status(of: error))
        }
        return req.redirect(to: "/gradebooks/\(sheet.assignment.id)/semesters/\(sheet.semester)?saved=1")
    }

    /// `bang-diem/csv` or `bang-diem/xlsx`: the class with its student codes and the marks stored so far, to fill in.
    /// An export of a class's marks: audited.
    func template(req: Request) async throws -> Response {
        guard let format = req.parameters.get("format").flatMap(TableFormat.init(rawValue:)) else { throw Abort(.notFound) }
        let sheet = try await sheet(req)
        try await AuditLog(req.context.database.sql).append(AuditEvent(
            action: "export", entity: "gradebook", entityID: "\(sheet.assignment.id)/hk\(sheet.semester)", after: format.rawValue), by: try req.actor())
        let columns = sheet.columns
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-marks-\(UUID().uuidString).\(format.rawValue)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ClassMarksFile.writeTemplate(to: path, format: format, labels: columns.map(\.label), rows: sheet.students.map { student in
            (student.studentCode ?? "", student.fullName, columns.map { sheet.value(student: student.id, $0) ?? "" })
        })
        let type = format == .csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        let name = "bang-diem-\(sheet.assignment.id)-hk\(sheet.semester).\(format.rawValue)"
        return Response(status: .ok, headers: ["Content-Type": type, "Cache-Control": "no-store", "Content-Disposition": "attachment; filename=\"\(name)\""],
                        body: .init(data: try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// A locked mark changes only by a request the principal decides on the class's page: who, old and new value, why.
    func requestCorrection(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let student: Int; let column: String; let value: String?; let reason: String? }
        let sheet = try await sheet(req)
        let actor = try await req.require(.subjectOrHomeroomTeacher(assignmentID: sheet.assignment.id))
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        guard let column = sheet.columns.first(where: { "\($0.kind.rawValue)_\($0.position)" == form.column }) else { throw Abort(.badRequest) }
        let value = form.value?.trimmingCharacters(in: .whitespaces) ?? ""
        let entry = MarkEntry(studentID: form.student, kind: column.kind, position: column.position, value: value.isEmpty ? nil : value)
        do {
            _ = try await req.context.database.attempt(req.attempted, by: actor.actor) { db in
                try await req.context.records.gradebooks(db).requestCorrection(entry, assignmentID: sheet.assignment.id, semester: sheet.semester,
                                                               reason: form.reason ?? "", by: actor)
            }
        } catch let rejected as InputRejected {
            return try await render(req, sheet: sheet, problems: rejected.problems.map { sheet.locate($0, in: [entry]) }, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, sheet: sheet, error: error, status: GradebookRoutes.status(of: error))
        }
        return req.redirect(to: "/gradebooks/\(sheet.assignment.id)/semesters/\(sheet.semester)?requested=1")
    }

    // MARK: Helpers

    /// The subject's teacher sees the gradebook, and so does whoever reaches the class; everyone else gets a 404.
    private func sheet(_ req: Request) async throws -> GradebookSheet {
        guard let id = req.parameters.get("id", as: Int.self) else { throw Abort(.notFound) }
        let semester = try req.semester()
        let store = req.context.records.gradebooks(req.context.database.sql)
        let assignment: TeachingAssignment
        do {
            assignment = try await store.assignment(id: id)
        } catch let error as EduError where error.code == "gradebook.unknown" {
            throw Abort(.notFound)
        }
        let principal = try req.principal()
        let teaches = principal.grants.contains { $0.role == .teacher && $0.staffID == assignment.staffID }
        let reach = try await req.reach()
        if !teaches, try await req.context.registry.schoolClass(id: assignment.classID, in: reach) == nil { throw Abort(.notFound) }
        // The class's list: the teacher of a subject may read the names of the students they mark.
        let classReach = Reach(allSchools: false, schools: [], classes: [assignment.classID], writableAll: false, writableSchools: [])
        let students = try await req.context.registry.students(classID: assignment.classID, in: classReach, limit: 200)
        return GradebookSheet(assignment: assignment, semester: semester, students: students,
                              cells: try await store.cells(assignmentID: id, semester: semester),
                              status: try await store.gradebookStatus(assignmentID: id, semester: semester))
    }

    private func render(_ req: Request, sheet: GradebookSheet, message: String? = nil, problems: [RowProblem] = [], error: EduError? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        req.page("\(sheet.assignment.subject) · HK\(sheet.semester)", status: status,
                 GradebookViews.grid(sheet, message: message, problems: problems, error: error, csrf: req.csrfToken, t: req.localizer))
    }
}
