import Access
import EduCore
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

@Suite struct ReachTests {
    struct Code: Decodable { let id: Int; let code: String }

    @Test func teacherSeesOnlyTheirHomeroomClass() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            struct HomeroomRow: Decodable { let classId: Int; let schoolId: Int; let staffId: Int }
            let homeroom = try await db.database.sql.raw("""
                SELECT c.id AS class_id, c.school_id, c.homeroom_staff_id AS staff_id FROM classes c
                WHERE c.homeroom_staff_id IS NOT NULL AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id) ORDER BY c.id LIMIT 1
                """).first(decoding: HomeroomRow.self, keyDecodingStrategy: .convertFromSnakeCase)!
            let teacher = Principal(kind: .user, id: 1, name: "gv", grants: [Grant(role: .teacher, schoolID: homeroom.schoolId, staffID: homeroom.staffId)])
            let reach = try await store.reach(of: teacher)
            #expect(reach.classes == [homeroom.classId])
            #expect(!reach.canWrite(school: homeroom.schoolId))
            let visible = try await store.students(in: reach, limit: 1000)
            let inClass = try await store.students(classID: homeroom.classId, in: .init(allSchools: true, schools: [], classes: [], writableAll: false, writableSchools: []), limit: 1000)
            #expect(!visible.isEmpty)
            #expect(Set(visible.map(\.id)) == Set(inClass.map(\.id)))
            let outsider = try await db.database.sql.raw("""
                SELECT id FROM students WHERE id NOT IN (SELECT student_id FROM enrolments WHERE class_id = \(bind: homeroom.classId)) LIMIT 1
                """).first(decoding: IDRow.self)!
            #expect(try await store.student(id: outsider.id, in: reach, by: .commandLine) == nil)
        }
    }

    /// A homeroom teacher keeps last year's class through the summer, once next year's classes are in, and loses it
    /// the year after.
    @Test func teacherReachFollowsTheSchoolYears() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let sql = db.database.sql, store = RegistryStore(sql, cipher: db.cipher)
            struct HomeroomRow: Decodable { let classId: Int; let schoolId: Int; let staffId: Int }
            let homeroom = try await sql.raw("""
                SELECT c.id AS class_id, c.school_id, c.homeroom_staff_id AS staff_id FROM classes c
                WHERE c.homeroom_staff_id IS NOT NULL AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id) ORDER BY c.id LIMIT 1
                """).first(decoding: HomeroomRow.self, keyDecodingStrategy: .convertFromSnakeCase)!
            let teacher = Principal(kind: .user, id: 1, name: "gv", grants: [Grant(role: .teacher, schoolID: homeroom.schoolId, staffID: homeroom.staffId)])
            let pupil = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: homeroom.classId) LIMIT 1")
                .first(decoding: IDRow.self)!.id
            func nextYear(_ year: String) async throws {
                try await sql.raw("""
                    INSERT INTO classes (school_id, school_year, grade, name, created_at, updated_at)
                    VALUES (\(bind: homeroom.schoolId), \(bind: year), 1, '1A9', '2026-08-01', '2026-08-01')
                    """).run()
            }
            try await nextYear("2026-2027")
            var reach = try await store.reach(of: teacher)
            #expect(reach.classes == [homeroom.classId])
            #expect(try await store.student(id: pupil, in: reach, by: .commandLine) != nil, "through the summer")
            try await nextYear("2027-2028")
            reach = try await store.reach(of: teacher)
            #expect(reach.classes.isEmpty)
            #expect(try await store.student(id: pupil, in: reach, by: .commandLine) == nil, "the year after")
        }
    }

    @Test func communeOfficerSeesOnlyTheCommunesSchools() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let unit = try await db.database.sql.raw("SELECT id, code FROM units WHERE kind <> 'department' ORDER BY id LIMIT 1").first(decoding: Code.self)!
            let officer = Principal(kind: .user, id: 2, name: "xa", grants: [Grant(role: .communeOfficer, unitID: unit.id)])
            let reach = try await store.reach(of: officer)
            let expected = try await db.database.sql.raw("SELECT id FROM schools WHERE unit_id = \(bind: unit.id)").all(decoding: IDRow.self).map(\.id)
            #expect(reach.schools == Set(expected))
            #expect(reach.writableSchools == Set(expected))
            let schools = try await store.schools(in: reach, limit: 500)
            #expect(Set(schools.map(\.id)) == Set(expected))
        }
    }

    @Test func readOnlyTokensCannotWrite() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let token = Principal(kind: .token, id: 1, name: "kho", grants: [Grant(role: .departmentStaff)], readOnly: true)
            let reach = try await store.reach(of: token)
            #expect(reach.allSchools && !reach.writableAll)
        }
    }

    @Test func nobodyWithoutGrantsSeesAnything() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let reach = try await store.reach(of: Principal(kind: .user, id: 3, name: "none", grants: []))
            #expect(reach == .nothing)
            #expect(try await store.students(in: reach).isEmpty)
            #expect(try await store.schools(in: reach).isEmpty)
        }
    }
}

