import Access
import EduCore
import Quality
import SQLKit
import Storage
import Testing
import TestSupport

/// Quality runs on the database (SQLite here, PostgreSQL in the second half of scripts/test): scores per school and
/// family kept over runs, worklists from the latest run only.
@Suite struct QualityStoreTests {
    @Test func runsScoreSchoolsAndListWhatToFix() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 200)  // about 200: the demo rounds per class
            let sql = db.database.sql
            let students = try await sql.raw("SELECT id FROM students ORDER BY id LIMIT 3").all(decoding: IDRow.self).map(\.id)
            let school = try await sql.raw("SELECT school_id AS id FROM students WHERE id = \(bind: students[0])").first(decoding: IDRow.self)!.id
            let count = try await sql.raw("SELECT COUNT(*) AS id FROM students").first(decoding: IDRow.self)!.id
            let staffCount = try await sql.raw("SELECT COUNT(*) AS id FROM staff WHERE status = 'active'").first(decoding: IDRow.self)!.id
            let teacher = try await sql.raw("SELECT id FROM staff WHERE school_id = \(bind: school) ORDER BY id LIMIT 1").first(decoding: IDRow.self)!.id
            let classCount = try await sql.raw("""
                SELECT COUNT(*) AS id FROM classes c JOIN schools sc ON sc.id = c.school_id
                WHERE sc.status = 'active' AND c.school_year = (SELECT MAX(l.school_year) FROM classes l WHERE l.school_id = c.school_id)
                """).first(decoding: IDRow.self)!.id
            let schoolCount = try await sql.raw("SELECT COUNT(*) AS id FROM schools WHERE status = 'active'").first(decoding: IDRow.self)!.id
            try await sql.raw("UPDATE schools SET status = 'closed' WHERE id = (SELECT MAX(id) FROM schools)").run()
            let closedClasses = try await sql.raw("""
                SELECT COUNT(*) AS id FROM classes c WHERE c.school_id = (SELECT MAX(id) FROM schools)
                AND c.school_year = (SELECT MAX(l.school_year) FROM classes l WHERE l.school_id = c.school_id)
                """).first(decoding: IDRow.self)!.id
            let schoolClass = try await sql.raw("""
                SELECT id FROM classes WHERE school_id = \(bind: school) ORDER BY school_year DESC, id LIMIT 1
                """).first(decoding: IDRow.self)!.id
            let elsewhere = try await sql.raw("SELECT id FROM staff WHERE school_id <> \(bind: school) AND status = 'active' ORDER BY id LIMIT 1")
                .first(decoding: IDRow.self)!.id
            try await sql.raw("UPDATE schools SET address = 'Số 1 Lạch Tray' WHERE id = \(bind: school)").run()
            let today = CalendarDate(year: 2026, month: 11, day: 23)!
            let rules = try QualityRule.standard()
            let cipher = db.cipher
            let first = try await db.database.transaction { try await QualityStore($0).run(rules: rules, today: today, cipher: cipher, by: .commandLine) }
            #expect(first.records == count + staffCount + classCount - closedClasses + schoolCount - 1 && staffCount > 0 && classCount > 0,
                    "students, active staff, this year's classes and the schools, a closed school and its classes left out")

            try await sql.raw("UPDATE students SET ethnicity = '', guardian_phone = '123' WHERE id = \(bind: students[0])").run()
            try await sql.raw("UPDATE staff SET qualification = '', date_of_birth = '2015-01-01' WHERE id = \(bind: teacher)").run()
            try await sql.raw("UPDATE classes SET homeroom_staff_id = \(bind: elsewhere) WHERE id = \(bind: schoolClass)").run()
            try await sql.raw("UPDATE schools SET address = '' WHERE id = \(bind: school)").run()
            let second = try await db.database.transaction { try await QualityStore($0).run(rules: rules, today: today, cipher: cipher, by: .commandLine) }
            #expect(second.findings >= first.findings + 4)

            let store = QualityStore(sql)
            let worklist = try await store.worklist(schoolID: school)
            let mine = Set(worklist.filter { $0.entity == .student && $0.recordID == students[0] }.map(\.rule.id))
            #expect(mine.isSuperset(of: ["student.ethnicity.present", "student.guardian_phone.valid"]))
            let theirs = Set(worklist.filter { $0.entity == .staff && $0.recordID == teacher }.map(\.rule.id))
            #expect(theirs.isSuperset(of: ["staff.qualification.present", "staff.birth.age"]), "\(theirs)")
            #expect(!worklist.contains { $0.entity == .staff && $0.rule.entity == .student }, "staff are checked by staff rules only")
            #expect(worklist.contains { $0.entity == .schoolClass && $0.recordID == schoolClass && $0.rule.id == "class.homeroom.same_school" },
                    "a class whose homeroom teacher is at another school")
            #expect(worklist.contains { $0.entity == .school && $0.recordID == school && $0.rule.id == "school.address.present" })
            #expect(worklist.allSatisfy { $0.rule.entity == $0.entity })
            let trend = try await store.provinceTrend()
            #expect(trend.count == 2)
            #expect(trend[1].scores[.completeness]!.failures == trend[0].scores[.completeness]!.failures + 3)
            #expect(trend[1].scores[.completeness]!.checks == count * 4 + staffCount * 3 + (classCount - closedClasses) * 2 + (schoolCount - 1) * 3,
                    "four completeness rules on every student, three on every staff member, two on every class, three on every school")
            let worst = try await store.ranking(limit: 3)
            #expect(worst.count == 3)
            #expect(worst[0].score.percent <= worst[1].score.percent)
            let old = try await sql.raw("SELECT COUNT(*) AS id FROM quality_findings WHERE run_id = \(bind: first.runID)").first(decoding: IDRow.self)!.id
            #expect(old == 0, "only the latest run's findings are kept")
            let oldStaff = try await sql.raw("SELECT COUNT(*) AS id FROM quality_staff_findings WHERE run_id = \(bind: first.runID)")
                .first(decoding: IDRow.self)!.id
            #expect(oldStaff == 0)
            let oldSchool = try await sql.raw("SELECT COUNT(*) AS id FROM quality_school_findings WHERE run_id = \(bind: first.runID)")
                .first(decoding: IDRow.self)!.id
            #expect(oldSchool == 0)
        }
    }
}
