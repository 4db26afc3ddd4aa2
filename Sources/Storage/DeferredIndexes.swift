import SQLKit

/// A large load into SQLite goes faster when the tables' secondary indexes are built once afterwards than when each is
/// kept up row by row (a million students: 16.3 s with their indexes, 6.2 s without and 5.1 s to build them after).
/// Dropped and rebuilt inside the load's transaction, so a refusal, a failure or a kill leaves them as they were.
/// Unique indexes stay: they check the keys while the rows go in. PostgreSQL keeps its indexes: dropping one there
/// would hold the table against every search until the load ends.
public struct DeferredIndexes: Sendable {
    /// The `CREATE INDEX` statements of the indexes dropped, as the schema wrote them.
    let definitions: [String]

    /// Drops the non-unique indexes of each of `tables` that a load of `rows` rows is at least as large as (building an
    /// index reads the whole table; keeping it up costs only the rows loaded), to be rebuilt by `rebuild`. On
    /// PostgreSQL, nothing.
    public static func drop(on tables: [String], forLoadOf rows: Int, _ db: any SQLDatabase) async throws -> DeferredIndexes {
        guard Dialect(db) == .sqlite else { return DeferredIndexes(definitions: []) }
        struct Row: Decodable { let name: String; let sql: String }
        var definitions: [String] = []
        for table in tables {
            let stored = try await db.raw("SELECT COUNT(*) AS count FROM \(ident: table)").first()?.decode(column: "count", as: Int.self) ?? 0
            guard rows >= stored else { continue }
            // `sql` is NULL for the indexes behind UNIQUE and PRIMARY KEY constraints.
            let indexes = try await db.raw("""
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL ORDER BY name
                """).all(decoding: Row.self).filter { !$0.sql.uppercased().hasPrefix("CREATE UNIQUE") }
            for index in indexes { try await db.raw("DROP INDEX \(ident: index.name)").run() }
            definitions += indexes.map(\.sql)
        }
        return DeferredIndexes(definitions: definitions)
    }

    public func rebuild(on db: any SQLDatabase) async throws {
        for definition in definitions { try await db.raw("\(unsafeRaw: definition)").run() }
    }
}
