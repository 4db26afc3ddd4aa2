import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Gradebooks and their workflow: the subject teacher enters marks and submits; the homeroom teacher records
/// conduct and absences and confirms the class's semester; the principal approves it, which locks every gradebook
/// of that class and semester; a locked mark changes only through a correction request the principal approves.
/// Every change is audited. Run each call in a transaction: a refused call changes nothing.
public struct GradebookStore: Sendable {
    let database: any SQLDatabase
    public let rules: TT22Rules
    /// The qualities and competences every primary student is assessed on (TT27).
    public let qualities: [String]
    /// Which rule set a school year's grade is under: a year before TT22 or TT27 reached the grade has no gradebook.
    private let schedule: RegimeSchedule

    public init(_ database: any SQLDatabase, rules: TT22Rules = TT22Rules(), qualities: [String] = PrimaryQualities.standard,
                schedule: RegimeSchedule = .standard) {
        self.database = database
        self.rules = rules
        self.qualities = qualities
        self.schedule = schedule
    }

    // MARK: Teaching assignments

    /// Assigns `subject` of a class to a member of staff of the class's school (a school administrator's or the
    /// principal's task at the edge). `gradebook.staff` when the staff member works elsewhere; `gradebook.assessment`
    /// when the assessment is not of the class's rules (grades 1–5 TT27's, grades 6–12 TT22's); `gradebook.regime`
    /// when the class's school year came before those rules reached its grade (its results are historic ones).
    @discardableResult
    public func assign(classID: Int, subject: String, staffID: Int, assessment: TeachingAssignment.Assessment,
                       lessonsPerYear: Int? = nil, by actor: Actor) async throws -> TeachingAssignment {
        struct ClassYear: Decodable { let grade: Int; let schoolYear: String }
        guard let schoolClass = try await database.raw("""
            SELECT c.grade, c.school_year FROM classes c JOIN staff s ON s.school_id = c.school_id
            WHERE c.id = \(bind: classID) AND s.id = \(bind: staffID)
            """).first(decoding: ClassYear.self, keyDecodingStrategy: .convertFromSnakeCase) else {
            throw EduError("gradebook.staff", vi: "Giáo viên không thuộc trường của lớp", en: "The teacher does not work at the class's school")
        }
        let grade = schoolClass.grade
        let subject = subject.nfc.trimmingCharacters(in: .whitespaces)
        // Preschool groups are assessed by the preschool programme's own indicators, not by subjects and marks.
        guard grade > 0 else {
            throw EduError("gradebook.preschool", vi: "Lớp mầm non không có sổ theo dõi điểm theo môn học",
                           en: "Preschool classes have no subject gradebook")
        }
        let regime = schedule.regime(schoolYear: schoolClass.schoolYear, grade: grade)
        guard regime == .tt22 || regime == .tt27 else {
            let before = Self.isPrimary(grade: grade) ? AssessmentRegime.tt27 : .tt22
            throw EduError("gradebook.regime",
                           vi: "Năm học \(schoolClass.schoolYear), khối \(grade) chưa đánh giá theo \(before.label.vi): "
                               + "nhập kết quả năm đó bằng \"eduvn records historic\"",
                           en: "In \(schoolClass.schoolYear), grade \(grade) was not yet assessed under \(before.label.en): "
                               + "import that year's results with \"eduvn records historic\"")
        }
        if Self.isPrimary(grade: grade) != assessment.isPrimary {
            throw Self.assessmentRefused(grade: grade)
        }
        if assessment == .levels, TestedSubjects.standard.tests(subject, grade: grade) {
            throw EduError("gradebook.assessment", vi: "Môn \(subject) lớp \(grade) có bài kiểm tra định kì: đánh giá bằng levels_and_tests",
                           en: "\(subject) in grade \(grade) has periodic tests: assess it with levels_and_tests")
        }
        let taken = try await database.raw("""
            SELECT 1 AS n FROM teaching_assignments WHERE class_id = \(bind: classID) AND subject = \(bind: subject)
            """).first()
        guard taken == nil else {
            throw EduError("gradebook.duplicate", vi: "Lớp đã có môn \(subject)", en: "The class already has \(subject)")
        }
        let id = try await database.raw("""
            INSERT INTO teaching_assignments (class_id, subject, staff_id, assessment, lessons_per_year, created_at)
            VALUES (\(bind: classID), \(bind: subject), \(bind: staffID), \(bind: assessment.rawValue), \(bind: lessonsPerYear), \(bind: Timestamp.now))
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "assign", entity: "teaching_assignment", entityID: String(id),
                                                       after: "\(classID)/\(subject)/staff \(staffID)"), by: actor)
        return TeachingAssignment(id: id, classID: classID, subject: subject, staffID: staffID, assessment: assessment,
                                  lessonsPerYear: lessonsPerYear)
    }

    public func assignments(classID: Int) async throws -> [TeachingAssignment] {
        try await database.raw("""
            SELECT id, class_id, subject, staff_id, assessment, lessons_per_year FROM teaching_assignments
            WHERE class_id = \(bind: classID) ORDER BY id
            """).all(decoding: TeachingAssignment.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func assignment(id: Int) async throws -> TeachingAssignment {
        guard let found = try await database.raw("""
            SELECT id, class_id, subject, staff_id, assessment, lessons_per_year FROM teaching_assignments WHERE id = \(bind: id)
            """).first(decoding: TeachingAssignment.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw EduError.unknownAssignment }
        return found
    }

    // MARK: The subject teacher

    /// Enters or clears marks; all or none. Refused unless `by` teaches the subject and the gradebook is open;
    /// every bad entry is reported (`InputRejected`, row = the entry's place from 1): a student not in the class,
    /// a kind the subject does not take (a comment for a scored subject, a number for a comment one, a mark for a
    /// primary subject, a mid-term test below grade 4), a value that is not one of its kind (a mark out of range or
    /// with two decimals, a level other than T/H/C, a test score that is not a whole number 0–10), a position other
    /// than 1 for anything but a regular mark.
    public func enter(_ entries: [MarkEntry], assignmentID: Int, semester: Int, by actor: GradebookActor) async throws {
        try await require(.subjectTeacher(assignmentID: assignmentID), by: actor)
        let assignment = try await assignment(id: assignmentID)
        try await requireOpen(assignment, semester: semester)
        try await check(entries, of: assignment)
        try await refuseCarried(entries.map { $0.value == nil ? nil : $0.studentID }, classID: assignment.classID, semester: semester,
                                subject: assignment.subject)
        for entry in entries {
            let before = try await value(of: entry, assignmentID: assignmentID, semester: semester)
            try await write(entry, of: assignment, semester: semester)
            try await audit("enter", entry, assignmentID: assignmentID, semester: semester, before: before, by: actor.actor)
        }
    }

    /// Submits the gradebook: refused while any student of the class lacks a mark the rules need (the regular marks
    /// for the subject's lessons, the mid-term and the end-term mark, or the comment; in primary school both levels
    /// and the end-of-term test score), each named.
    public func submit(assignmentID: Int, semester: Int, by actor: GradebookActor) async throws {
        try await require(.subjectTeacher(assignmentID: assignmentID), by: actor)
        let assignment = try await assignment(id: assignmentID)
        try await requireOpen(assignment, semester: semester)
        let cells = try await cells(assignmentID: assignmentID, semester: semester)
        let carried = try await carriedStudents(classID: assignment.classID, semester: semester, subject: assignment.subject)
        var problems: [RowProblem] = []
        for (row, student) in try await studentIDs(classID: assignment.classID).enumerated() where !carried.contains(student) {
            for missing in missingKinds(cells[student] ?? [:], of: assignment) {
                problems.append(RowProblem(row: row + 1, column: missing.rawValue, value: String(student),
                                           vi: "Học sinh chưa có đủ điểm \(missing.rawValue)", en: "The student lacks \(missing.rawValue) marks"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        try await setStatus(.submitted, assignmentID: assignmentID, semester: semester, by: actor.actor)
    }

    /// Gives a submitted gradebook back to its teacher (a mark to fix before the class is confirmed): the class's
    /// homeroom teacher or the school's principal, with a reason, while the class's semester is still open. Audited.
    public func reopen(assignmentID: Int, semester: Int, reason: String, by actor: GradebookActor) async throws {
        try Self.requireSemester(semester)
        try await require(.homeroomTeacherOrPrincipal(assignmentID: assignmentID), by: actor)
        let assignment = try await assignment(id: assignmentID)
        let reason = reason.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw EduError("gradebook.reason", vi: "Cần nêu lý do trả lại", en: "Giving a gradebook back needs a reason") }
        guard try await gradebookStatus(assignmentID: assignmentID, semester: semester) == .submitted else {
            throw EduError.semesterNotReady(Bilingual(vi: "sổ điểm không ở trạng thái đã nộp", en: "the gradebook is not submitted"))
        }
        try await requireOpenClassSemester(classID: assignment.classID, semester: semester)
        try await setStatus(.open, assignmentID: assignmentID, semester: semester, by: actor.actor)
        try await AuditLog(database).append(AuditEvent(action: "reopen_reason", entity: "gradebook", entityID: "\(assignmentID)/hk\(semester)",
                                                       after: reason), by: actor.actor)
    }

    // MARK: The homeroom teacher

    /// Records conduct, absences and comments for the semester; refused unless `by` is the class's homeroom teacher
    /// and the semester is still open.
    public func recordConduct(_ entries: [ConductEntry], classID: Int, semester: Int, by actor: GradebookActor) async throws {
        try Self.requireSemester(semester)
        try await require(.homeroomTeacher(classID: classID), by: actor)
        try await requireOpenClassSemester(classID: classID, semester: semester)
        let enrolled = Set(try await studentIDs(classID: classID))
        let primary = Self.isPrimary(grade: try await grade(classID: classID))
        var problems: [RowProblem] = []
        for (index, entry) in entries.enumerated() {
            if !enrolled.contains(entry.studentID) {
                problems.append(.notInClass(row: index + 1, entry.studentID))
            }
            if primary, let conduct = entry.conduct {
                problems.append(RowProblem(row: index + 1, column: "conduct", value: conduct.label,
                                           vi: "Tiểu học không xếp loại rèn luyện: ghi phẩm chất, năng lực (Thông tư 27)",
                                           en: "Primary school gives no conduct rating: record qualities and competences (TT27)"))
            }
            if let absences = entry.absences, absences < 0 {
                problems.append(RowProblem(row: index + 1, column: "absences", value: String(absences),
                                           vi: "Số buổi nghỉ không được âm", en: "Absences cannot be negative"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        try await refuseCarried(entries.map { $0.isEmpty ? nil : $0.studentID }, classID: classID, semester: semester, subject: nil)
        let carried = try await carriedStudents(classID: classID, semester: semester, subject: nil)
        for entry in entries where !carried.contains(entry.studentID) {
            try await database.raw("""
                INSERT INTO conduct_records (class_id, semester, student_id, conduct, absences, comment)
                VALUES (\(bind: classID), \(bind: semester), \(bind: entry.studentID), \(bind: entry.conduct?.label), \(bind: entry.absences),
                        \(bind: entry.comment.nfc))
                ON CONFLICT (class_id, semester, student_id) DO UPDATE SET conduct = excluded.conduct, absences = excluded.absences,
                    comment = excluded.comment
                """).run()
            try await AuditLog(database).append(AuditEvent(
                action: "conduct", entity: "student", entityID: String(entry.studentID),
                after: "class \(classID) hk\(semester): \(entry.conduct?.label ?? "-"), \(entry.absences.map(String.init) ?? "-")"), by: actor.actor)
        }
    }

    /// Confirms the class's semester: every subject's gradebook submitted, and every student's conduct and absences
    /// recorded (TT22) or every quality and competence at the middle and the end of the semester (TT27).
    public func confirm(classID: Int, semester: Int, by actor: GradebookActor) async throws {
        try Self.requireSemester(semester)
        try await require(.homeroomTeacher(classID: classID), by: actor)
        try await requireOpenClassSemester(classID: classID, semester: semester)
        for assignment in try await assignments(classID: classID)
        where try await gradebookStatus(assignmentID: assignment.id, semester: semester) != .submitted {
            throw EduError.semesterNotReady(Bilingual(vi: "môn \(assignment.subject) chưa nộp điểm",
                                                      en: "\(assignment.subject) has not been submitted"))
        }
        let primary = Self.isPrimary(grade: try await grade(classID: classID))
        let missing = primary
            ? try await studentsLackingQualities(classID: classID, semester: semester)
            : try await studentsLackingConduct(classID: classID, semester: semester)
        guard missing == 0 else {
            throw EduError.semesterNotReady(primary
                ? Bilingual(vi: "\(missing) học sinh chưa đủ phẩm chất, năng lực giữa kì và cuối kì",
                            en: "\(missing) students lack qualities and competences at mid-term or end of term")
                : Bilingual(vi: "\(missing) học sinh chưa có rèn luyện hoặc số buổi nghỉ", en: "\(missing) students lack conduct or absences"))
        }
        try await setClassStatus(.confirmed, classID: classID, semester: semester, by: actor.actor)
    }

    // MARK: The principal

    /// Approves a confirmed semester and locks every gradebook of the class for it.
    public func approve(classID: Int, semester: Int, by actor: GradebookActor) async throws {
        try Self.requireSemester(semester)
        try await require(.principal(classID: classID), by: actor)
        guard try await classStatus(classID: classID, semester: semester) == .confirmed else {
            throw EduError.semesterNotReady(Bilingual(vi: "giáo viên chủ nhiệm chưa xác nhận học kì",
                                                      en: "the homeroom teacher has not confirmed the semester"))
        }
        for assignment in try await assignments(classID: classID) {
            try await setStatus(.locked, assignmentID: assignment.id, semester: semester, by: actor.actor)
        }
        try await setClassStatus(.approved, classID: classID, semester: semester, by: actor.actor)
    }

    /// Asks to change a locked mark: who, the old and new value, why. The subject's teacher or the homeroom teacher
    /// asks; the principal decides (``decideCorrection(id:approve:by:)``). Answers the request's id.
    public func requestCorrection(_ entry: MarkEntry, assignmentID: Int, semester: Int, reason: String,
                                  by actor: GradebookActor) async throws -> Int {
        try await require(.subjectOrHomeroomTeacher(assignmentID: assignmentID), by: actor)
        let assignment = try await assignment(id: assignmentID)
        guard try await gradebookStatus(assignmentID: assignmentID, semester: semester) == .locked else {
            throw EduError("gradebook.not_locked", vi: "Sổ điểm chưa khoá: sửa trực tiếp", en: "The gradebook is not locked: edit it directly")
        }
        let reason = reason.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw EduError("gradebook.reason", vi: "Cần nêu lý do điều chỉnh", en: "A correction needs a reason")
        }
        try await check([entry], of: assignment)
        try await refuseCarried([entry.studentID], classID: assignment.classID, semester: semester, subject: assignment.subject)
        let old = try await value(of: entry, assignmentID: assignmentID, semester: semester)
        let id = try await database.raw("""
            INSERT INTO mark_corrections (assignment_id, semester, student_id, kind, position, old_value, new_value, reason,
                                          requested_by, requested_at, status)
            VALUES (\(bind: assignmentID), \(bind: semester), \(bind: entry.studentID), \(bind: entry.kind.rawValue), \(bind: entry.position),
                    \(bind: old), \(bind: entry.value), \(bind: reason), \(bind: actor.actor.name), \(bind: Timestamp.now), 'pending')
            RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "request_correction", entity: "mark_correction", entityID: String(id),
                                                       before: old, after: "\(entry.value ?? "-") (\(reason))"), by: actor.actor)
        return id
    }

    /// Approves (the mark changes) or rejects a pending correction request of the principal's school.
    public func decideCorrection(id: Int, approve: Bool, by actor: GradebookActor) async throws {
        struct Row: Decodable { let assignmentId: Int; let semester: Int; let studentId: Int; let kind: String; let position: Int; let newValue: String? }
        guard let row = try await database.raw("""
            SELECT assignment_id, semester, student_id, kind, position, new_value FROM mark_corrections
            WHERE id = \(bind: id) AND status = 'pending'
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase),
            let kind = MarkKind(rawValue: row.kind)
        else { throw EduError.unknownCorrection }
        try await require(.correctionDecider(correctionID: id), by: actor)
        let assignment = try await assignment(id: row.assignmentId)
        // Claimed by one conditional update, so two decisions at once (a double click, approve beside reject) cannot both count.
        guard try await database.raw("""
            UPDATE mark_corrections SET status = \(bind: approve ? "approved" : "rejected"), decided_by = \(bind: actor.actor.name),
                decided_at = \(bind: Timestamp.now) WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """).first() != nil else { throw EduError.unknownCorrection }
        let entry = MarkEntry(studentID: row.studentId, kind: kind, position: row.position, value: row.newValue)
        if approve {
            let before = try await value(of: entry, assignmentID: row.assignmentId, semester: row.semester)
            try await write(entry, of: assignment, semester: row.semester)
            try await audit("correct", entry, assignmentID: row.assignmentId, semester: row.semester, before: before, by: actor.actor)
            try await reopenSummer(classID: assignment.classID, by: actor.actor)
        }
        try await AuditLog(database).append(AuditEvent(action: approve ? "approve_correction" : "reject_correction",
                                                       entity: "mark_correction", entityID: String(id)), by: actor.actor)
    }

    // MARK: Reading

    public func gradebookStatus(assignmentID: Int, semester: Int) async throws -> GradebookStatus {
        try await database.raw("SELECT status FROM gradebooks WHERE assignment_id = \(bind: assignmentID) AND semester = \(bind: semester)")
            .first().flatMap { GradebookStatus(rawValue: try $0.decode(column: "status", as: String.self)) } ?? .open
    }

    public func classStatus(classID: Int, semester: Int) async throws -> ClassSemesterStatus {
        try await database.raw("SELECT status FROM class_semesters WHERE class_id = \(bind: classID) AND semester = \(bind: semester)")
            .first().flatMap { ClassSemesterStatus(rawValue: try $0.decode(column: "status", as: String.self)) } ?? .open
    }

    /// The class's year as the rules take it, one ``StudentYear`` per enrolled student (keyed by the student's id),
    /// with the lessons per year of each subject. Absences are the sum of both semesters, unknown while either is. The
    /// summer's results count once the principal approved them (with `unapprovedSummer`, before too).
    public func studentYears(classID: Int, unapprovedSummer: Bool = false) async throws
        -> (students: [StudentYear], lessonsPerYear: [String: Int]) {
        let assignments = try await assignments(classID: classID)
        var years = Dictionary(uniqueKeysWithValues: try await studentIDs(classID: classID).map { ($0, StudentYear(studentID: String($0))) })
        for assignment in assignments {
            for semester in 1...2 {
                let marks = try await semesterMarks(assignmentID: assignment.id, semester: semester)
                for id in years.keys {
                    if years[id]!.subjects.last?.name != assignment.subject {
                        years[id]!.subjects.append(StudentYear.Subject(name: assignment.subject))
                    }
                    years[id]!.subjects[years[id]!.subjects.count - 1].semesters[semester - 1] = marks[id] ?? SemesterMarks()
                }
            }
        }
        struct Conduct: Decodable { let studentId: Int; let semester: Int; let conduct: String?; let absences: Int? }
        var absences: [Int: [Int?]] = [:]
        for row in try await database.raw("""
            SELECT student_id, semester, conduct, absences FROM conduct_records WHERE class_id = \(bind: classID)
            """).all(decoding: Conduct.self, keyDecodingStrategy: .convertFromSnakeCase) where years[row.studentId] != nil {
            years[row.studentId]!.conduct[row.semester - 1] = row.conduct.flatMap(Rating.init(label:))
            absences[row.studentId, default: [nil, nil]][row.semester - 1] = row.absences
        }
        for (id, document) in try await carriedFirstSemesters(classID: classID) where years[id] != nil {
            years[id]!.carry(firstSemester: document)
            absences[id, default: [nil, nil]][0] = document.absences
        }
        for (id, counts) in absences {
            years[id]!.absences = counts[0].flatMap { first in counts[1].map { first + $0 } }
        }
        let summerCounts = try await summerApproved(classID: classID)
        if unapprovedSummer || summerCounts {
            // Every student: the rules decide whom the year sent to summer, and one with nothing recorded is decided too.
            let recorded = try await summerResults(classID: classID)
            for id in years.keys { years[id]!.summer = recorded[id] ?? SummerResults() }
        }
        let lessons = Dictionary(assignments.compactMap { assignment in assignment.lessonsPerYear.map { (assignment.subject, $0) } },
                                 uniquingKeysWith: { first, _ in first })
        return (years.keys.sorted().map { years[$0]! }, lessons)
    }

    /// One student's year as the student and their guardians see it: only the semesters the principal approved (work in
    /// progress stays with the school; the year follows once both are), and nothing of classmates. Nil: not in the class.
    public func ownYear(studentID: Int, classID: Int) async throws -> OwnYear? {
        let (students, lessons) = try await studentYears(classID: classID)
        guard var year = students.first(where: { $0.studentID == String(studentID) }) else { return nil }
        let approved = [try await classStatus(classID: classID, semester: 1) == .approved,
                        try await classStatus(classID: classID, semester: 2) == .approved]
        for semester in 0..<2 where !approved[semester] {
            for index in year.subjects.indices {
                year.subjects[index].semesters[semester] = SemesterMarks()
                year.subjects[index].given[semester] = nil
            }
            year.conduct[semester] = nil
            year.absences = nil
        }
        return OwnYear(year: year, result: rules.results(of: year, lessonsPerYear: lessons), approved: approved)
    }

    // MARK: Helpers

    private func studentsLackingConduct(classID: Int, semester: Int) async throws -> Int {
        let recorded = try await database.raw("""
            SELECT student_id AS id FROM conduct_records
            WHERE class_id = \(bind: classID) AND semester = \(bind: semester) AND conduct IS NOT NULL AND absences IS NOT NULL
            """).all(decoding: IDRow.self).map(\.id)
        return Set(try await studentIDs(classID: classID)).subtracting(recorded)
            .subtracting(try await carriedStudents(classID: classID, semester: semester, subject: nil)).count
    }

    func studentIDs(classID: Int) async throws -> [Int] {
        try await database.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
            .all(decoding: IDRow.self).map(\.id)
    }

    /// Every entry checked against the class and the subject's kind of assessment; all problems at once.
    private func check(_ entries: [MarkEntry], of assignment: TeachingAssignment) async throws {
        let enrolled = Set(try await studentIDs(classID: assignment.classID))
        let assessment = assignment.assessment
        // TT27 holds mid-term tests in grades 4 and 5 only.
        let kinds = try await grade(classID: assignment.classID) < 4 ? assessment.kinds.filter { $0 != .midtermTest } : assessment.kinds
        var problems: [RowProblem] = []
        for (index, entry) in entries.enumerated() {
            let row = index + 1
            if !enrolled.contains(entry.studentID) { problems.append(.notInClass(row: row, entry.studentID)) }
            if !kinds.contains(entry.kind) {
                let reason = kindRefused(entry.kind, of: assignment, kinds: kinds)
                problems.append(RowProblem(row: row, column: "kind", value: entry.kind.rawValue, vi: reason.vi, en: reason.en))
            }
            let maximumPosition = entry.kind == .regular ? 8 : 1
            if !(1...maximumPosition).contains(entry.position) {
                problems.append(RowProblem(row: row, column: "position", value: String(entry.position),
                                           vi: "Thứ tự điểm từ 1 đến \(maximumPosition)", en: "The position is 1 to \(maximumPosition)"))
            }
            guard let value = entry.value, kinds.contains(entry.kind) else { continue }
            if assessment.stored(value, kind: entry.kind) == nil {
                let rule = assessment.valueRule(entry.kind)
                problems.append(RowProblem(row: row, column: "value", value: value, vi: rule.vi, en: rule.en))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
    }

    /// Why a subject takes no entry of `kind`, in its teacher's words.
    private func kindRefused(_ kind: MarkKind, of assignment: TeachingAssignment, kinds: [MarkKind]) -> Bilingual {
        let subject = assignment.subject
        switch assignment.assessment {
        case .scored: return Bilingual(vi: "Môn \(subject) chấm điểm số", en: "\(subject) is scored")
        case .comment: return Bilingual(vi: "Môn \(subject) đánh giá bằng nhận xét", en: "\(subject) is assessed by comment")
        case .levels, .levelsAndTests:
            if kind == .midtermTest, assignment.assessment == .levelsAndTests {
                return Bilingual(vi: "Bài kiểm tra giữa kì chỉ có ở lớp 4 và lớp 5", en: "Mid-term tests are held in grades 4 and 5 only")
            }
            let names = kinds.map(\.rawValue).joined(separator: ", ")
            return Bilingual(vi: "Môn \(subject) đánh giá bằng mức đạt được: nhận \(names)", en: "\(subject) is assessed by levels: it takes \(names)")
        }
    }

    /// Marks are stored as the rules read them back: "7.5", "Đ", "CĐ", "T", "8".
    private func write(_ entry: MarkEntry, of assignment: TeachingAssignment, semester: Int) async throws {
        let assignmentID = assignment.id
        try await database.raw("""
            INSERT INTO gradebooks (assignment_id, semester, status, updated_at)
            VALUES (\(bind: assignmentID), \(bind: semester), 'open', \(bind: Timestamp.now)) ON CONFLICT (assignment_id, semester) DO NOTHING
            """).run()
        guard let value = entry.value else {
            try await database.raw("""
                DELETE FROM gradebook_marks WHERE assignment_id = \(bind: assignmentID) AND semester = \(bind: semester)
                    AND student_id = \(bind: entry.studentID) AND kind = \(bind: entry.kind.rawValue) AND position = \(bind: entry.position)
                """).run()
            return
        }
        // `check` has refused anything that is not a value of its kind.
        let stored = entry.storedValue(for: assignment.assessment) ?? value
        try await database.raw("""
            INSERT INTO gradebook_marks (assignment_id, semester, student_id, kind, position, value)
            VALUES (\(bind: assignmentID), \(bind: semester), \(bind: entry.studentID), \(bind: entry.kind.rawValue), \(bind: entry.position), \(bind: stored))
            ON CONFLICT (assignment_id, semester, student_id, kind, position) DO UPDATE SET value = excluded.value
            """).run()
    }

    private func value(of entry: MarkEntry, assignmentID: Int, semester: Int) async throws -> String? {
        try await database.raw("""
            SELECT value FROM gradebook_marks WHERE assignment_id = \(bind: assignmentID) AND semester = \(bind: semester)
                AND student_id = \(bind: entry.studentID) AND kind = \(bind: entry.kind.rawValue) AND position = \(bind: entry.position)
            """).first().map { try $0.decode(column: "value", as: String.self) }
    }

    private func audit(_ action: String, _ entry: MarkEntry, assignmentID: Int, semester: Int, before: String?, by actor: Actor) async throws {
        try await AuditLog(database).append(AuditEvent(
            action: action, entity: "gradebook_mark",
            entityID: "\(assignmentID)/hk\(semester)/\(entry.studentID)/\(entry.kind.rawValue)\(entry.position)",
            before: before, after: entry.value), by: actor)
    }

    /// Each student's cells as stored, by kind and position: what a grid shows (a cleared TX2 leaves TX3 where it is).
    public func cells(assignmentID: Int, semester: Int) async throws -> [Int: [MarkKind: [Int: String]]] {
        struct Row: Decodable { let studentId: Int; let kind: String; let position: Int; let value: String }
        var cells: [Int: [MarkKind: [Int: String]]] = [:]
        for row in try await database.raw("""
            SELECT student_id, kind, position, value FROM gradebook_marks WHERE assignment_id = \(bind: assignmentID) AND semester = \(bind: semester)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            guard let kind = MarkKind(rawValue: row.kind) else { continue }
            cells[row.studentId, default: [:]][kind, default: [:]][row.position] = row.value
        }
        return cells
    }

    /// Each student's marks for the semester, read back into the rules' shape.
    public func semesterMarks(assignmentID: Int, semester: Int) async throws -> [Int: SemesterMarks] {
        struct Row: Decodable { let studentId: Int; let kind: String; let value: String }
        var marks: [Int: SemesterMarks] = [:]
        for row in try await database.raw("""
            SELECT student_id, kind, value FROM gradebook_marks WHERE assignment_id = \(bind: assignmentID) AND semester = \(bind: semester)
            ORDER BY student_id, kind, position
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            var given = marks[row.studentId] ?? SemesterMarks()
            switch MarkKind(rawValue: row.kind) {
            case .regular: given.regular.append(Mark(row.value)!)
            case .midterm: given.midterm = Mark(row.value)
            case .endterm: given.endterm = Mark(row.value)
            case .comment: given.comment = CommentResult(label: row.value)
            case .midtermTest, .endtermTest, nil: continue
            }
            marks[row.studentId] = given
        }
        return marks
    }

    private func missingKinds(_ cells: [MarkKind: [Int: String]], of assignment: TeachingAssignment) -> [MarkKind] {
        assignment.assessment.requiredKinds.filter { kind in
            let given = cells[kind]?.count ?? 0
            return kind == .regular ? given < rules.regularMarksRequired(lessonsPerYear: assignment.lessonsPerYear) : given == 0
        }
    }

    /// The gradebook open, and its class's semester too: a subject assigned after the principal approved the
    /// semester takes no marks for it.
    private func requireOpen(_ assignment: TeachingAssignment, semester: Int) async throws {
        try Self.requireSemester(semester)
        switch try await gradebookStatus(assignmentID: assignment.id, semester: semester) {
        case .open: break
        case .submitted: throw EduError.gradebookSubmitted
        case .locked: throw EduError.gradebookLocked
        }
        guard try await classStatus(classID: assignment.classID, semester: semester) == .open else { throw EduError.gradebookLocked }
    }

    static func requireSemester(_ semester: Int) throws {
        guard (1...2).contains(semester) else {
            throw EduError("gradebook.semester", vi: "Học kì là 1 hoặc 2", en: "The semester is 1 or 2")
        }
    }

    /// The class's semester not yet confirmed by the homeroom teacher.
    func requireOpenClassSemester(classID: Int, semester: Int) async throws {
        guard try await classStatus(classID: classID, semester: semester) == .open else {
            throw EduError.semesterNotReady(Bilingual(vi: "học kì đã được xác nhận", en: "the semester is already confirmed"))
        }
    }

    private func setStatus(_ status: GradebookStatus, assignmentID: Int, semester: Int, by actor: Actor) async throws {
        try await record(status.rawValue, table: "gradebooks", owner: ("assignment_id", assignmentID), semester: semester,
                         entity: "gradebook", by: actor)
    }

    private func setClassStatus(_ status: ClassSemesterStatus, classID: Int, semester: Int, by actor: Actor) async throws {
        try await record(status.rawValue, table: "class_semesters", owner: ("class_id", classID), semester: semester,
                         entity: "class_semester", by: actor)
    }

    /// Sets a semester's status and audits it. `table` and the owner's column are constants of this file, never input.
    private func record(_ status: String, table: String, owner: (column: String, id: Int), semester: Int, entity: String,
                        by actor: Actor) async throws {
        try await database.raw("""
            INSERT INTO \(unsafeRaw: table) (\(unsafeRaw: owner.column), semester, status, updated_at)
            VALUES (\(bind: owner.id), \(bind: semester), \(bind: status), \(bind: Timestamp.now))
            ON CONFLICT (\(unsafeRaw: owner.column), semester) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at
            """).run()
        try await AuditLog(database).append(AuditEvent(action: status, entity: entity, entityID: "\(owner.id)/hk\(semester)"), by: actor)
    }
}

extension RowProblem {
    static func notInClass(row: Int, _ studentID: Int) -> RowProblem {
        RowProblem(row: row, column: "student_id", value: String(studentID), vi: "Học sinh không thuộc lớp này", en: "The student is not in this class")
    }
}
