import Access
import EduCore
import Foundation
import Platform
import Records
import SQLKit
import Storage
import Testing
import TestSupport

/// Summer re-tests and training in the gradebook: the homeroom teacher records them after HK II is approved, the
/// principal approves, and only then do they count in the year.
@Suite struct SummerStoreTests {
    static let subjects = ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học"]

    /// An approved year in which the first student re-takes Vật lí and Hoá học (4.0 each, learning Chưa đạt), the
    /// second goes to summer training (conduct Chưa đạt), and the rest are promoted.
    static func yearWithASummer(_ db: TestDatabase) async throws -> GradebookStoreTests.Cast {
        let cast = try await GradebookStoreTests.cast(db, moreStudents: 1)
        try #require(cast.students.count >= 3)
        try await db.database.transaction { tx in
            let store = GradebookStore(tx)
            for subject in subjects {
                let assignment = try await store.assign(classID: cast.classID, subject: subject, staffID: cast.teacherID, assessment: .scored,
                                                        by: cast.principal.actor)
                let weak = ["Vật lí", "Hoá học"].contains(subject)
                let marks = GradebookStoreTests.fullMarks([cast.students[0]], weak ? "4" : "5")
                    + GradebookStoreTests.fullMarks(Array(cast.students.dropFirst()), "8.5")
                for semester in 1...2 {
                    try await store.enter(marks, assignmentID: assignment.id, semester: semester, by: cast.teacher)
                    try await store.submit(assignmentID: assignment.id, semester: semester, by: cast.teacher)
                }
            }
            for semester in 1...2 {
                try await store.recordConduct(cast.students.enumerated().map { index, student in
                    ConductEntry(studentID: student, conduct: index == 1 ? .chuaDat : .tot, absences: 1, comment: "")
                }, classID: cast.classID, semester: semester, by: cast.homeroom)
                try await store.confirm(classID: cast.classID, semester: semester, by: cast.homeroom)
                try await store.approve(classID: cast.classID, semester: semester, by: cast.principal)
            }
        }
        return cast
    }

    static func code(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let error as EduError { return error.code } catch { return "\(error)" }
        return nil
    }

    @Test func reTestsAndTrainingDecideTheYearOnceApproved() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let (retaker, trainee) = (cast.students[0], cast.students[1])
            let store = GradebookStore(db.database.sql)
            let before = try await store.yearResults(classID: cast.classID, summer: false)
            #expect(before[retaker]?.outcome == .retest && before[retaker]?.retestSubjects == ["Vật lí", "Hoá học"])
            #expect(before[trainee]?.outcome == .summerTraining)

            let entries = [SummerEntry(studentID: retaker, subject: "Vật lí", value: "6"),
                           SummerEntry(studentID: retaker, subject: "Hoá học", value: " 5.5 "),
                           SummerEntry(studentID: trainee, subject: nil, value: "đạt")]
            #expect(await Self.code { try await store.recordSummer(entries, classID: cast.classID, by: cast.teacher) } == "gradebook.not_homeroom")
            try await db.database.transaction { try await GradebookStore($0).recordSummer(entries, classID: cast.classID, by: cast.homeroom) }
            #expect(try await store.summerResults(classID: cast.classID)[retaker]?.retests["Hoá học"] == .score(Mark("5.5")!))
            #expect(try await store.summerResults(classID: cast.classID)[trainee]?.conduct == .dat)

            let preview = try await store.yearResults(classID: cast.classID, summer: true)
            #expect(preview[retaker]?.summer?.outcome == .promoted && preview[trainee]?.summer?.outcome == .promoted)
            #expect(try await store.yearResults(classID: cast.classID, summer: false)[retaker]?.summer == nil, "not counted before approval")
            #expect(try await store.ownYear(studentID: retaker, classID: cast.classID)?.year.summer == nil, "nor shown to the family")

