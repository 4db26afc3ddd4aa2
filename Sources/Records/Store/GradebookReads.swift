import EduCore
import SQLKit
import Storage

extension GradebookStore {
    /// What the homeroom teacher recorded for each student of the class in a semester, by student.
    public func conduct(classID: Int, semester: Int) async throws -> [Int: ConductEntry] {
        struct Row: Decodable { let studentId: Int; let conduct: String?; let absences: Int?; let comment: String }
        return Dictionary(uniqueKeysWithValues: try await database.raw("""
            SELECT student_id, conduct, absences, comment FROM conduct_records WHERE class_id = \(bind: classID) AND semester = \(bind: semester)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                (row.studentId, ConductEntry(studentID: row.studentId, conduct: row.conduct.flatMap(Rating.init(label:)), absences: row.absences,
                                             comment: row.comment))
            })
    }

    /// The class's correction requests: every pending one, then the latest decided, newest first.
    public func corrections(classID: Int, decidedLimit: Int = 20) async throws -> [MarkCorrection] {
        func list(_ condition: SQLQueryString, limit: Int) async throws -> [MarkCorrection] {
            try await database.raw("""
                SELECT m.id, m.assignment_id, t.subject, m.semester, m.student_id, m.kind, m.position, m.old_value, m.new_value, m.reason,
                       m.requested_by, m.requested_at, m.status, m.decided_by
                FROM mark_corrections m JOIN teaching_assignments t ON t.id = m.assignment_id
                WHERE t.class_id = \(bind: classID) AND \(condition) ORDER BY m.id DESC LIMIT \(bind: limit)
                """).all(decoding: MarkCorrection.self, keyDecodingStrategy: .convertFromSnakeCase)
        }
        return try await list("m.status = 'pending'", limit: 500) + list("m.status <> 'pending'", limit: decidedLimit)
    }

    /// The class a correction request belongs to; nil when there is no such request.
    public func correctionClass(id: Int) async throws -> Int? {
        try await database.raw("""
            SELECT t.class_id AS id FROM mark_corrections m JOIN teaching_assignments t ON t.id = m.assignment_id WHERE m.id = \(bind: id)
            """).first(decoding: IDRow.self)?.id
    }
}
