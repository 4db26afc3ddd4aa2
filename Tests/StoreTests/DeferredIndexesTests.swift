import SQLKit
import Storage
import Testing
import TestSupport

/// A large load sets SQLite's secondary indexes aside and builds them again; unique ones, which check the keys, stay.
@Suite struct DeferredIndexesTests {
    @Test func secondaryIndexesAreSetAsideAndBuiltAgain() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            _ = try await db.loadDemo()
            let before = try await StudentImportTests.indexes(sql)
            try await db.database.transaction { tx in
                let kept = try await DeferredIndexes.drop(on: ["students", "enrolments"], forLoadOf: 10, tx)
                #expect(try await StudentImportTests.indexes(tx) == before, "a load smaller than the table keeps them")
                try await kept.rebuild(on: tx)
                let deferred = try await DeferredIndexes.drop(on: ["students", "enrolments"], forLoadOf: 1000, tx)
                let during = try await StudentImportTests.indexes(tx)
                if Dialect(tx) == .sqlite {
                    #expect(!during.contains { $0.hasPrefix("students_name_id") || $0.hasPrefix("enrolments_class") }, "\(during)")
                    #expect(during.contains { $0.hasPrefix("sqlite_autoindex_students") }, "the unique keys stay")
                } else {
                    #expect(during == before, "PostgreSQL keeps its indexes")
                }
                try await deferred.rebuild(on: tx)
                #expect(try await StudentImportTests.indexes(tx) == before)

                // Each table by its own size: a load larger than the enrolments but smaller than the students sets
                // aside only the enrolments' indexes.
                struct Count: Decodable { let count: Int }
                try await tx.raw("DELETE FROM enrolments WHERE id IN (SELECT id FROM enrolments ORDER BY id LIMIT 100)").run()
                let enrolments = try await tx.raw("SELECT COUNT(*) AS count FROM enrolments").first(decoding: Count.self)!.count
                let students = try await tx.raw("SELECT COUNT(*) AS count FROM students").first(decoding: Count.self)!.count
                #expect(enrolments < students)
                let partly = try await DeferredIndexes.drop(on: ["students", "enrolments"], forLoadOf: enrolments, tx)
                let withoutEnrolments = try await StudentImportTests.indexes(tx)
                if Dialect(tx) == .sqlite {
                    #expect(withoutEnrolments.contains { $0.hasPrefix("students_name_id") } && !withoutEnrolments.contains { $0.hasPrefix("enrolments_class") },
                            "\(withoutEnrolments)")
                }
                try await partly.rebuild(on: tx)
                #expect(try await StudentImportTests.indexes(tx) == before)
            }
        }
    }
}