            #expect(await Self.code { try await store.approveSummer(classID: cast.classID, by: cast.homeroom) } == "gradebook.not_principal")
            try await db.database.transaction { try await GradebookStore($0).approveSummer(classID: cast.classID, by: cast.principal) }
            let years = try await store.studentYears(classID: cast.classID).students
            #expect(years.first { $0.studentID == String(retaker) }?.summer?.retests.count == 2, "approved: the year carries the summer")
            #expect(try await store.ownYear(studentID: retaker, classID: cast.classID)?.year.summer?.retests.count == 2, "and the family sees it")
            #expect(try await store.yearResults(classID: cast.classID, summer: false)[retaker]?.summer
                == SummerOutcome(learning: .dat, conduct: .tot, outcome: .promoted))

            #expect(await Self.code { try await store.recordSummer(entries, classID: cast.classID, by: cast.homeroom) } == "summer.locked")
            #expect(await Self.code { try await store.approveSummer(classID: cast.classID, by: cast.principal) } == "summer.locked")
            let audited = try await db.database.sql.raw("SELECT COUNT(*) AS id FROM audit_log WHERE action IN ('summer', 'approve') AND entity IN ('student', 'class_summer')")
                .first(decoding: IDRow.self)!.id
            #expect(audited == 4, "three entries and the approval")
        }
    }

    /// The học bạ drafted in June says "Kiểm tra lại"; once the summer is approved, a new version of each changed record
    /// carries the re-test results and the decision, and the others are left as they are.
    @Test func theHocBaCarriesTheSummerInANewVersion() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let (retaker, trainee) = (cast.students[0], cast.students[1])
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test")
            let june = try await hocBa.draftClass(classID: cast.classID, newVersions: false, by: actor)
            let first = try #require(june.first { $0.document.outcome == "Kiểm tra lại" })
            #expect(first.document.summer == nil && first.document.subjects.allSatisfy { $0.retest == nil })
            try await db.database.transaction { tx in
                let store = GradebookStore(tx)
                try await store.recordSummer([SummerEntry(studentID: retaker, subject: "Vật lí", value: "6"),
                                              SummerEntry(studentID: retaker, subject: "Hoá học", value: "5"),
                                              SummerEntry(studentID: trainee, subject: nil, value: "Khá")], classID: cast.classID, by: cast.homeroom)
            }
            #expect(try await hocBa.draftClass(classID: cast.classID, newVersions: true, by: actor).isEmpty,
                    "recorded but not approved: nothing changes")
            try await db.database.transaction { try await GradebookStore($0).approveSummer(classID: cast.classID, by: cast.principal) }
            let summer = try await hocBa.draftClass(classID: cast.classID, newVersions: true, by: actor)
            #expect(Set(summer.map(\.studentID)) == [retaker, trainee], "only the two changed records")
            let retaken = try #require(summer.first { $0.studentID == retaker })
            #expect(retaken.version == 2 && retaken.document.outcome == "Kiểm tra lại")
            let decided = try #require(retaken.document.summer)
            #expect(decided.learning == "Đạt" && decided.conduct == "Tốt" && decided.outcome == "Lên lớp")
            #expect(retaken.document.subjects.first { $0.name == "Vật lí" }?.retest == "6.0")
            #expect(retaken.document.subjects.first { $0.name == "Toán" }?.retest == nil)
            #expect(summer.first { $0.studentID == trainee }?.document.summer?.conduct == "Khá")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-\(UUID().uuidString).pdf")
            try Data(retaken.pdf).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let text = try ExternalProgram.run("/usr/bin/pdftotext", [file.path, "-"]).output.precomposedStringWithCanonicalMapping
            #expect(text.contains("Sau kiểm tra lại, rèn luyện hè") && text.contains("Lên lớp (kết quả học tập Đạt, rèn luyện Tốt)"), "\(text)")
        }
    }

    @Test func aFailedReTestLeavesTheStudentRepeatingTheYear() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let entries = [SummerEntry(studentID: cast.students[0], subject: "Vật lí", value: "6"),
                           SummerEntry(studentID: cast.students[1], subject: nil, value: "Chưa đạt")]
            try await db.database.transaction { tx in
                let store = GradebookStore(tx)
                try await store.recordSummer(entries, classID: cast.classID, by: cast.homeroom)
                try await store.approveSummer(classID: cast.classID, by: cast.principal)
            }
            let results = try await GradebookStore(db.database.sql).yearResults(classID: cast.classID, summer: false)
            #expect(results[cast.students[0]]?.summer?.outcome == .repeatsYear, "Hoá học not re-taken: still only five subjects at 5.0")
            #expect(results[cast.students[1]]?.summer?.outcome == .repeatsYear)
            #expect(results[cast.students[2]]?.summer == nil)
        }
    }

    @Test func badEntriesAreNamedByRowAndNothingIsStored() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let entries = [SummerEntry(studentID: cast.students[0], subject: "Vật lí", value: "6"),
                           SummerEntry(studentID: cast.students[0], subject: "Toán", value: "9"),
                           SummerEntry(studentID: cast.students[0], subject: "Hoá học", value: "10.5"),
                           SummerEntry(studentID: cast.students[1], subject: nil, value: "Giỏi"),
                           SummerEntry(studentID: cast.students[2], subject: nil, value: "Tốt"),
                           SummerEntry(studentID: -1, subject: nil, value: "Tốt")]
            let rejected = await #expect(throws: InputRejected.self) {
                try await db.database.transaction { try await GradebookStore($0).recordSummer(entries, classID: cast.classID, by: cast.homeroom) }
            }
            #expect(rejected?.problems.map(\.row) == [2, 3, 4, 5, 6])
            #expect(rejected?.problems.map(\.column) == ["Toán", "Hoá học", "conduct", "conduct", "student_id"])
            #expect(try await GradebookStore(db.database.sql).summerResults(classID: cast.classID).isEmpty)
        }
    }

    /// A trainee's conduct after training is needed; a re-test not recorded is one not sat, and the year's result stands.
    @Test func approvalWaitsForEveryTraineesConductNotForReTests() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let store = GradebookStore(db.database.sql)
            #expect(await Self.code { try await store.approveSummer(classID: cast.classID, by: cast.principal) } == "gradebook.not_ready")
            #expect(try await store.summerApproved(classID: cast.classID) == false)
            try await db.database.transaction { tx in
                let store = GradebookStore(tx)
                try await store.recordSummer([SummerEntry(studentID: cast.students[1], subject: nil, value: "Đạt")], classID: cast.classID, by: cast.homeroom)
                try await store.approveSummer(classID: cast.classID, by: cast.principal)
            }
            let results = try await store.yearResults(classID: cast.classID, summer: false)
            #expect(results[cast.students[0]]?.summer == SummerOutcome(learning: .chuaDat, conduct: .tot, outcome: .repeatsYear))
            #expect(results[cast.students[2]]?.summer == nil, "promoted in June: no summer")
            let approval = try await AuditLog(db.database.sql).entries(entity: "class_summer", entityID: String(cast.classID)).first
            #expect(approval?.after?.contains("\(cast.students[0]): Ở lại lớp") == true, "\(String(describing: approval?.after))")
        }
    }

    /// A locked mark corrected after the summer's approval may change who re-takes what: the summer opens again.
    @Test func aCorrectionAfterTheSummerOpensItAgain() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.yearWithASummer(db)
            let store = GradebookStore(db.database.sql)
            try await db.database.transaction { tx in
                let store = GradebookStore(tx)
                try await store.recordSummer([SummerEntry(studentID: cast.students[1], subject: nil, value: "Đạt")], classID: cast.classID, by: cast.homeroom)
                try await store.approveSummer(classID: cast.classID, by: cast.principal)
            }
            let physics = try #require(try await store.assignments(classID: cast.classID).first { $0.subject == "Vật lí" })
            let request = try await store.requestCorrection(MarkEntry(studentID: cast.students[0], kind: .endterm, value: "9"),
                                                            assignmentID: physics.id, semester: 2, reason: "Chấm nhầm", by: cast.teacher)
            #expect(try await store.summerApproved(classID: cast.classID), "a request alone changes nothing")
            #expect(try await AuditLog(db.database.sql).entries(entity: "mark_correction", entityID: String(request)).first?.after == "9 (Chấm nhầm)",
                    "who asked, the old and new value and why are all in the audit trail")
            try await db.database.transaction { try await GradebookStore($0).decideCorrection(id: request, approve: true, by: cast.principal) }
            #expect(try await store.summerApproved(classID: cast.classID) == false)
            #expect(try await AuditLog(db.database.sql).entries(entity: "class_summer", entityID: String(cast.classID)).first?.action == "reopen")
            #expect(try await store.yearResults(classID: cast.classID, summer: false)[cast.students[0]]?.retestSubjects == ["Hoá học"])
        }
    }

    @Test func theSummerWaitsForTheYearsApproval() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db)
            let store = GradebookStore(db.database.sql)
            let entry = SummerEntry(studentID: cast.students[0], subject: nil, value: "Đạt")
            #expect(await Self.code { try await store.recordSummer([entry], classID: cast.classID, by: cast.homeroom) } == "gradebook.not_ready")
        }
    }

    @Test func primaryClassesHaveNoSummerReTests() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            let entry = SummerEntry(studentID: cast.students[0], subject: nil, value: "Đạt")
            #expect(await Self.code { try await GradebookStore(db.database.sql).recordSummer([entry], classID: cast.classID, by: cast.homeroom) }
                == "summer.primary")
        }
    }
}
