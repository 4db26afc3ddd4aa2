import Access
import EduCore
import SQLKit
import Storage

/// A whole DEMO school year for one class, so học bạ can be made and signed on a fresh machine: eight scored
/// subjects and two comment subjects taught by the homeroom teacher, seeded marks for both semesters, conduct and
/// absences, every gradebook submitted, confirmed by the homeroom teacher and approved by the principal. A primary
/// class (grades 1–5) gets TT27's instead: its grade's subjects, with tests where TT27 holds them, and its qualities
/// and competences.
public enum DemoYear {
    static let scored: [(String, Int)] = [("Toán", 105), ("Ngữ văn", 105), ("Tiếng Anh", 105), ("Lịch sử", 52), ("Địa lí", 70),
                                          ("Vật lí", 70), ("Hoá học", 70), ("Sinh học", 70)]
    static let comment = ["Giáo dục thể chất", "Hoạt động trải nghiệm, hướng nghiệp"]
    /// A primary grade's subjects of the 2018 curriculum, by the grades they are taught in.
    static let primarySubjects: [(String, ClosedRange<Int>)] = [
        ("Tiếng Việt", 1...5), ("Toán", 1...5), ("Tiếng Anh", 3...5), ("Đạo đức", 1...5), ("Tự nhiên và Xã hội", 1...3),
        ("Khoa học", 4...5), ("Lịch sử và Địa lý", 4...5), ("Tin học và Công nghệ", 3...5), ("Giáo dục thể chất", 1...5),
        ("Hoạt động trải nghiệm", 1...5),
    ]

    /// Run it in a transaction. `demo.class` when the class has no homeroom teacher. `semesters`: 1 fills and approves
    /// semester I alone. A student who came with another school's record of semester I is not assessed here for it.
    /// `settings`: the province's schedule and rules, as the server's.
    public static func fill(classID: Int, seed: UInt64 = 1, semesters: Int = 2, settings: RecordsSettings = RecordsSettings(),
                            _ db: any SQLDatabase) async throws {
        struct Row: Decodable { let schoolId: Int; let homeroomStaffId: Int?; let grade: Int }
        guard let row = try await db.raw("SELECT school_id, homeroom_staff_id, grade FROM classes WHERE id = \(bind: classID)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase), let teacher = row.homeroomStaffId
        else { throw EduError("demo.class", vi: "Lớp không có hoặc chưa có giáo viên chủ nhiệm", en: "No such class, or it has no homeroom teacher") }
        let actor = Actor(name: "demo", origin: "command-line")
        let year = Year(classID: classID, semesters: semesters, store: settings.gradebooks(db), homeroom: GradebookActor(staffIDs: [teacher], actor: actor),
                        principal: GradebookActor(principalOf: [row.schoolId], actor: actor),
                        students: try await db.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
                            .all(decoding: IDRow.self).map(\.id))
        var random = SeededRandom(seed: seed &+ UInt64(classID))
        if GradebookStore.isPrimary(grade: row.grade) {
            try await year.fillPrimary(grade: row.grade, teacher: teacher, random: &random)
        } else {
            try await year.fillSecondary(teacher: teacher, random: &random)
        }
    }

    private struct Year {
        let classID: Int, semesters: Int, store: GradebookStore, homeroom: GradebookActor, principal: GradebookActor, students: [Int]

        func fillSecondary(teacher: Int, random: inout SeededRandom) async throws {
            var assignments: [TeachingAssignment] = []
            for (subject, lessons) in scored {
                assignments.append(try await store.assign(classID: classID, subject: subject, staffID: teacher, assessment: .scored,
                                                          lessonsPerYear: lessons, by: homeroom.actor))
            }
            for subject in comment {
                assignments.append(try await store.assign(classID: classID, subject: subject, staffID: teacher, assessment: .comment, by: homeroom.actor))
            }
            let rules = TT22Rules()
            try await complete(assignments, random: &random, entries: { assignment, student, random in
                if assignment.assessment == .comment { return [MarkEntry(studentID: student, kind: .comment, value: "Đ")] }
                func mark() -> String { Mark(tenths: Int.random(in: 50...100, using: &random)).description }
                return (1...rules.regularMarksRequired(lessonsPerYear: assignment.lessonsPerYear)).map {
                    MarkEntry(studentID: student, kind: .regular, position: $0, value: mark())
                } + [MarkEntry(studentID: student, kind: .midterm, value: mark()), MarkEntry(studentID: student, kind: .endterm, value: mark())]
            }, records: { semester, students, random in
                let conduct = students.map { student in
                    ConductEntry(studentID: student, conduct: [Rating.tot, .tot, .kha].randomElement(using: &random),
                                 absences: Int.random(in: 0...4, using: &random), comment: "Chăm ngoan, tích cực")
                }
                try await store.recordConduct(conduct, classID: classID, semester: semester, by: homeroom)
            })
        }

        func fillPrimary(grade: Int, teacher: Int, random: inout SeededRandom) async throws {
            var assignments: [TeachingAssignment] = []
            for (subject, grades) in primarySubjects where grades.contains(grade) {
                assignments.append(try await store.assign(classID: classID, subject: subject, staffID: teacher,
                                                          assessment: TestedSubjects.standard.tests(subject, grade: grade) ? .levelsAndTests : .levels,
                                                          by: homeroom.actor))
            }
            try await complete(assignments, random: &random, entries: { assignment, student, random in
                let level = ["T", "T", "H"].randomElement(using: &random)!
                let levels = [MarkEntry(studentID: student, kind: .midterm, value: level), MarkEntry(studentID: student, kind: .endterm, value: level)]
                guard assignment.assessment == .levelsAndTests else { return levels }
                return levels + [MarkEntry(studentID: student, kind: .endtermTest, value: String(Int.random(in: 6...10, using: &random)))]
            }, records: { semester, students, random in
                let qualities = students.flatMap { student in
                    store.qualities.flatMap { item in
                        let level = [QualityLevel.good, .good, .satisfactory].randomElement(using: &random)
                        return [MarkKind.midterm, .endterm].map { QualityEntry(studentID: student, item: item, kind: $0, level: level) }
                    }
                }
                try await store.recordQualities(qualities, classID: classID, semester: semester, by: homeroom)
            })
        }

        /// Each semester: every gradebook entered and submitted, the homeroom teacher's records (`records` gets the students
        /// this school assesses), confirmed and approved.
        private func complete(_ assignments: [TeachingAssignment], random: inout SeededRandom,
                              entries: (TeachingAssignment, Int, inout SeededRandom) -> [MarkEntry],
                              records: (Int, [Int], inout SeededRandom) async throws -> Void) async throws {
            for semester in 1...semesters {
                for assignment in assignments {
                    let carried = try await store.carriedStudents(classID: classID, semester: semester, subject: assignment.subject)
                    var made: [MarkEntry] = []
                    for student in students where !carried.contains(student) { made += entries(assignment, student, &random) }
                    try await store.enter(made, assignmentID: assignment.id, semester: semester, by: homeroom)
                    try await store.submit(assignmentID: assignment.id, semester: semester, by: homeroom)
                }
                let carried = try await store.carriedStudents(classID: classID, semester: semester, subject: nil)
                try await records(semester, students.filter { !carried.contains($0) }, &random)
                try await store.confirm(classID: classID, semester: semester, by: homeroom)
                try await store.approve(classID: classID, semester: semester, by: principal)
            }
        }
    }
}
