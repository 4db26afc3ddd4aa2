import SQLKit

/// A large load into SQLite goes faster when the tables' secondary indexes are built once afterwards than when each is
/// kept up row by row (a million students: 16.3 s with their indexes, 6.2 s without and 5.1 s to build them after).
/// Dropped and rebuilt inside the load's transaction, so a refusal, a failure or a kill leaves them as they were.
/// Unique indexes stay: they check the keys while the rows go in. PostgreSQL keeps its indexes: dropping one there
/// would hold the table against every search until the load ends.
public struct DeferredIndexes: Sendable {
    /// The `CREATE INDEX` statements of the indexes dropped, as the schema wrote them.
    let definitions: [String]

    /// Drops the non-unique indexes of `tables`, to be rebuilt by `rebuild`, when a load of `rows` rows is at least as
    /// large as the first table (building an index costs the whole table; keeping it up costs the rows loaded). On
    /// PostgreSQL, or for a smaller load, nothing.
    public static func drop(on tables: [String], forLoadOf rows: Int, _ db: any SQLDatabase) async throws -> DeferredIndexes {
        let none = DeferredIndexes(definitions: [])
        guard Dialect(db) == .sqlite, let table = tables.first else { return none }
        let stored = try await db.raw("SELECT COUNT(*) AS count FROM \(ident: table)").first()?.decode(column: "count", as: Int.self) ?? 0
        guard rows >= stored else { return none }
        struct Row: Decodable { let name: String; let sql: String }
        // `sql` is NULL for the indexes behind UNIQUE and PRIMARY KEY constraints.
        let indexes = try await db.raw("""
            SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN (\(binds: tables)) AND sql IS NOT NULL ORDER BY name
            """).all(decoding: Row.self).filter { !$0.sql.uppercased().hasPrefix("CREATE UNIQUE") }
        for index in indexes { try await db.raw("DROP INDEX \(ident: index.name)").run() }
        return DeferredIndexes(definitions: indexes.map(\.sql))
    }

    public func rebuild(on db: any SQLDatabase) async throws {
        for definition in definitions { try await db.raw("\(unsafeRaw: definition)").run() }
    }
}
