import Access
import EduCore
import SQLKit
import Storage

/// A whole DEMO school year for one class, so học bạ can be made and signed on a fresh machine: eight scored
/// subjects and two comment subjects taught by the homeroom teacher, seeded marks for both semesters, conduct and
/// absences, every gradebook submitted, confirmed by the homeroom teacher and approved by the principal.
public enum DemoYear {
    static let scored: [(String, Int)] = [("Toán", 105), ("Ngữ văn", 105), ("Tiếng Anh", 105), ("Lịch sử", 52), ("Địa lí", 70),
                                          ("Vật lí", 70), ("Hoá học", 70), ("Sinh học", 70)]
    static let comment = ["Giáo dục thể chất", "Hoạt động trải nghiệm, hướng nghiệp"]

    /// Run it in a transaction. `demo.class` when the class has no homeroom teacher.
    public static func fill(classID: Int, seed: UInt64 = 1, _ db: any SQLDatabase) async throws {
        struct Row: Decodable { let schoolId: Int; let homeroomStaffId: Int? }
        guard let row = try await db.raw("SELECT school_id, homeroom_staff_id FROM classes WHERE id = \(bind: classID)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase), let teacher = row.homeroomStaffId
        else { throw EduError("demo.class", vi: "Lớp không có hoặc chưa có giáo viên chủ nhiệm", en: "No such class, or it has no homeroom teacher") }
        let actor = Actor(name: "demo", origin: "command-line")
        let homeroom = GradebookActor(staffIDs: [teacher], actor: actor)
        let principal = GradebookActor(principalOf: [row.schoolId], actor: actor)
        let store = GradebookStore(db)
        let students = try await db.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
            .all(decoding: IDRow.self).map(\.id)
        var random = SeededRandom(seed: seed &+ UInt64(classID))
        func mark() -> String { Mark(tenths: Int.random(in: 50...100, using: &random)).description }
        var assignments: [(TeachingAssignment, Int?)] = []
        for (subject, lessons) in scored {
            assignments.append((try await store.assign(classID: classID, subject: subject, staffID: teacher, assessment: .scored,
                                                       lessonsPerYear: lessons, by: actor), lessons))
        }
        for subject in comment {
            assignments.append((try await store.assign(classID: classID, subject: subject, staffID: teacher, assessment: .comment, by: actor), nil))
        }
        let rules = TT22Rules()
        for semester in 1...2 {
            for (assignment, lessons) in assignments {
                let entries: [MarkEntry] = students.flatMap { student -> [MarkEntry] in
                    if assignment.assessment == .comment { return [MarkEntry(studentID: student, kind: .comment, value: "Đ")] }
                    return (1...rules.regularMarksRequired(lessonsPerYear: lessons)).map {
                        MarkEntry(studentID: student, kind: .regular, position: $0, value: mark())
                    } + [MarkEntry(studentID: student, kind: .midterm, value: mark()), MarkEntry(studentID: student, kind: .endterm, value: mark())]
                }
                try await store.enter(entries, assignmentID: assignment.id, semester: semester, by: homeroom)
                try await store.submit(assignmentID: assignment.id, semester: semester, by: homeroom)
            }
            let conduct = students.map { student in
                ConductEntry(studentID: student, conduct: [Rating.tot, .tot, .kha].randomElement(using: &random),
                             absences: Int.random(in: 0...4, using: &random), comment: "Chăm ngoan, tích cực")
            }
            try await store.recordConduct(conduct, classID: classID, semester: semester, by: homeroom)
            try await store.confirm(classID: classID, semester: semester, by: homeroom)
            try await store.approve(classID: classID, semester: semester, by: principal)
        }
    }
}
