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
                try await DeferredIndexes.drop(on: ["students", "enrolments"], forLoadOf: 10, tx).rebuild(on: tx)
                #expect(try await StudentImportTests.indexes(tx) == before, "a load smaller than the table keeps them")
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
            }
        }
    }
}
