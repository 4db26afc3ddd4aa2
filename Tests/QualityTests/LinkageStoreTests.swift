import Access
import EduCore
import Quality
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

/// Linkage over the registry's students: scans propose pairs, reviewers merge or separate them and can undo, on SQLite
/// and (with EDUVN_DATABASE_URL) PostgreSQL.
@Suite struct LinkageStoreTests {
    let reviewer = Actor(name: "reviewer", origin: "test")
    static let interval = 20

    struct Echo: Decodable, Hashable { let original: Int; let echo: Int }

    /// A demo province of 240 students and the echo (second record) of every 20th; the original and echo of each.
    func seeded(_ db: TestDatabase) async throws -> (DemoProvince, [Echo]) {
        let province = try await db.loadDemo(students: 240)
        try await DemoLoader(database: db.database, cipher: db.cipher).loadEchoes(of: province, every: Self.interval, by: .commandLine)
        let echoes = try await db.database.sql.raw("""
            SELECT o.id AS original, e.id AS echo FROM students e JOIN students o ON e.student_code = 'TN' || o.student_code ORDER BY o.id
            """).all(decoding: Echo.self)
        return (province, echoes)
    }

    func store(_ db: any SQLDatabase, _ test: TestDatabase) -> LinkageStore { LinkageStore(db, cipher: test.cipher) }

    func scan(_ db: TestDatabase) async throws -> LinkageStore.Scan {
        try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
    }

    func pairID(_ echo: Echo, in pairs: [LinkageStore.Pair]) throws -> Int {
        try #require(pairs.first { Set([$0.firstId, $0.secondId]) == Set([echo.original, echo.echo]) }).id
    }

    /// A third record of the child, a copy of the echo under another student code.
    func thirdRecord(of child: Echo, _ sql: any SQLDatabase) async throws -> Int {
        try await sql.raw("""
            INSERT INTO students (school_id, student_code, full_name, name_key, date_of_birth, gender, birthplace, created_at, updated_at)
            SELECT school_id, 'THIRD', full_name, name_key, date_of_birth, gender, birthplace, created_at, updated_at FROM students WHERE id = \(bind: child.echo)
            """).run()
        return try await sql.raw("SELECT id FROM students WHERE student_code = 'THIRD'").first(decoding: IDRow.self)!.id
    }

    func liveMerges(_ db: TestDatabase) async throws -> Int {
        try await db.database.sql.raw("SELECT COUNT(*) AS n FROM student_merges WHERE undone_at IS NULL").first(decoding: CountRow.self)!.n
    }

    @Test func aScanProposesEveryEchoWithItsOriginalStrongestFirst() async throws {
        try await TestDatabase.with { db in
            let (province, echoes) = try await seeded(db)
            #expect(echoes.count == province.studentCount / Self.interval)
            let scan = try await scan(db)
            let staff = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM staff").first(decoding: CountRow.self)!.n
            #expect(scan.records == province.studentCount + echoes.count + staff, "students and staff")
            let pairs = try await store(db.database.sql, db).pairs(status: "pending", schools: nil)
            #expect(pairs.count == scan.pending[.students] && scan.pending[.staff] == 0 && pairs.count == scan.proposed)
            for echo in echoes { _ = try pairID(echo, in: pairs) }
            #expect(pairs.count <= echoes.count + 2, "few namesakes proposed besides the echoes")
            #expect(pairs.map(\.probability) == pairs.map(\.probability).sorted(by: >))
            // The echoes have no personal ID (level 0) and the plain copies agree on name, birth date and gender.
            let plain = try #require(pairs.first { $0.id == (try? pairID(echoes[0], in: pairs)) })
            #expect(plain.fieldLevels.prefix(4) == [0, 1, 1, 1])
        }
    }

