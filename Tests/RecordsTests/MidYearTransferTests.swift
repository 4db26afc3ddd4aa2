import Access
import EduCore
import Foundation
import Records
import Signing
import SQLKit
import Storage
import Testing
import TestSupport

/// A student who moves school after semester I: the school they leave makes and signs the record of semester I
/// alone; the receiving school imports it, checks every signature, and continues the year from it.
@Suite struct MidYearTransferTests {
    static let subjects = ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học"]

    /// One semester of a class, entered, submitted, confirmed and approved; `marks` and `conduct` by student.
    static func semester(_ number: Int, classID: Int, assignments: [Int], marks: @escaping @Sendable (Int) -> [MarkEntry], conduct: [ConductEntry],
                         teacher: GradebookActor, homeroom: GradebookActor, principal: GradebookActor, _ db: TestDatabase) async throws {
        try await db.database.transaction { tx in
            let store = GradebookStore(tx)
            for assignment in assignments {
                try await store.enter(marks(assignment), assignmentID: assignment, semester: number, by: teacher)
                try await store.submit(assignmentID: assignment, semester: number, by: teacher)
            }
            try await store.recordConduct(conduct, classID: classID, semester: number, by: homeroom)
            try await store.confirm(classID: classID, semester: number, by: homeroom)
            try await store.approve(classID: classID, semester: number, by: principal)
        }
    }

    static func assign(_ subjects: [String] = subjects, classID: Int, teacherID: Int, principal: GradebookActor, _ db: TestDatabase) async throws -> [Int] {
        var ids: [Int] = []
        for subject in subjects {
            ids.append(try await GradebookStore(db.database.sql).assign(classID: classID, subject: subject, staffID: teacherID, assessment: .scored,
                                                                          by: principal.actor).id)
        }
        return ids
    }

    @Test func theReceivingSchoolContinuesTheYearFromTheSignedFirstSemester() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            let cast = try await GradebookStoreTests.cast(db)
            let actor = Actor(name: "test", origin: "test")
            let leaver = cast.students[0]

