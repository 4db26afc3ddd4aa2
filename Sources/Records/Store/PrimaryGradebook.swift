import Access
import EduCore
import SQLKit
import Storage

/// Primary school's gradebooks (TT27): the subjects take levels and test scores (``TeachingAssignment/Assessment``),
/// the homeroom teacher records qualities and competences instead of conduct, and the year comes out as TT27's result.
extension GradebookStore {
    /// Grades 1–5 are assessed by TT27.
    public static func isPrimary(grade: Int) -> Bool { (1...5).contains(grade) }

    static func assessmentRefused(grade: Int) -> EduError {
        isPrimary(grade: grade)
            ? EduError("gradebook.assessment", vi: "Lớp \(grade) đánh giá theo Thông tư 27: môn học nhận mức đạt được (levels, levels_and_tests)",
                       en: "Grade \(grade) is assessed by Circular 27: a subject takes levels (levels, levels_and_tests)")
            : EduError("gradebook.assessment", vi: "Lớp \(grade) đánh giá theo Thông tư 22: môn học chấm điểm hoặc nhận xét (scored, comment)",
                       en: "Grade \(grade) is assessed by Circular 22: a subject is scored or by comment (scored, comment)")
    }

    func grade(classID: Int) async throws -> Int {
        guard let row = try await database.raw("SELECT grade AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self) else {
            throw EduError("gradebook.class", vi: "Không có lớp này", en: "No such class")
        }
        return row.id
    }