    @Test func aMergeIsAuditedRefusedTwiceAndUndoneWithItsRowKept() async throws {
        try await TestDatabase.with { db in
            let (_, echoes) = try await seeded(db)
            _ = try await scan(db)
            let sql = db.database.sql
            let id = try pairID(echoes[0], in: try await store(sql, db).pairs(status: "pending", schools: nil))
            try await db.database.transaction { tx in try await store(tx, db).merge(pairID: id, survivorID: echoes[0].original, by: reviewer) }
            #expect(try await store(sql, db).root(of: echoes[0].echo) == echoes[0].original)
            #expect(try await store(sql, db).pair(id: id)?.status == "merged")
            #expect(try await store(sql, db).pair(id: id)?.decidedBy == "reviewer")
            await #expect(throws: EduError.self) {
                try await store(sql, db).merge(pairID: id, survivorID: echoes[0].echo, by: reviewer)
            }
            try await db.database.transaction { tx in try await store(tx, db).undo(pairID: id, by: reviewer) }
            #expect(try await store(sql, db).root(of: echoes[0].echo) == echoes[0].echo)
            #expect(try await store(sql, db).pair(id: id)?.status == "pending")
            let rows = try await sql.raw("SELECT COUNT(*) AS n FROM student_merges WHERE pair_id = \(bind: id) AND undone_at IS NOT NULL")
                .first(decoding: CountRow.self)!.n
            #expect(rows == 1, "the undone merge is kept")
            let actions = try await AuditLog(sql).entries(entity: "linkage_pair", entityID: String(id)).map(\.action)
            #expect(actions == ["undo_merged", "merge"], "newest first")
            #expect(try await AuditLog(sql).verify() == .intact(entries: try await sql.raw("SELECT COUNT(*) AS n FROM audit_log").first(decoding: CountRow.self)!.n))
            await #expect(throws: EduError.self) { try await store(sql, db).merge(pairID: id, survivorID: 1_000_000, by: reviewer) }
        }
    }

    /// A merged record is the same child: quality runs, registry counts and the reconciliation tally count the kept
    /// record only, and count both again once the merge is undone.
    @Test func mergedRecordsAreFoldedIntoCountsScoresAndTheTally() async throws {
        try await TestDatabase.with { db in
            let (_, echoes) = try await seeded(db)
            _ = try await scan(db)
            let sql = db.database.sql
            func figures() async throws -> (quality: Int, registry: Int, tally: Int) {
                let run = try await db.database.transaction { tx in
                    try await QualityStore(tx).run(rules: try QualityRule.standard(), today: CalendarDate(year: 2026, month: 11, day: 23)!,
                                                   cipher: db.cipher, by: .commandLine)
                }
                let everywhere = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])
                let registry = try await RegistryStore(sql, cipher: db.cipher).countsByUnit(in: everywhere).reduce(0) { $0 + $1.students }
                return (run.records, registry, try await ReconciliationStore(sql).tally().students)
            }
            let before = try await figures()
            let id = try pairID(echoes[0], in: try await store(sql, db).pairs(status: "pending", schools: nil))
            try await db.database.transaction { tx in try await store(tx, db).merge(pairID: id, survivorID: echoes[0].original, by: reviewer) }
            let merged = try await figures()
            #expect(merged.quality == before.quality - 1 && merged.registry == before.registry - 1 && merged.tally == before.tally - 1)
            try await db.database.transaction { tx in try await store(tx, db).undo(pairID: id, by: reviewer) }
            let undone = try await figures()
            #expect(undone.quality == before.quality && undone.registry == before.registry && undone.tally == before.tally)
        }
    }

    /// A rescan leaves decisions alone, skips merged records, and withdraws a proposal the data no longer supports.
    @Test func aRescanKeepsDecisionsAndWithdrawsStaleProposals() async throws {
        try await TestDatabase.with { db in
            let (province, echoes) = try await seeded(db)
            _ = try await scan(db)
            let sql = db.database.sql
            let pending = try await store(sql, db).pairs(status: "pending", schools: nil)
            let (merged, distinct, stale) = (try pairID(echoes[0], in: pending), try pairID(echoes[1], in: pending), try pairID(echoes[2], in: pending))
            try await store(sql, db).merge(pairID: merged, survivorID: echoes[0].original, by: reviewer)
            try await store(sql, db).markDistinct(pairID: distinct, by: reviewer)
            try await sql.raw("UPDATE students SET full_name = 'Khổng Minh Triết', date_of_birth = '2001-09-09' WHERE id = \(bind: echoes[2].echo)").run()
            let again = try await scan(db)
            let staff = try await sql.raw("SELECT COUNT(*) AS n FROM staff").first(decoding: CountRow.self)!.n
            #expect(again.records == province.studentCount + echoes.count - 1 + staff, "the merged record left out")
            #expect(try await store(sql, db).pair(id: merged)?.status == "merged")
            #expect(try await store(sql, db).pair(id: distinct)?.status == "distinct")
            #expect(try await store(sql, db).pair(id: stale)?.status == "withdrawn")
            await #expect(throws: EduError.self) { try await store(sql, db).merge(pairID: stale, survivorID: echoes[2].original, by: reviewer) }
            #expect(try await store(sql, db).pairs(status: "pending", schools: nil).count == again.pending[.students])
            #expect(again.proposed == again.pending[.students]! + 1, "the pair called two people is still proposed, and stays decided")
        }
    }

    /// Three records of one child: merging two pairs makes one chain; the third pair is then refused as already one
    /// person; undoing the first merge splits only that link.
    @Test func mergesChainToOneSurvivor() async throws {
        try await TestDatabase.with { db in
            let (_, echoes) = try await seeded(db)
            let sql = db.database.sql
            let child = echoes[0]
            let third = try await thirdRecord(of: child, sql)
            _ = try await scan(db)
            let pairs = try await store(sql, db).pairs(status: "pending", schools: nil)
            let originalEcho = try pairID(child, in: pairs)
            let echoThird = try pairID(Echo(original: child.echo, echo: third), in: pairs)
            let originalThird = try pairID(Echo(original: child.original, echo: third), in: pairs)
            try await store(sql, db).merge(pairID: originalEcho, survivorID: child.original, by: reviewer)
            try await store(sql, db).merge(pairID: echoThird, survivorID: child.echo, by: reviewer)
            #expect(try await store(sql, db).root(of: third) == child.original)
            await #expect(throws: EduError.self) { try await store(sql, db).merge(pairID: originalThird, survivorID: child.original, by: reviewer) }
            try await store(sql, db).undo(pairID: originalEcho, by: reviewer)
            #expect(try await store(sql, db).root(of: child.echo) == child.echo)
            #expect(try await store(sql, db).root(of: third) == child.original)
        }
    }

    /// An import rewriting the echoes while reviewers merge, undo and merge them again: every imported change is there,
    /// and every pair ends with exactly one live merge.
    @Test func mergesAndUndosDuringAnImportLoseNothing() async throws {
        try await TestDatabase.with { db in
            let (province, echoes) = try await seeded(db)
            _ = try await scan(db)
            let sql = db.database.sql
            let pending = try await store(sql, db).pairs(status: "pending", schools: nil)
            let ids = try echoes.map { try pairID($0, in: pending) }
            let header = RegistrySheet.students.englishHeader
            let moved = province.echoes(every: Self.interval).map { row in
                var row = row
                row[header.firstIndex(of: "address")!] = "Số 1, đường Mới"
                return row
            }
            let path = try TestDatabase.csv(header, moved)
            async let imported = RegistryImporter(database: db.database, cipher: db.cipher)
                .importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            for (echo, id) in zip(echoes, ids) {
                for step in 0..<3 {
                    try await db.database.transaction { tx in
                        if step == 1 {
                            try await store(tx, db).undo(pairID: id, by: reviewer)
                        } else {
                            try await store(tx, db).merge(pairID: id, survivorID: echo.original, by: reviewer)
                        }
                    }
                }
            }
            #expect(try await imported.updated == echoes.count)
            let addresses = try await sql.raw("SELECT COUNT(*) AS n FROM students WHERE address = 'Số 1, đường Mới'").first(decoding: CountRow.self)!.n
            #expect(addresses == echoes.count)
            #expect(try await liveMerges(db) == echoes.count)
            for echo in echoes { #expect(try await store(sql, db).root(of: echo.echo) == echo.original) }
        }
    }

    /// A merge may not join two people with different personal IDs through a record without one, nor reach a record in
    /// a school the reviewer may not write to.
    @Test func mergesKeepOneIDPerPersonAndStayInReach() async throws {
        try await TestDatabase.with { db in
            let (_, echoes) = try await seeded(db)
            let sql = db.database.sql
            let child = echoes[0]
            // A namesake born the same day with another ID: the echo (no ID) looks like both.
            let other = "031219000001"
            try await sql.raw("""
                INSERT INTO students (school_id, student_code, full_name, name_key, date_of_birth, gender, birthplace, national_id_enc,
                                      national_id_hash, created_at, updated_at)
                SELECT school_id, 'NAMESAKE', full_name, name_key, date_of_birth, gender, birthplace, \(bind: try db.cipher.seal(other)),
                       \(bind: db.cipher.lookupHash(other)), created_at, updated_at FROM students WHERE id = \(bind: child.original)
                """).run()
            let namesake = try await sql.raw("SELECT id FROM students WHERE student_code = 'NAMESAKE'").first(decoding: IDRow.self)!.id
            _ = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            let pairs = try await store(sql, db).pairs(status: "pending", schools: nil)
            #expect(!pairs.contains { Set([$0.firstId, $0.secondId]) == Set([child.original, namesake]) }, "two IDs are never proposed")
            let originalEcho = try pairID(child, in: pairs), echoNamesake = try pairID(Echo(original: namesake, echo: child.echo), in: pairs)

            struct School: Decodable { let schoolId: Int }
            let echoSchool = try await sql.raw("SELECT school_id FROM students WHERE id = \(bind: child.echo)")
                .first(decoding: School.self, keyDecodingStrategy: .convertFromSnakeCase)!.schoolId
            let outside = await #expect(throws: EduError.self) {
                try await store(sql, db).merge(pairID: originalEcho, survivorID: child.echo, writableSchools: [echoSchool], by: reviewer)
            }
            #expect(outside?.code == "linkage.reach", "the original's school is outside the reviewer's rights")

            try await store(sql, db).merge(pairID: originalEcho, survivorID: child.original, by: reviewer)
            let twoIDs = await #expect(throws: EduError.self) {
                try await store(sql, db).merge(pairID: echoNamesake, survivorID: namesake, by: reviewer)
            }
            #expect(twoIDs?.code == "linkage.two_ids")
            #expect(try await store(sql, db).root(of: namesake) == namesake)
        }
    }

    /// Three records of one child and three reviewers at once, one pair each, every merge making a loop possible:
    /// decisions are serialised, so two merges succeed, the third finds them already one, and the chain ends.
    @Test func concurrentMergesCannotMakeALoop() async throws {
        try await TestDatabase.with { db in
            let (_, echoes) = try await seeded(db)
            let sql = db.database.sql
            let child = echoes[1]
            let third = try await thirdRecord(of: child, sql)
            _ = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            let pairs = try await store(sql, db).pairs(status: "pending", schools: nil)
            // Each merge keeps the record the next one merges away: original ← echo ← third ← original.
            let plan = [(try pairID(child, in: pairs), child.echo), (try pairID(Echo(original: child.echo, echo: third), in: pairs), third),
                        (try pairID(Echo(original: child.original, echo: third), in: pairs), child.original)]
            let outcomes = await withTaskGroup(of: String.self) { group in
                for (pair, survivor) in plan {
                    group.addTask {
                        do {
                            try await db.database.transaction { tx in
                                try await LinkageStore(tx, cipher: db.cipher).merge(pairID: pair, survivorID: survivor, by: reviewer)
                            }
                            return "merged"
                        } catch let error as EduError {
                            return error.code
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.sorted() == ["linkage.already_one", "merged", "merged"], "\(outcomes)")
            let roots = Set([try await store(sql, db).root(of: child.original), try await store(sql, db).root(of: child.echo),
                             try await store(sql, db).root(of: third)])
            #expect(roots.count == 1)
            #expect(try await liveMerges(db) == 2)
        }
    }
}