            // The school the student leaves: semester I approved, then the record of that semester alone, signed.
            let sending = try await Self.assign(classID: cast.classID, teacherID: cast.teacherID, principal: cast.principal, db)
            try await Self.semester(1, classID: cast.classID, assignments: sending, marks: { _ in GradebookStoreTests.fullMarks(cast.students, "9.5") },
                                    conduct: cast.students.map { ConductEntry(studentID: $0, conduct: .tot, absences: 2, comment: "Chăm ngoan") },
                                    teacher: cast.teacher, homeroom: cast.homeroom, principal: cast.principal, db)
            try await HocBaStoreTests.demoSigners(schoolID: cast.schoolID, db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let wholeYear = await #expect(throws: EduError.self) { try await hocBa.draft(studentID: leaver, classID: cast.classID, by: actor) }
            #expect(wholeYear?.code == "hoc_ba.not_approved")
            let record = try await hocBa.draft(studentID: leaver, classID: cast.classID, leavingAfterFirstSemester: true, by: actor)
            #expect(record.document.semesters == 1)
            #expect(record.document.subjects.map(\.firstSemester) == Array(repeating: "9.5", count: 6))
            #expect(record.document.subjects.allSatisfy { $0.secondSemester == nil && $0.year == nil })
            #expect(record.document.learning == ["Tốt", nil, nil] && record.document.conduct == ["Tốt", nil, nil])
            #expect(record.document.absences == 2 && record.document.outcome == nil && record.document.award == nil)
            let text = try Self.text(of: record.pdf)
            #expect(text.contains("Chuyển trường sau học kì I") && text.contains("2 (học kì I)"), "\(text)")

            let signers = SignerStore(sql, cipher: db.cipher)
            let sealed = try await Self.signedInFull(record, cast: cast, hocBa: hocBa, signers: signers, db)
            #expect(sealed.nextSigner == nil)

            // The receiving school: a class of the same year elsewhere; the student moves and brings the record.
            struct Row: Decodable { let id: Int; let schoolId: Int; let homeroomStaffId: Int; let schoolName: String }
            let receiving = try #require(try await sql.raw("""
                SELECT c.id, c.school_id, c.homeroom_staff_id, s.name AS school_name FROM classes c JOIN schools s ON s.id = c.school_id
                WHERE c.school_id <> \(bind: cast.schoolID) AND c.grade >= 6 AND c.homeroom_staff_id IS NOT NULL
                AND c.school_year = (SELECT school_year FROM classes WHERE id = \(bind: cast.classID))
                AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id) ORDER BY c.id LIMIT 1
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            let teacherID = try #require(try await sql.raw("""
                SELECT id FROM staff WHERE school_id = \(bind: receiving.schoolId) AND id <> \(bind: receiving.homeroomStaffId) ORDER BY id LIMIT 1
                """).first(decoding: IDRow.self)).id
            let teacher = GradebookActor(staffIDs: [teacherID], actor: Actor(name: "gv2", origin: "test"))
            let homeroom = GradebookActor(staffIDs: [receiving.homeroomStaffId], actor: Actor(name: "gvcn2", origin: "test"))
            let principal = GradebookActor(staffIDs: [], principalOf: [receiving.schoolId], actor: Actor(name: "ht2", origin: "test"))
            try await Self.move(leaver, to: receiving.id, school: receiving.schoolId, grade: sealed.document.grade, sql)
            _ = try await hocBa.importTransferred(pdf: sealed.pdf, json: Array(sealed.json.utf8), studentID: leaver,
                                                  verifier: try await signers.documentVerifier(), by: actor)
            let classmates = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: receiving.id) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)
            let others = classmates.filter { $0 != leaver }
            try #require(classmates.contains(leaver) && !others.isEmpty)
            // The receiving school also teaches a subject the other did not: its semester I is entered here.
            let assignments = try await Self.assign(Self.subjects + ["Tin học"], classID: receiving.id, teacherID: teacherID, principal: principal, db)
            let computing = assignments.last!

            // Semester I here is the other school's: not entered again, not asked for.
            let store = GradebookStore(sql)
            let entered = await #expect(throws: InputRejected.self) {
                try await store.enter([MarkEntry(studentID: others[0], kind: .midterm, value: "6"), MarkEntry(studentID: leaver, kind: .midterm, value: "6")],
                                      assignmentID: assignments[0], semester: 1, by: teacher)
            }
            #expect(entered?.problems.map(\.row) == [2])
            let conduct = await #expect(throws: InputRejected.self) {
                try await store.recordConduct([ConductEntry(studentID: leaver, conduct: .kha, absences: 0)], classID: receiving.id, semester: 1, by: homeroom)
            }
            #expect(conduct?.problems.first?.reason.vi.contains("trường cũ") == true)
            #expect(try await store.semesterMarks(assignmentID: assignments[0], semester: 1).isEmpty, "nothing of the refused batch was stored")
            let notCarried = await #expect(throws: InputRejected.self) {
                try await store.submit(assignmentID: computing, semester: 1, by: teacher)
            }
            #expect(notCarried?.problems.contains { $0.value == String(leaver) } == true, "a subject the other school did not teach is asked for")
            try await Self.semester(1, classID: receiving.id, assignments: assignments,
                                    marks: { GradebookStoreTests.fullMarks($0 == computing ? classmates : others, "6.0") },
                                    conduct: classmates.map { $0 == leaver ? ConductEntry(studentID: $0, conduct: nil, absences: nil)
                                        : ConductEntry(studentID: $0, conduct: .dat, absences: 0) },
                                    teacher: teacher, homeroom: homeroom, principal: principal, db)
            try await Self.semester(2, classID: receiving.id, assignments: assignments, marks: { _ in GradebookStoreTests.fullMarks(classmates, "7.0") },
                                    conduct: classmates.map { ConductEntry(studentID: $0, conduct: .kha, absences: 1) },
                                    teacher: teacher, homeroom: homeroom, principal: principal, db)

            // The year: semester I as signed there (9.5), semester II here (7.0): (9.5 + 2 × 7.0) / 3 = 7.83 → 7.8.
            let (years, lessons) = try await store.studentYears(classID: receiving.id)
            let year = try #require(years.first { $0.studentID == String(leaver) })
            let result = TT22Rules().results(of: year, lessonsPerYear: lessons)
            #expect(result.subjects.map { $0.year?.description } == Array(repeating: "7.8", count: 6) + ["6.7"])
            #expect(year.conduct == [.tot, .kha] && year.absences == 3)
            let classmate = try #require(years.first { $0.studentID == String(others[0]) })
            #expect(TT22Rules().results(of: classmate, lessonsPerYear: lessons).subjects.first?.year?.description == "6.7")

            let continued = try await hocBa.draft(studentID: leaver, classID: receiving.id, by: actor)
            #expect(continued.document.semesters == nil && continued.document.firstSemesterSchool == sealed.document.school)
            #expect(continued.document.school == receiving.schoolName)
            #expect(continued.document.subjects.map(\.firstSemester) == Array(repeating: "9.5", count: 6) + ["6.0"])
            #expect(continued.document.subjects.map(\.year) == Array(repeating: "7.8", count: 6) + ["6.7"])
            // Versions are numbered per student and year; each school's own record stays current in its class.
            #expect(continued.version == 2 && continued.isCurrent)
            let stillThere = try await hocBa.version(id: record.id)
            #expect(stillThere.isCurrent, "the other school's signed record of semester I stays its current one")
            #expect(try await hocBa.currentVersions(classID: receiving.id).map(\.id) .contains(continued.id))

            // The same record again is refused by name; nothing else changes.
            let again = await #expect(throws: EduError.self) {
                _ = try await hocBa.importTransferred(pdf: sealed.pdf, json: Array(sealed.json.utf8), studentID: leaver,
                                                      verifier: try await signers.documentVerifier(), by: actor)
            }
            #expect(again?.code == "hoc_ba.transfer_known")
            // Semester I: six subjects at 9.5 and Tin học at 6.0, below Tốt's 6.5 for every subject.
            #expect(continued.document.learning == ["Khá", "Khá", "Khá"])
            #expect(continued.document.absences == 3)
            let continuedText = try Self.text(of: continued.pdf)
            #expect(continuedText.contains("Học kì I học tại"), "\(continuedText)")
        }
    }

    /// The student moves to `classID` of `school`, the class (and its enrolments) of `grade`.
    static func move(_ student: Int, to classID: Int, school: Int, grade: Int, _ sql: any SQLDatabase) async throws {
        try await sql.raw("UPDATE classes SET grade = \(bind: grade) WHERE id = \(bind: classID)").run()
        try await sql.raw("UPDATE enrolments SET grade = \(bind: grade) WHERE class_id = \(bind: classID)").run()
        try await sql.raw("""
            UPDATE enrolments SET class_id = \(bind: classID), school_id = \(bind: school), grade = \(bind: grade) WHERE student_id = \(bind: student)
            """).run()
    }

    /// The record signed by the class's homeroom teacher, the school's principal and its seal.
    static func signedInFull(_ record: HocBaVersion, cast: GradebookStoreTests.Cast, hocBa: HocBaStore, signers: SignerStore,
                             _ db: TestDatabase) async throws -> HocBaVersion {
        let principalID = try #require(try await db.database.sql.raw("""
            SELECT id FROM staff WHERE school_id = \(bind: cast.schoolID) AND position = 'Hiệu trưởng'
            """).first(decoding: IDRow.self)).id
        for name in [try await HocBaStoreTests.signerName(staffID: cast.homeroom.staffIDs.first!, db),
                     try await HocBaStoreTests.signerName(staffID: principalID, db),
                     try await HocBaStoreTests.signerName(sealOf: cast.schoolID, db)] {
            _ = try await hocBa.sign(documentID: record.id, signerName: name, timestamping: try await HocBaStoreTests.timestamping(signers),
                                     signers: signers, by: Actor(name: "test", origin: "test"))
        }
        return try await hocBa.version(id: record.id)
    }

    static func text(of pdf: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-\(UUID().uuidString).pdf")
        try Data(pdf).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        return try ExternalProgram.run("/usr/bin/pdftotext", [file.path, "-"]).output.precomposedStringWithCanonicalMapping
    }
}

extension MidYearTransferTests {
    /// TT27: the primary school the student leaves signs the middle and the end of HK I; the receiving primary class
    /// carries those points, refuses them again, and completes the year.
    @Test func aPrimaryStudentMovesAfterTheFirstSemester() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            let actor = Actor(name: "test", origin: "test")
            let leaver = cast.students[0]
            try await db.database.transaction { try await DemoYear.fill(classID: cast.classID, semesters: 1, $0) }
            try await HocBaStoreTests.demoSigners(schoolID: cast.schoolID, db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let record = try await hocBa.draft(studentID: leaver, classID: cast.classID, leavingAfterFirstSemester: true, by: actor)
            let sent = try #require(record.document.primary)
            let (first, later) = ([AssessmentPoint.midFirst, .endFirst].map(\.rawValue), [AssessmentPoint.midSecond, .endOfYear].map(\.rawValue))
            #expect(record.document.semesters == 1 && sent.result == nil && record.document.outcome == nil)
            #expect(!sent.subjects.isEmpty && sent.subjects.allSatisfy { subject in
                first.allSatisfy { subject.levels[$0] != nil } && later.allSatisfy { subject.levels[$0] == nil && subject.tests[$0] == nil }
            })
            #expect(sent.qualities.allSatisfy { quality in first.allSatisfy { quality.levels[$0] != nil } && later.allSatisfy { quality.levels[$0] == nil } })
            let text = try Self.text(of: record.pdf)
            #expect(text.contains("Chuyển trường sau học kì I") && text.contains("Học bạ học kì I"), "\(text)")

            let signers = SignerStore(sql, cipher: db.cipher)
            let sealed = try await Self.signedInFull(record, cast: cast, hocBa: hocBa, signers: signers, db)

            // The receiving primary class, of another school and the same school year.
            struct Row: Decodable { let id: Int; let schoolId: Int; let homeroomStaffId: Int }
            let receiving = try #require(try await sql.raw("""
                SELECT c.id, c.school_id, c.homeroom_staff_id FROM classes c
                WHERE c.school_id <> \(bind: cast.schoolID) AND c.grade BETWEEN 1 AND 5 AND c.homeroom_staff_id IS NOT NULL
                AND c.school_year = (SELECT school_year FROM classes WHERE id = \(bind: cast.classID)) ORDER BY c.id LIMIT 1
                """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            let otherGrade = sealed.document.grade == 5 ? 4 : sealed.document.grade + 1
            try await Self.move(leaver, to: receiving.id, school: receiving.schoolId, grade: otherGrade, sql)
            _ = try await hocBa.importTransferred(pdf: sealed.pdf, json: Array(sealed.json.utf8), studentID: leaver,
                                                  verifier: try await signers.documentVerifier(), by: actor)
            let store = GradebookStore(sql)
            func carriedQualities() async throws -> [QualityLevel?] {
                try #require(try await store.primaryYears(classID: receiving.id).first { $0.studentID == String(leaver) }).qualities.map { $0.levels[0] }
            }
            #expect(try await carriedQualities().allSatisfy { $0 == nil }, "another grade's semester I is not this class's")
            try await Self.move(leaver, to: receiving.id, school: receiving.schoolId, grade: sealed.document.grade, sql)
            #expect(try await carriedQualities().allSatisfy { $0 != nil })
            let homeroom = GradebookActor(staffIDs: [receiving.homeroomStaffId], actor: Actor(name: "gvcn2", origin: "test"))
            let refused = await #expect(throws: InputRejected.self) {
                try await store.recordQualities([QualityEntry(studentID: leaver, item: store.qualities[0], kind: .midterm, level: .good)],
                                                classID: receiving.id, semester: 1, by: homeroom)
            }
            #expect(refused?.problems.first?.reason.vi.contains("trường cũ") == true)
            // DemoYear assesses semester I here only for what the other school did not (it skips the carried student), and
            // the confirmation does not ask for the carried student's qualities.
            try await db.database.transaction { try await DemoYear.fill(classID: receiving.id, seed: 7, $0) }

            let year = try #require(try await store.primaryYears(classID: receiving.id).first { $0.studentID == String(leaver) })
            for subject in year.subjects {
                if let given = sent.subjects.first(where: { $0.name == subject.name }) {
                    #expect(first.allSatisfy { subject.levels[$0]?.rawValue == given.levels[$0] && subject.tests[$0] == given.tests[$0] }, "\(subject.name)")
                } else {
                    #expect(subject.levels[AssessmentPoint.endFirst.rawValue] != nil, "\(subject.name) was not taught there: assessed here")
                }
                #expect(subject.levels[AssessmentPoint.endOfYear.rawValue] != nil)
            }
            #expect(year.qualities.allSatisfy { quality in
                first.allSatisfy { quality.levels[$0]?.rawValue == sent.qualities.first { $0.name == quality.name }?.levels[$0] }
            })

            let continued = try await hocBa.draft(studentID: leaver, classID: receiving.id, by: actor)
            #expect(continued.document.firstSemesterSchool == sealed.document.school && continued.document.semesters == nil)
            #expect(continued.document.primary?.result != nil, "the year is judged at its end, here")
        }
    }
}
