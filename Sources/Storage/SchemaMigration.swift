import FluentKit
import SQLKit

/// One versioned schema change, written as portable SQL (see `Dialect.ddl`).
/// Fluent's migrator records which have run; a migration is never edited once it has landed:
/// a later change is a new migration appended to `MigrationRegistry`.
public struct SchemaMigration: AsyncMigration {
    public let name: String
    private let statements: @Sendable (Dialect) -> [String]

    public init(_ name: String, statements: @escaping @Sendable (Dialect) -> [String]) {
        self.name = name
        self.statements = statements
    }

    public init(_ name: String, _ statements: [String]) {
        self.init(name) { _ in statements }
    }

    public func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        let dialect = Dialect(sql)
        for statement in statements(dialect) {
            try await sql.raw(SQLQueryString(dialect.ddl(statement))).run()
        }
    }

    public func revert(on database: any Database) async throws {
        throw MigrationNotReversible(name: name)
    }
}

struct MigrationNotReversible: Error, CustomStringConvertible {
    let name: String
    var description: String { "Migration \(name) cannot be reverted; restore a backup instead" }
}
