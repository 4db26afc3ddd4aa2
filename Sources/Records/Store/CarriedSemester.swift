import EduCore
import Foundation
import SQLKit

/// A student who changes school after semester I brings that semester's học bạ, signed by the previous school
/// (``HocBa/semesters`` 1, imported as a transfer). The receiving class continues it: semester I is what that school
/// signed — each subject's result, conduct and absences (TT22), or each subject's levels and test scores and each
/// quality's and competence's levels at the middle and the end of the semester (TT27) — and this school records
/// semester II, and semester I only of a subject that school did not teach.
extension GradebookStore {
    /// The students of a class whose semester I of the class's school year came with them under the class's rules (a
    /// primary record for a primary class, a TT22 one otherwise), with that học bạ (the latest imported, should there be two).
    func carriedFirstSemesters(classID: Int) async throws -> [Int: HocBa] {
        struct Row: Decodable { let studentId: Int; let document: String; let grade: Int }
        var carried: [Int: HocBa] = [:]
        for row in try await database.raw("""
            SELECT t.student_id, t.document, c.grade FROM transferred_hoc_ba t JOIN enrolments e ON e.student_id = t.student_id
            JOIN classes c ON c.id = e.class_id
            WHERE e.class_id = \(bind: classID) AND t.school_year = c.school_year ORDER BY t.id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            let document = try JSONDecoder().decode(HocBa.self, from: Data(row.document.utf8))
            // The record of the same grade, under the class's rules: another grade's semester I is not this one's.
            if document.semesters == 1, document.grade == row.grade, (document.primary != nil) == Self.isPrimary(grade: row.grade) {
                carried[row.studentId] = document
            }
        }
        return carried
    }

    /// The students whose `semester` of `subject` (nil: conduct and absences) this school does not assess: semester I of
    /// those it came with, for what the other school's record holds. A subject that school did not teach is entered here.
    func carriedStudents(classID: Int, semester: Int, subject: String?) async throws -> Set<Int> {
        try await carriedStudents(classID: classID, semester: semester) { document in subject.map(document.assessesFirstSemester(of:)) ?? true }
    }

    /// The students whose semester I `quality` (a quality or competence, TT27) the other school's record holds.
    func carriedStudents(classID: Int, semester: Int, quality: String) async throws -> Set<Int> {
        try await carriedStudents(classID: classID, semester: semester) { $0.assessesFirstSemester(quality: quality) }
    }

    private func carriedStudents(classID: Int, semester: Int, where assessed: (HocBa) -> Bool) async throws -> Set<Int> {
        guard semester == 1 else { return [] }
        return Set(try await carriedFirstSemesters(classID: classID).filter { assessed($0.value) }.keys)
    }

    /// The absences the homeroom teacher recorded for one student in one semester.
    func absences(studentID: Int, classID: Int, semester: Int) async throws -> Int? {
        try await database.raw("""
            SELECT absences FROM conduct_records WHERE class_id = \(bind: classID) AND semester = \(bind: semester) AND student_id = \(bind: studentID)
            """).first().flatMap { try $0.decode(column: "absences", as: Int?.self) }
    }

    /// Entries that give a value for a semester another school assessed are refused, by entry (`students` in the
    /// entries' order, nil where an entry gives nothing: an empty row of a whole-class form).
    func refuseCarried(_ students: [Int?], classID: Int, semester: Int, subject: String?) async throws {
        let carried = try await carriedStudents(classID: classID, semester: semester, subject: subject)
        try Self.refuse(students.enumerated().compactMap { index, student in student.flatMap { carried.contains($0) ? (index, $0) : nil } })
    }

    /// Qualities and competences the other school's record holds for semester I are refused, by entry; one it does not
    /// hold (named otherwise there, or not assessed) is entered here.
    func refuseCarriedQualities(_ entries: [QualityEntry], classID: Int, semester: Int) async throws {
        var carried: [String: Set<Int>] = [:]
        for item in Set(entries.map { $0.item.nfc }) { carried[item] = try await carriedStudents(classID: classID, semester: semester, quality: item) }
        try Self.refuse(entries.enumerated().compactMap { index, entry in
            entry.level != nil && carried[entry.item.nfc]!.contains(entry.studentID) ? (index, entry.studentID) : nil
        })
    }

    /// The entries (place, student) that give a value the other school assessed.
    private static func refuse(_ entries: [(Int, Int)]) throws {
        guard !entries.isEmpty else { return }
        throw InputRejected(entries.map { index, student in
            RowProblem(row: index + 1, column: "student_id", value: String(student),
                       vi: "Học kì I của học sinh này do trường cũ đánh giá (học bạ chuyển đến): không nhập lại",
                       en: "This student's semester I was assessed by the previous school (a transferred học bạ): it is not entered again")
        })
    }
}

extension StudentYear {
    /// Semester I as the previous school's học bạ gives it: each subject's result (matched by name in any case or
    /// Unicode form; a subject that school did not teach stays without one) and conduct.
    mutating func carry(firstSemester document: HocBa) {
        for index in subjects.indices {
            subjects[index].given[0] = document.firstSemesterResult(of: subjects[index].name).flatMap(SubjectResult.init)
        }
        conduct[0] = document.conduct.first.flatMap { $0.flatMap(Rating.init(label:)) }
    }
}

extension PrimaryStudentYear {
    /// Semester I as the previous school's primary học bạ gives it: each subject's levels and test scores at the middle
    /// and the end of the semester, and each quality's and competence's (matched by name in any case or Unicode form;
    /// what that school did not assess stays empty).
    mutating func carry(firstSemester document: HocBa) {
        guard let primary = document.primary else { return }
        let firstSemester = [AssessmentPoint.midFirst, .endFirst].map(\.rawValue)
        for index in subjects.indices {
            guard let given = primary.subjects.first(where: { HocBa.sameName($0.name, subjects[index].name) }) else { continue }
            for point in firstSemester {
                subjects[index].levels[point] = given.levels[point].flatMap(SubjectLevel.init(rawValue:))
                subjects[index].tests[point] = given.tests[point]
            }
        }
        for index in qualities.indices {
            guard let given = primary.qualities.first(where: { HocBa.sameName($0.name, qualities[index].name) }) else { continue }
            for point in firstSemester { qualities[index].levels[point] = given.levels[point].flatMap(QualityLevel.init(rawValue:)) }
        }
    }
}

extension HocBa {
    /// A subject's semester I result, the subject matched by name in any case or Unicode form; nil when it has none.
    func firstSemesterResult(of subject: String) -> String? {
        subjects.first { Self.sameName($0.name, subject) }?.firstSemester
    }

    /// Whether the record assessed `subject` in semester I: a result (TT22), or a level at the middle or the end of it (TT27).
    func assessesFirstSemester(of subject: String) -> Bool {
        guard let primary else { return firstSemesterResult(of: subject) != nil }
        return primary.subjects.contains { Self.sameName($0.name, subject) && Self.inFirstSemester($0.levels) }
    }

    /// Whether the primary record gives `quality` a level at the middle or the end of semester I.
    func assessesFirstSemester(quality: String) -> Bool {
        primary?.qualities.contains { Self.sameName($0.name, quality) && Self.inFirstSemester($0.levels) } ?? false
    }

    private static func inFirstSemester(_ levels: [String?]) -> Bool {
        levels[AssessmentPoint.midFirst.rawValue] != nil || levels[AssessmentPoint.endFirst.rawValue] != nil
    }

    /// The same name whatever the case, Unicode form or spacing.
    static func sameName(_ one: String, _ other: String) -> Bool { PersonName.normalized(one).lowercased() == PersonName.normalized(other).lowercased() }
}
