import Access
import EduCore
import Quality
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

/// Staff records in the linkage scan: a teacher entered again at another school (as the merger of the two provinces'
/// databases left some) is proposed, merged in the staff's own tables, left out of the figures, and the merge undone.
@Suite struct StaffLinkageTests {
    let reviewer = Actor(name: "reviewer", origin: "test")

    @Test func aTeacherEnteredTwiceIsProposedMergedAndUndone() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 240)
            let sql = db.database.sql
            let teacher = try await sql.raw("SELECT id FROM staff WHERE status = 'active' ORDER BY id LIMIT 1").first(decoding: IDRow.self)!.id
            let echo = try await db.copyStaff(teacher, code: "HD-ECHO")
            let scan = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            let staffStore = LinkageStore(sql, cipher: db.cipher, roster: .staff)
            let pending = try await staffStore.pairs(status: "pending", schools: nil)
            #expect(scan.pending[.staff] == pending.count)
            let pair = try #require(pending.first { $0.firstId == teacher && $0.secondId == echo }, "\(pending)")
            #expect(pair.fieldLevels.prefix(4) == [0, 1, 1, 1], "no ID on one side; name, birth date and gender the same")
            func rows(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first(decoding: CountRow.self)!.n
            }
            let (staffPairRows, studentPairRows) = (try await rows("staff_linkage_pairs"), try await rows("linkage_pairs"))
            #expect(staffPairRows == scan.pending[.staff] && studentPairRows == scan.pending[.students], "staff pairs are kept apart from the students'")
            let inStudentPairs = try await sql.raw("""
                SELECT COUNT(*) AS n FROM linkage_pairs WHERE first_id IN (\(bind: teacher), \(bind: echo)) AND second_id IN (\(bind: teacher), \(bind: echo))
                """).first(decoding: CountRow.self)!.n
            #expect(inStudentPairs == 0)

            func figures() async throws -> (quality: Int, registry: Int, tally: Int) {
                let run = try await db.database.transaction { tx in
                    try await QualityStore(tx).run(rules: try QualityRule.standard(), today: CalendarDate(year: 2026, month: 11, day: 23)!,
                                                   cipher: db.cipher, by: .commandLine)
                }
                let everywhere = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])
                let registry = try await RegistryStore(sql, cipher: db.cipher).countsByUnit(in: everywhere).reduce(0) { $0 + $1.staff }
                return (run.records, registry, try await ReconciliationStore(sql).tally().staff)
            }
            let before = try await figures()
            try await db.database.transaction { tx in
                try await LinkageStore(tx, cipher: db.cipher, roster: .staff).merge(pairID: pair.id, survivorID: teacher, by: reviewer)
            }
            #expect(try await staffStore.root(of: echo) == teacher)
            #expect(try await staffStore.pair(id: pair.id)?.status == "merged")
            let merged = try await figures()
            #expect(merged.quality == before.quality - 1 && merged.registry == before.registry - 1 && merged.tally == before.tally - 1,
                    "the merged record is the same person: counted once")
            let rescan = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            #expect(rescan.records == scan.records - 1, "a rescan leaves the merged record out")
            #expect(try await staffStore.pair(id: pair.id)?.status == "merged", "and keeps the decision")

            try await db.database.transaction { tx in try await LinkageStore(tx, cipher: db.cipher, roster: .staff).undo(pairID: pair.id, by: reviewer) }
            #expect(try await staffStore.root(of: echo) == echo)
            let undone = try await figures()
            #expect(undone.quality == before.quality && undone.registry == before.registry && undone.tally == before.tally)
            let audit = try await AuditLog(sql).entries(entity: "staff_linkage_pair", entityID: String(pair.id)).map(\.action)
            #expect(audit.sorted() == ["merge", "undo_merged"], "\(audit)")
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM staff_merges WHERE pair_id = \(bind: pair.id)").first(decoding: CountRow.self)!.n
            #expect(rows == 1, "the undone merge keeps its row")
        }
    }
}

/// The demo's staff echoes (`serve --demo` loads them): each second record is proposed with its original.
@Suite struct StaffEchoTests {
    @Test func everyStaffEchoIsProposedWithItsOriginal() async throws {
        try await TestDatabase.with { db in
            let province = try await db.loadDemo(students: 1000)
            try await DemoLoader(database: db.database, cipher: db.cipher).loadStaffEchoes(of: province, every: 10, by: .commandLine)
            struct Echo: Decodable { let original: Int; let echo: Int }
            let echoes = try await db.database.sql.raw("""
                SELECT o.id AS original, e.id AS echo FROM staff o JOIN schools s ON s.id = o.school_id
                JOIN staff e ON e.staff_code = 'TN' || s.code || o.staff_code AND e.national_id_enc IS NULL ORDER BY o.id
                """).all(decoding: Echo.self)
            #expect(echoes.count == province.staff.count / 10 && !echoes.isEmpty)
            let scan = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            let pairs = try await LinkageStore(db.database.sql, cipher: db.cipher, roster: .staff).pairs(status: "pending", schools: nil)
            for echo in echoes {
                #expect(pairs.contains { Set([$0.firstId, $0.secondId]) == Set([echo.original, echo.echo]) }, "\(echo)")
            }
            #expect(scan.pending[.staff] == pairs.count && pairs.count <= echoes.count + 2, "few namesakes besides the echoes")
        }
    }
}
