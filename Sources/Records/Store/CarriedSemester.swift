import EduCore
import Foundation
import SQLKit

/// A student who changes school after semester I brings that semester's học bạ, signed by the previous school
/// (``HocBa/semesters`` 1, imported as a transfer). The receiving class continues it: semester I is what that school
/// signed — each subject's result, conduct and absences — and this school records semester II, and semester I only of a
/// subject that school did not teach.
extension GradebookStore {
    /// The students of a lower or upper secondary class whose semester I of the class's school year came with them, with
    /// that học bạ (the latest imported, should there be two).
    func carriedFirstSemesters(classID: Int) async throws -> [Int: HocBa] {
        struct Row: Decodable { let studentId: Int; let document: String }
        var carried: [Int: HocBa] = [:]
        for row in try await database.raw("""
            SELECT t.student_id, t.document FROM transferred_hoc_ba t JOIN enrolments e ON e.student_id = t.student_id
            JOIN classes c ON c.id = e.class_id
            WHERE e.class_id = \(bind: classID) AND t.school_year = c.school_year AND c.grade >= 6 ORDER BY t.id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            let document = try JSONDecoder().decode(HocBa.self, from: Data(row.document.utf8))
            if document.semesters == 1, document.primary == nil { carried[row.studentId] = document }
        }
        return carried
    }

    /// The students whose `semester` of `subject` (nil: conduct and absences) this school does not assess: semester I of
    /// those it came with, for what the other school's record holds. A subject that school did not teach is entered here.
    func carriedStudents(classID: Int, semester: Int, subject: String?) async throws -> Set<Int> {
        guard semester == 1 else { return [] }
        let carried = try await carriedFirstSemesters(classID: classID)
        return Set(carried.filter { _, document in
            guard let subject else { return true }
            return document.firstSemesterResult(of: subject) != nil
        }.keys)
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
        let problems = students.enumerated().compactMap { index, student in student.map { (index, $0) } }
            .filter { carried.contains($0.1) }.map { index, student in
            RowProblem(row: index + 1, column: "student_id", value: String(student),
                       vi: "Học kì I của học sinh này do trường cũ đánh giá (học bạ chuyển đến): không nhập lại",
                       en: "This student's semester I was assessed by the previous school (a transferred học bạ): it is not entered again")
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
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

extension HocBa {
    /// A subject's semester I result, the subject matched by name in any case or Unicode form; nil when it has none.
    func firstSemesterResult(of subject: String) -> String? {
        let wanted = subject.nfc.lowercased()
        return subjects.first { $0.name.nfc.lowercased() == wanted }?.firstSemester
    }
}
