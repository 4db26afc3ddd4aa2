import Access
import EduCore
import Records
import SQLKit
import Storage
import Testing
import TestSupport

/// Primary gradebooks (TT27) on the database: subjects take levels and test scores, the homeroom teacher records
/// qualities and competences instead of conduct, and the year result comes from what was stored.
@Suite struct PrimaryGradebookStoreTests {
    typealias Cast = GradebookStoreTests.Cast

    /// Levels (and for `tested` a score) at the middle and the end of the semester for every student.
    static func levels(_ students: [Int], _ level: String, score: String? = nil) -> [MarkEntry] {
        students.flatMap { student in
            [MarkEntry(studentID: student, kind: .midterm, value: level), MarkEntry(studentID: student, kind: .endterm, value: level)]
                + (score.map { [MarkEntry(studentID: student, kind: .endtermTest, value: $0)] } ?? [])
        }
    }

    static func qualities(_ students: [Int], _ level: QualityLevel, items: [String] = PrimaryQualities.standard) -> [QualityEntry] {
        students.flatMap { student in
            items.flatMap { item in [MarkKind.midterm, .endterm].map { QualityEntry(studentID: student, item: item, kind: $0, level: level) } }
        }
    }

    @Test func subjectsTakeLevelsAndTestScoresByTheClasssRules() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            let store = GradebookStore(db.database.sql)
            let transaction = { @Sendable (body: @escaping @Sendable (GradebookStore) async throws -> Void) in
                try await db.database.transaction { try await body(GradebookStore($0)) }
            }
            let refused = try await #require(throws: EduError.self) {
                try await store.assign(classID: cast.classID, subject: "Toán", staffID: cast.teacherID, assessment: .scored, by: cast.principal.actor)
            }
            #expect(refused.code == "gradebook.assessment" && refused.message.vi.contains("Thông tư 27"))
            let untested = try await #require(throws: EduError.self) {
                try await store.assign(classID: cast.classID, subject: "Toán", staffID: cast.teacherID, assessment: .levels, by: cast.principal.actor)
            }
            #expect(untested.code == "gradebook.assessment" && untested.message.vi.contains("có bài kiểm tra định kì"))
            let math = try await store.assign(classID: cast.classID, subject: "Toán", staffID: cast.teacherID, assessment: .levelsAndTests,
                                              by: cast.principal.actor)

            let student = cast.students[0]
            let grade = try #require(try await db.database.sql.raw("SELECT grade AS id FROM classes WHERE id = \(bind: cast.classID)")
                .first(decoding: IDRow.self)).id
            #expect(grade < 4, "the first primary class of the demo")
            let midterm = try await #require(throws: InputRejected.self) {
                try await transaction {
                    try await $0.enter([MarkEntry(studentID: student, kind: .midtermTest, value: "8")], assignmentID: math.id, semester: 1, by: cast.teacher)
                }
            }
            #expect(midterm.problems.map(\.reason.vi) == ["Bài kiểm tra giữa kì chỉ có ở lớp 4 và lớp 5"])
            let bad = [MarkEntry(studentID: student, kind: .midterm, value: "T"),
                       MarkEntry(studentID: student, kind: .endtermTest, value: "7.5"),
                       MarkEntry(studentID: student, kind: .endterm, value: "Khá"),
                       MarkEntry(studentID: student, kind: .regular, position: 1, value: "8"),
                       MarkEntry(studentID: student, kind: .midtermTest, value: "11")]
            let rejected = try await #require(throws: InputRejected.self) {
                try await transaction { try await $0.enter(bad, assignmentID: math.id, semester: 1, by: cast.teacher) }
            }
            #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["2:value", "3:value", "4:kind", "5:kind"], "no mid-term test in grade 1")
            #expect(rejected.problems[0].reason.vi.contains("số nguyên từ 0 đến 10"))
            #expect(try await store.cells(assignmentID: math.id, semester: 1).isEmpty, "nothing stored from a refused batch")

            // Stored as the rules read them back; the end-of-semester score is required, the mid-term test is not.
            try await transaction {
                try await $0.enter(Self.levels(cast.students, "hoàn thành tốt"), assignmentID: math.id, semester: 1, by: cast.teacher)
                try await $0.enter([MarkEntry(studentID: student, kind: .endtermTest, value: "08")], assignmentID: math.id, semester: 1, by: cast.teacher)
            }
            #expect(try await store.cells(assignmentID: math.id, semester: 1)[student] == [.midterm: [1: "T"], .endterm: [1: "T"], .endtermTest: [1: "8"]])
            let incomplete = try await #require(throws: InputRejected.self) {
                try await transaction { try await $0.submit(assignmentID: math.id, semester: 1, by: cast.teacher) }
            }
            #expect(incomplete.problems.map(\.column) == ["ktck", "ktck"], "the two students without a score")
            try await transaction {
                try await $0.enter(Self.levels(Array(cast.students.dropFirst()), "T", score: "9"), assignmentID: math.id, semester: 1, by: cast.teacher)
                try await $0.submit(assignmentID: math.id, semester: 1, by: cast.teacher)
            }
            #expect(try await store.gradebookStatus(assignmentID: math.id, semester: 1) == .submitted)
        }
    }

    @Test func qualitiesReplaceConductAndTheYearComesOutByTT27() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            let store = GradebookStore(db.database.sql)
            let transaction = { @Sendable (body: @escaping @Sendable (GradebookStore) async throws -> Void) in
                try await db.database.transaction { try await body(GradebookStore($0)) }
            }
            let math = try await store.assign(classID: cast.classID, subject: "Toán", staffID: cast.teacherID, assessment: .levelsAndTests,
                                              by: cast.principal.actor)
            let ethics = try await store.assign(classID: cast.classID, subject: "Đạo đức", staffID: cast.teacherID, assessment: .levels,
                                                by: cast.principal.actor)
            let (best, weak, third) = (cast.students[0], cast.students[1], cast.students[2])

            let rated = try await #require(throws: InputRejected.self) {
                try await transaction {
                    try await $0.recordConduct([ConductEntry(studentID: best, conduct: .tot, absences: 0)], classID: cast.classID, semester: 1, by: cast.homeroom)
                }
            }
            #expect(rated.problems.map(\.column) == ["conduct"])
            await #expect(throws: EduError.notTheHomeroomTeacher) {
                try await transaction { try await $0.recordQualities(Self.qualities([best], .good), classID: cast.classID, semester: 1, by: cast.teacher) }
            }
            let badQualities = try await #require(throws: InputRejected.self) {
                try await transaction {
                    try await $0.recordQualities([QualityEntry(studentID: best, item: "Chăm chỉ", kind: .endterm, level: .good),
                                                  QualityEntry(studentID: best, item: "Ngoan", kind: .endterm, level: .good),
                                                  QualityEntry(studentID: best, item: "Chăm chỉ", kind: .endtermTest, level: .good),
                                                  QualityEntry(studentID: -1, item: "Chăm chỉ", kind: .midterm, level: .good)],
                                                 classID: cast.classID, semester: 1, by: cast.homeroom)
                }
            }
            #expect(badQualities.problems.map { "\($0.row):\($0.column)" } == ["2:item", "3:kind", "4:student_id"])
            #expect(try await store.qualityLevels(classID: cast.classID).isEmpty)

            for semester in 1...2 {
                try await transaction {
                    try await $0.enter(Self.levels([best, third], "T", score: "10") + Self.levels([weak], "C", score: "4"),
                                       assignmentID: math.id, semester: semester, by: cast.teacher)
                    try await $0.enter(Self.levels(cast.students, "T"), assignmentID: ethics.id, semester: semester, by: cast.teacher)
                    try await $0.submit(assignmentID: math.id, semester: semester, by: cast.teacher)
                    try await $0.submit(assignmentID: ethics.id, semester: semester, by: cast.teacher)
                    try await $0.recordQualities(Self.qualities(cast.students, .good), classID: cast.classID, semester: semester, by: cast.homeroom)
                }
                if semester == 2 {
                    // One quality cleared at the end of the year: the class cannot be confirmed, and the result is not known.
                    try await transaction {
                        try await $0.recordQualities([QualityEntry(studentID: third, item: "Trung thực", kind: .endterm, level: nil)],
                                                     classID: cast.classID, semester: 2, by: cast.homeroom)
                    }
                    let notReady = try await #require(throws: EduError.self) {
                        try await transaction { try await $0.confirm(classID: cast.classID, semester: 2, by: cast.homeroom) }
                    }
                    #expect(notReady.code == "gradebook.not_ready" && notReady.message.vi.contains("1 học sinh chưa đủ phẩm chất"))
                    let results = try await store.primaryResults(classID: cast.classID)
                    #expect(results.map(\.result) == [.excellent, .notCompleted, nil])
                    #expect(results[2].outcome == "Chưa đủ dữ liệu")
                    let cleared = try await AuditLog(db.database.sql).entries(entity: "student", entityID: String(third)).first
                    #expect(cleared?.before?.hasSuffix("ck: Trung thực Tốt") == true && cleared?.after?.hasSuffix("Trung thực -") == true,
                            "the level before the change is audited")
                    try await transaction {
                        try await $0.recordQualities([QualityEntry(studentID: third, item: "Trung thực", kind: .endterm, level: .satisfactory)],
                                                     classID: cast.classID, semester: 2, by: cast.homeroom)
                    }
                }
                try await transaction {
                    try await $0.confirm(classID: cast.classID, semester: semester, by: cast.homeroom)
                    try await $0.approve(classID: cast.classID, semester: semester, by: cast.principal)
                }
            }
            let results = try await store.primaryResults(classID: cast.classID)
            #expect(results.map(\.studentID) == [best, weak, third].map(String.init))
            #expect(results.map(\.result) == [.excellent, .notCompleted, .completed])
            let years = try await store.primaryYears(classID: cast.classID)
            #expect(years[1].subjects.map(\.name) == ["Toán", "Đạo đức"])
            #expect(years[1].subjects[0].levels == [.notCompleted, .notCompleted, .notCompleted, .notCompleted])
            #expect(years[1].subjects[0].tests == [nil, 4, nil, 4])
            #expect(years[0].qualities.count == PrimaryQualities.standard.count)
            await #expect(throws: EduError.gradebookLocked) {
                try await transaction { try await $0.enter(Self.levels([best], "H"), assignmentID: ethics.id, semester: 2, by: cast.teacher) }
            }
        }
    }

    @Test func theDemoYearOfAPrimaryClassFollowsTT27() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            try await db.database.transaction { try await DemoYear.fill(classID: cast.classID, $0) }
            let store = GradebookStore(db.database.sql)
            #expect(try await store.classStatus(classID: cast.classID, semester: 2) == .approved)
            #expect(try await store.assignments(classID: cast.classID).map(\.assessment).allSatisfy(\.isPrimary))
            let results = try await store.primaryResults(classID: cast.classID)
            #expect(results.count == cast.students.count && results.allSatisfy { $0.result?.completesGrade == true }, "\(results)")
        }
    }

    @Test func secondaryClassesKeepTT22() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db)
            let store = GradebookStore(db.database.sql)
            let secondary = try #require(try await db.database.sql.raw("""
                SELECT c.id FROM classes c JOIN staff s ON s.school_id = c.school_id AND s.id = c.homeroom_staff_id WHERE c.grade >= 6 ORDER BY c.id LIMIT 1
                """).first(decoding: IDRow.self)).id
            let homeroom = try #require(try await db.database.sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: secondary)")
                .first(decoding: IDRow.self)).id
            let refused = try await #require(throws: EduError.self) {
                try await store.assign(classID: secondary, subject: "Toán", staffID: homeroom, assessment: .levels, by: cast.principal.actor)
            }
            #expect(refused.code == "gradebook.assessment" && refused.message.vi.contains("Thông tư 22"))
            let notPrimary = try await #require(throws: EduError.self) {
                try await store.recordQualities([], classID: secondary, semester: 1,
                                                by: GradebookActor(staffIDs: [homeroom], actor: cast.principal.actor))
            }
            #expect(notPrimary.code == "gradebook.not_primary")
        }
    }

    /// A class's school year picks the rule set with its grade: before TT22 (or TT27) reached the grade, its year is
    /// a historic one and gets no gradebook; the roll-out is the province's setting.
    @Test func yearsBeforeTheRulesReachedTheGradeGetNoGradebook() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db)
            struct Row: Decodable { let id: Int; let homeroomStaffId: Int }
            let classes = try await db.database.sql.raw("""
                SELECT id, homeroom_staff_id FROM classes WHERE grade >= 6 AND homeroom_staff_id IS NOT NULL ORDER BY id LIMIT 2
                """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            try #require(classes.count == 2)
            for (schoolClass, year) in zip(classes, ["2023-2024", "2024-2025"]) {
                try await db.database.sql.raw("UPDATE classes SET grade = 9, school_year = \(bind: year) WHERE id = \(bind: schoolClass.id)").run()
            }
            let (before, first) = (classes[0], classes[1])
            let refused = try await #require(throws: EduError.self) {
                try await GradebookStore(db.database.sql).assign(classID: before.id, subject: "Toán", staffID: before.homeroomStaffId,
                                                                 assessment: .scored, by: cast.principal.actor)
            }
            #expect(refused.code == "gradebook.regime")
            #expect(refused.message.vi.contains("2023-2024") && refused.message.vi.contains("eduvn records historic"))
            _ = try await GradebookStore(db.database.sql).assign(classID: first.id, subject: "Toán", staffID: first.homeroomStaffId,
                                                                 assessment: .scored, by: cast.principal.actor)
            let later = try RegimeSchedule(parsing: "9:2025")
            let notYet = try await #require(throws: EduError.self) {
                try await GradebookStore(db.database.sql, schedule: later).assign(classID: first.id, subject: "Ngữ văn",
                                                                                  staffID: first.homeroomStaffId, assessment: .scored,
                                                                                  by: cast.principal.actor)
            }
            #expect(notYet.code == "gradebook.regime")
            let earlier = try RegimeSchedule(parsing: "9:2023")
            _ = try await GradebookStore(db.database.sql, schedule: earlier).assign(classID: before.id, subject: "Toán",
                                                                                    staffID: before.homeroomStaffId, assessment: .scored,
                                                                                    by: cast.principal.actor)
            let assigned = try await GradebookStore(db.database.sql).assignments(classID: before.id).map(\.subject)
            #expect(assigned == ["Toán"])
        }
    }

    /// A preschool group keeps no subject gradebook, by either circular's assessment.
    @Test func preschoolClassesGetNoGradebook() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db)
            struct Row: Decodable { let id: Int; let homeroomStaffId: Int }
            let preschool = try #require(try await db.database.sql.raw("""
                SELECT id, homeroom_staff_id FROM classes WHERE grade = 0 AND homeroom_staff_id IS NOT NULL ORDER BY id LIMIT 1
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            for assessment in [TeachingAssignment.Assessment.scored, .levels] {
                let refused = try await #require(throws: EduError.self) {
                    try await GradebookStore(db.database.sql).assign(classID: preschool.id, subject: "Toán", staffID: preschool.homeroomStaffId,
                                                                     assessment: assessment, by: cast.principal.actor)
                }
                #expect(refused.code == "gradebook.preschool")
            }
            let assignments = try await GradebookStore(db.database.sql).assignments(classID: preschool.id)
            #expect(assignments.isEmpty)
        }
    }
}