    /// Records qualities and competences at the middle or the end of the semester; all or none. Refused unless `by` is
    /// the class's homeroom teacher, the class is a primary one and its semester still open; every bad entry is reported
    /// (`InputRejected`, row = the entry's place from 1): a student not in the class, an item not in the list, a kind
    /// other than `gk` or `ck`.
    public func recordQualities(_ entries: [QualityEntry], classID: Int, semester: Int, by actor: GradebookActor) async throws {
        try Self.requireSemester(semester)
        try await require(.homeroomTeacher(classID: classID), by: actor)
        guard Self.isPrimary(grade: try await grade(classID: classID)) else {
            throw EduError("gradebook.not_primary", vi: "Phẩm chất, năng lực theo Thông tư 27 chỉ ghi cho lớp tiểu học",
                           en: "Qualities and competences (Circular 27) are recorded for primary classes only")
        }
        try await requireOpenClassSemester(classID: classID, semester: semester)
        let enrolled = Set(try await studentIDs(classID: classID))
        var problems: [RowProblem] = []
        for (index, entry) in entries.enumerated() {
            let row = index + 1
            if !enrolled.contains(entry.studentID) { problems.append(.notInClass(row: row, entry.studentID)) }
            if !qualities.contains(entry.item.nfc) {
                problems.append(RowProblem(row: row, column: "item", value: entry.item,
                                           vi: "Không có trong danh sách phẩm chất, năng lực", en: "Not a quality or competence of the list"))
            }
            if entry.kind != .midterm, entry.kind != .endterm {
                problems.append(RowProblem(row: row, column: "kind", value: entry.kind.rawValue, vi: "Loại là gk hoặc ck", en: "The kind is gk or ck"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        try await refuseCarriedQualities(entries, classID: classID, semester: semester)
        for entry in entries {
            let key: SQLQueryString = """
                class_id = \(bind: classID) AND semester = \(bind: semester) AND student_id = \(bind: entry.studentID)
                AND item = \(bind: entry.item.nfc) AND kind = \(bind: entry.kind.rawValue)
                """
            let before = try await database.raw("SELECT level FROM quality_records WHERE \(key)").first()
                .map { try $0.decode(column: "level", as: String.self) }
            if let level = entry.level {
                try await database.raw("""
                    INSERT INTO quality_records (class_id, semester, student_id, item, kind, level)
                    VALUES (\(bind: classID), \(bind: semester), \(bind: entry.studentID), \(bind: entry.item.nfc), \(bind: entry.kind.rawValue),
                            \(bind: level.rawValue))
                    ON CONFLICT (class_id, semester, student_id, item, kind) DO UPDATE SET level = excluded.level
                    """).run()
            } else {
                try await database.raw("DELETE FROM quality_records WHERE \(key)").run()
            }
            try await AuditLog(database).append(AuditEvent(
                action: "qualities", entity: "student", entityID: String(entry.studentID),
                before: before.map { "class \(classID) hk\(semester) \(entry.kind.rawValue): \(entry.item.nfc) \($0)" },
                after: "class \(classID) hk\(semester) \(entry.kind.rawValue): \(entry.item.nfc) \(entry.level?.rawValue ?? "-")"), by: actor.actor)
        }
    }

    /// Each student's qualities and competences for the class, by item and ``AssessmentPoint``.
    public func qualityLevels(classID: Int) async throws -> [Int: [String: [AssessmentPoint: QualityLevel]]] {
        struct Row: Decodable { let studentId: Int; let semester: Int; let item: String; let kind: String; let level: String }
        var levels: [Int: [String: [AssessmentPoint: QualityLevel]]] = [:]
        for row in try await database.raw("""
            SELECT student_id, semester, item, kind, level FROM quality_records WHERE class_id = \(bind: classID)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            guard let level = QualityLevel(rawValue: row.level) else { continue }
            levels[row.studentId, default: [:]][row.item, default: [:]][AssessmentPoint(semester: row.semester, end: row.kind == MarkKind.endterm.rawValue)] = level
        }
        return levels
    }

    /// How many students lack a level of the list at the middle or the end of the semester.
    func studentsLackingQualities(classID: Int, semester: Int) async throws -> Int {
        let levels = try await qualityLevels(classID: classID)
        let points = [AssessmentPoint(semester: semester, end: false), AssessmentPoint(semester: semester, end: true)]
        var carried: [String: Set<Int>] = [:]
        for item in qualities { carried[item] = try await carriedStudents(classID: classID, semester: semester, quality: item) }
        return try await studentIDs(classID: classID).filter { student in
            qualities.contains { item in !carried[item]!.contains(student) && points.contains { levels[student]?[item]?[$0] == nil } }
        }.count
    }

    /// The class's year as TT27 takes it, one ``PrimaryStudentYear`` per enrolled student (keyed by the student's id):
    /// every subject's levels and test scores at the four points, every quality and competence of the list.
    public func primaryYears(classID: Int) async throws -> [PrimaryStudentYear] {
        let students = try await studentIDs(classID: classID)
        var years = Dictionary(uniqueKeysWithValues: students.map { ($0, PrimaryStudentYear(studentID: String($0))) })
        for assignment in try await assignments(classID: classID) {
            var subjects = Dictionary(uniqueKeysWithValues: students.map { ($0, PrimaryStudentYear.Subject(name: assignment.subject)) })
            for semester in 1...2 {
                for (student, cells) in try await cells(assignmentID: assignment.id, semester: semester) where subjects[student] != nil {
                    for end in [false, true] {
                        let point = AssessmentPoint(semester: semester, end: end).rawValue
                        subjects[student]!.levels[point] = cells[end ? .endterm : .midterm]?[1].flatMap(SubjectLevel.init(rawValue:))
                        subjects[student]!.tests[point] = cells[end ? .endtermTest : .midtermTest]?[1].flatMap(Int.init)
                    }
                }
            }
            for student in students { years[student]!.subjects.append(subjects[student]!) }
        }
        let levels = try await qualityLevels(classID: classID)
        for student in students {
            years[student]!.qualities = qualities.map { item in
                var quality = PrimaryStudentYear.Quality(name: item)
                for point in AssessmentPoint.allCases { quality.levels[point.rawValue] = levels[student]?[item]?[point] }
                return quality
            }
        }
        for (student, document) in try await carriedFirstSemesters(classID: classID) where years[student] != nil {
            years[student]!.carry(firstSemester: document)
        }
        return students.map { years[$0]! }
    }

    /// The year results of a primary class: every subject assessed with tests needs its end-of-year score.
    public func primaryResults(classID: Int) async throws -> [PrimaryStudentResult] {
        let results = try await primaryResult(classID: classID)
        return try await primaryYears(classID: classID).map(results)
    }

    /// One student's primary year as the student and their guardians see it: only the semesters the principal
    /// approved (the result follows once both are), nothing of classmates. Nil: not in the class.
    public func ownPrimaryYear(studentID: Int, classID: Int) async throws -> OwnPrimaryYear? {
        guard var year = try await primaryYears(classID: classID).first(where: { $0.studentID == String(studentID) }) else { return nil }
        let approved = [try await classStatus(classID: classID, semester: 1) == .approved,
                        try await classStatus(classID: classID, semester: 2) == .approved]
        for semester in 1...2 where !approved[semester - 1] {
            for point in [AssessmentPoint(semester: semester, end: false), AssessmentPoint(semester: semester, end: true)].map(\.rawValue) {
                for index in year.subjects.indices {
                    year.subjects[index].levels[point] = nil
                    year.subjects[index].tests[point] = nil
                }
                for index in year.qualities.indices { year.qualities[index].levels[point] = nil }
            }
        }
        return OwnPrimaryYear(result: try await primaryResult(classID: classID)(year), approved: approved)
    }

    /// TT27's result for a year of the class: its grade, and its subjects assessed with tests as the tested ones.
    private func primaryResult(classID: Int) async throws -> (PrimaryStudentYear) -> PrimaryStudentResult {
        let tested = TestedSubjects(names: try await assignments(classID: classID).filter { $0.assessment == .levelsAndTests }.map(\.subject))
        let (grade, qualities) = (try await grade(classID: classID), qualities)
        return { TT27Rules().results(of: $0, grade: grade, qualities: qualities, tested: tested) }
    }
}