@Suite struct SearchTests {
    let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])

    @Test func nameSearchIgnoresDiacriticsAndCase() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let results = try await store.students(matching: "nguyen", in: everything, limit: 500)
            #expect(!results.isEmpty)
            #expect(results.allSatisfy { $0.fullName.hasPrefix("Nguyễn") })
            let exact = results[0].fullName
            let folded = PersonName.foldedKey(exact).uppercased()
            #expect(try await store.students(matching: folded, in: everything, limit: 500).contains { $0.fullName == exact })
        }
    }

    @Test func findsByPersonalIDAndByStudentCode() async throws {
        try await TestDatabase.with { db in
            let province = try await db.loadDemo()
            var first: [String] = []
            province.forEachStudent { if first.isEmpty { first = $0 } }
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let byID = try await store.students(matching: first[5], in: everything)
            #expect(byID.map(\.fullName) == [first[1]])
            let byCode = try await store.students(matching: first[4], in: everything)
            #expect(byCode.map(\.fullName) == [first[1]])
            let typedLower = try await store.students(matching: first[4].lowercased(), in: everything)
            #expect(first[4] != first[4].lowercased() && typedLower.map(\.fullName) == [first[1]])
            // A code stored in mixed case is found however it is typed; so is a staff member's.
            try await db.database.sql.raw("UPDATE students SET student_code = 'Hs-Mixed01' WHERE student_code = \(bind: first[4])").run()
            #expect(try await store.students(matching: "hS-mIXED01", in: everything).map(\.fullName) == [first[1]])
            let staff = try #require(try await store.staff(in: everything, limit: 1).first)
            try await db.database.sql.raw("UPDATE staff SET staff_code = 'Gv-Mixed01' WHERE id = \(bind: staff.id)").run()
            #expect(try await store.staff(matching: "gV-mixed01", in: everything).map(\.id) == [staff.id])
        }
    }

    /// The code searches read the index of lowered codes, on either database (PostgreSQL told to avoid a scan of the
    /// nearly empty test tables, in the plan's own transaction).
    @Test func codeSearchesUseTheirIndex() async throws {
        try await TestDatabase.with { db in
            let sqlite = db.database.dialect == .sqlite
            for (query, index) in [("SELECT id FROM students s WHERE lower(s.student_code) = 'x'", "students_code_lower"),
                                   ("SELECT id FROM staff WHERE lower(staff_code) = 'x'", "staff_code_lower")] {
                let plan = try await db.database.transaction { sql in
                    if !sqlite { try await sql.raw("SET LOCAL enable_seqscan = off").run() }
                    return try await sql.raw("\(unsafeRaw: sqlite ? "EXPLAIN QUERY PLAN" : "EXPLAIN") \(unsafeRaw: query)").all()
                        .map { try $0.decode(column: sqlite ? "detail" : "QUERY PLAN", as: String.self) }.joined(separator: "\n")
                }
                #expect(plan.contains(index), "\(plan)")
            }
        }
    }
}
