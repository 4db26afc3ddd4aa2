import Access
import EduCore
import Records
import SQLKit
import Storage
import Testing
import TestSupport

/// The gradebook workflow on the database (SQLite here, PostgreSQL in the second half of scripts/test): who may
/// do what, refusals that change nothing, locking, corrections, and year results from what was stored.
@Suite struct GradebookStoreTests {
    struct Cast {
        let classID: Int, schoolID: Int, students: [Int]
        let teacher: GradebookActor, homeroom: GradebookActor, principal: GradebookActor, stranger: GradebookActor
        let teacherID: Int
    }

    /// A demo class with its homeroom teacher, another teacher of its school, the school's principal, and a teacher
    /// of another school. `primary`: a class of grades 1–5 (TT27), given two more students of the same school year;
    /// `moreStudents`: as many more for a secondary class.
    static func cast(_ db: TestDatabase, primary: Bool = false, moreStudents: Int = 0) async throws -> Cast {
        _ = try await db.loadDemo(students: 300)
        struct Row: Decodable { let id: Int; let schoolId: Int; let homeroomStaffId: Int; let grade: Int; let schoolYear: String }
        let sql = db.database.sql
        let schoolClass = try #require(try await sql.raw("""
            SELECT c.id, c.school_id, c.homeroom_staff_id, c.grade, c.school_year FROM classes c
            WHERE c.homeroom_staff_id IS NOT NULL AND \(unsafeRaw: primary
                ? "c.grade BETWEEN 1 AND 5 AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id)"
                : "c.grade >= 6 AND (SELECT COUNT(*) FROM enrolments e WHERE e.class_id = c.id) >= 2") ORDER BY c.id LIMIT 1
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
        let more = primary ? 2 : moreStudents
        if more > 0 {
            try await sql.raw("""
                UPDATE enrolments SET class_id = \(bind: schoolClass.id), school_id = \(bind: schoolClass.schoolId), grade = \(bind: schoolClass.grade)
                WHERE student_id IN (
                    SELECT student_id FROM enrolments WHERE class_id <> \(bind: schoolClass.id) AND school_year = \(bind: schoolClass.schoolYear)
                    ORDER BY student_id LIMIT \(bind: more))
                """).run()
        }
        let teacherID = try #require(try await sql.raw("""
            SELECT id FROM staff WHERE school_id = \(bind: schoolClass.schoolId) AND id <> \(bind: schoolClass.homeroomStaffId) ORDER BY id LIMIT 1
            """).first(decoding: IDRow.self)).id
        let strangerID = try #require(try await sql.raw("""
            SELECT id FROM staff WHERE school_id <> \(bind: schoolClass.schoolId) ORDER BY id LIMIT 1
            """).first(decoding: IDRow.self)).id
        let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: schoolClass.id) ORDER BY student_id")
            .all(decoding: IDRow.self).map(\.id)
        func actor(_ name: String, staff: Int? = nil, principalOf school: Int? = nil) -> GradebookActor {
            GradebookActor(staffIDs: Set([staff].compactMap { $0 }), principalOf: Set([school].compactMap { $0 }),
                           actor: Actor(name: name, origin: "test"))
        }
        return Cast(classID: schoolClass.id, schoolID: schoolClass.schoolId, students: students,
                    teacher: actor("gv", staff: teacherID), homeroom: actor("gvcn", staff: schoolClass.homeroomStaffId),
                    principal: actor("ht", principalOf: schoolClass.schoolId), stranger: actor("khac", staff: strangerID),
                    teacherID: teacherID)
    }

    /// Every student gets the same full set of marks: four regular marks, a mid-term and an end-term.
    static func fullMarks(_ students: [Int], _ value: String) -> [MarkEntry] {
        students.flatMap { student in
            (1...4).map { MarkEntry(studentID: student, kind: .regular, position: $0, value: value) }
                + [MarkEntry(studentID: student, kind: .midterm, value: value), MarkEntry(studentID: student, kind: .endterm, value: value)]
        }
    }

    @Test func fromMarksToALockedSemester() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.cast(db)
            let transaction = { @Sendable (body: @escaping @Sendable (GradebookStore) async throws -> Void) in
                try await db.database.transaction { try await body(GradebookStore($0)) }
            }
            let store = GradebookStore(db.database.sql)
            let math = try await store.assign(classID: cast.classID, subject: "Toán", staffID: cast.teacherID, assessment: .scored,
                                              lessonsPerYear: 105, by: cast.principal.actor)
            let sport = try await store.assign(classID: cast.classID, subject: "Giáo dục thể chất", staffID: cast.teacherID,
                                               assessment: .comment, by: cast.principal.actor)

            // Only the assigned teacher enters marks.
            await #expect(throws: EduError.notTheTeacher) {
                try await transaction { try await $0.enter(Self.fullMarks(cast.students, "8"), assignmentID: math.id, semester: 1, by: cast.homeroom) }
            }
            // Bad entries: all reported, nothing stored (the good first entry included).
            let bad = [MarkEntry(studentID: cast.students[0], kind: .regular, position: 1, value: "9"),
                       MarkEntry(studentID: -1, kind: .regular, position: 2, value: "8"),
                       MarkEntry(studentID: cast.students[0], kind: .regular, position: 3, value: "10.5"),
                       MarkEntry(studentID: cast.students[0], kind: .comment, value: "Đ"),
                       MarkEntry(studentID: cast.students[0], kind: .midterm, position: 2, value: "8")]
            let rejected = try await #require(throws: InputRejected.self) {
                try await transaction { try await $0.enter(bad, assignmentID: math.id, semester: 1, by: cast.teacher) }
            }
            #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["2:student_id", "3:value", "4:kind", "5:position"])
            #expect(rejected.problems[2].reason.vi == "Môn Toán chấm điểm số")
            #expect(try await store.studentYears(classID: cast.classID).students[0].subjects[0].semesters[0] == SemesterMarks())
            // A comment subject given a number, as a mark or as its comment: refused by row, nothing stored.
            let numbers = [MarkEntry(studentID: cast.students[0], kind: .regular, value: "8"), MarkEntry(studentID: cast.students[0], kind: .comment, value: "8")]
            let commentRejected = try await #require(throws: InputRejected.self) {
                try await transaction { try await $0.enter(numbers, assignmentID: sport.id, semester: 1, by: cast.teacher) }
            }
            #expect(commentRejected.problems.map { "\($0.row):\($0.column)" } == ["1:kind", "2:value"])
            #expect(commentRejected.problems[0].reason.vi == "Môn Giáo dục thể chất đánh giá bằng nhận xét")
            #expect(try await store.semesterMarks(assignmentID: sport.id, semester: 1).isEmpty)

            // A missing mid-term mark stops the submission and is named.
            try await transaction { try await $0.enter(Self.fullMarks(cast.students, "8"), assignmentID: math.id, semester: 1, by: cast.teacher) }
            try await transaction {
                try await $0.enter([MarkEntry(studentID: cast.students[1], kind: .midterm, value: nil)], assignmentID: math.id, semester: 1, by: cast.teacher)
            }
            let incomplete = try await #require(throws: InputRejected.self) {
                try await transaction { try await $0.submit(assignmentID: math.id, semester: 1, by: cast.teacher) }
            }
            #expect(incomplete.problems.map { "\($0.row):\($0.column)" } == ["2:gk"])
            try await transaction {
                try await $0.enter([MarkEntry(studentID: cast.students[1], kind: .midterm, value: "7,5")], assignmentID: math.id, semester: 1, by: cast.teacher)
                try await $0.submit(assignmentID: math.id, semester: 1, by: cast.teacher)
            }
            await #expect(throws: EduError.gradebookSubmitted) {
                try await transaction { try await $0.enter(Self.fullMarks(cast.students, "9"), assignmentID: math.id, semester: 1, by: cast.teacher) }
            }

            // The homeroom teacher confirms only when every subject is submitted and conduct is complete.
            let conduct = cast.students.map { ConductEntry(studentID: $0, conduct: .tot, absences: 1) }
            await #expect(throws: EduError.notTheHomeroomTeacher) {
                try await transaction { try await $0.recordConduct(conduct, classID: cast.classID, semester: 1, by: cast.teacher) }
            }
            try await transaction { try await $0.recordConduct(conduct, classID: cast.classID, semester: 1, by: cast.homeroom) }
            let notReady = try await #require(throws: EduError.self) {
                try await transaction { try await $0.confirm(classID: cast.classID, semester: 1, by: cast.homeroom) }
            }
            #expect(notReady.code == "gradebook.not_ready" && notReady.message.vi.contains("Giáo dục thể chất"))
            try await transaction {
                try await $0.enter(cast.students.map { MarkEntry(studentID: $0, kind: .comment, value: "đ") }, assignmentID: sport.id, semester: 1, by: cast.teacher)
                try await $0.submit(assignmentID: sport.id, semester: 1, by: cast.teacher)
                try await $0.confirm(classID: cast.classID, semester: 1, by: cast.homeroom)
            }

            // The principal of this school, and no one else, approves and locks.
            for other in [cast.teacher, cast.homeroom, GradebookActor(principalOf: [cast.schoolID + 1_000], actor: cast.principal.actor)] {
                await #expect(throws: EduError.notThePrincipal) {
                    try await transaction { try await $0.approve(classID: cast.classID, semester: 1, by: other) }
                }
            }
            try await transaction { try await $0.approve(classID: cast.classID, semester: 1, by: cast.principal) }
            #expect(try await store.gradebookStatus(assignmentID: math.id, semester: 1) == .locked)
            #expect(try await store.classStatus(classID: cast.classID, semester: 1) == .approved)
            await #expect(throws: EduError.gradebookLocked) {
                try await transaction { try await $0.enter(Self.fullMarks(cast.students, "9"), assignmentID: math.id, semester: 1, by: cast.teacher) }
            }
            await #expect(throws: EduError.notTheTeacher) {
                _ = try await GradebookStore(db.database.sql).requestCorrection(
                    MarkEntry(studentID: cast.students[0], kind: .endterm, value: "9"), assignmentID: math.id, semester: 1, reason: "x", by: cast.stranger)
            }

            // A locked mark changes through a correction request the principal approves; a rejected one changes nothing.
            let stored = try await db.database.transaction { tx in
                let store = GradebookStore(tx)
                let approved = try await store.requestCorrection(MarkEntry(studentID: cast.students[0], kind: .endterm, value: "9.5"),
                                                                 assignmentID: math.id, semester: 1, reason: "Nhập nhầm điểm cuối kì", by: cast.teacher)
                let rejected = try await store.requestCorrection(MarkEntry(studentID: cast.students[1], kind: .endterm, value: "10"),
                                                                 assignmentID: math.id, semester: 1, reason: "Phúc khảo", by: cast.homeroom)
                await #expect(throws: EduError.notThePrincipal) { try await store.decideCorrection(id: approved, approve: true, by: cast.teacher) }
                try await store.decideCorrection(id: approved, approve: true, by: cast.principal)
                try await store.decideCorrection(id: rejected, approve: false, by: cast.principal)
                await #expect(throws: EduError.unknownCorrection) { try await store.decideCorrection(id: approved, approve: true, by: cast.principal) }
                return try await store.studentYears(classID: cast.classID).students
            }
            #expect(stored[0].subjects[0].semesters[0].endterm == Mark("9.5"))
            #expect(stored[1].subjects[0].semesters[0].endterm == Mark("8"))
            #expect(stored[1].subjects[0].semesters[0].midterm == Mark("7.5"))
            #expect(stored[0].subjects[1].semesters[0].comment == .dat)
            #expect(stored[0].conduct == [.tot, nil] && stored[0].absences == nil)

            // Year results come from what is stored: HK I only, so the year is not known yet.
            let result = TT22Rules().results(of: stored[0], lessonsPerYear: ["Toán": 105])
            #expect(result.subjects[0].semesters[0] == .score(Mark("8.5")!))  // (4×8 + 2×8 + 3×9.5) / 9 = 76.5 / 9 = 8.5
            #expect(result.subjects[0].year == nil && result.outcome == nil)

            let audit = try await AuditLog(db.database.sql).entries(entity: "gradebook_mark", entityID: "\(math.id)/hk1/\(cast.students[0])/ck1")
            #expect(audit.map(\.action).sorted() == ["correct", "enter"])
        }
    }

    @Test func onlyTeachersOfTheSchoolAreAssigned() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.cast(db)
            let stranger = try #require(cast.stranger.staffIDs.first)
            let error = try await #require(throws: EduError.self) {
                try await GradebookStore(db.database.sql).assign(classID: cast.classID, subject: "Toán", staffID: stranger,
                                                                 assessment: .scored, by: cast.principal.actor)
            }
            #expect(error.code == "gradebook.staff")
        }
    }
}
