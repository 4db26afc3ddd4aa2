import EduCore
import FluentSQLiteDriver
import Logging
import NIOCore
import PostgresNIO
import SQLKit

/// One value of a row for `BulkInsert`.
public enum BulkValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case null

    public init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    public init(_ number: Int?) { self = number.map { .integer($0) } ?? .null }
}

/// Many rows into one table at once: PostgreSQL's `COPY` (one stream, no statement to parse or
/// plan), or multi-row `INSERT`s on SQLite, where statements are cheap and `COPY` does not exist.
/// Table and column names go into the SQL as they are: pass constants only, never input.
public enum BulkInsert {
    public static func rows(_ rows: [[BulkValue]], into table: String, columns: [String], on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        if let postgres = db as? any PostgresDatabase {
            try await copy(rows, into: table, columns: columns, on: postgres)
        } else {
            try await insert(rows, into: table, columns: columns, on: db)
        }
    }

    /// Inserts rows into a table with an `id` identity column and answers the new ids in row order.
    public static func rowsReturningIDs(_ rows: [[BulkValue]], into table: String, columns: [String],
                                        on db: any SQLDatabase) async throws -> [Int] {
        guard !rows.isEmpty else { return [] }
        guard let postgres = db as? any PostgresDatabase else {
            return try await insert(rows, into: table, columns: columns, on: db, returningIDs: true)
        }
        let ids = try await db.raw("""
            SELECT nextval(pg_get_serial_sequence(\(bind: table), 'id')) AS id FROM generate_series(1, \(bind: rows.count))
            """).all().map { try $0.decode(column: "id", as: Int.self) }
        try await copy(zip(ids, rows).map { [.integer($0)] + $1 }, into: table, columns: ["id"] + columns, on: postgres)
        return ids
    }

    /// The SQL goes to SQLite with its values bound as they are: building it through SQLKit's expressions and
    /// encoder cost more than SQLite's own work on a large import.
    @discardableResult
    private static func insert(_ rows: [[BulkValue]], into table: String, columns: [String], on db: any SQLDatabase,
                               returningIDs: Bool = false) async throws -> [Int] {
        guard let sqlite = db as? any SQLiteDatabase else {
            throw EduError("database.bulk", vi: "Cơ sở dữ liệu không phải SQLite hay PostgreSQL", en: "The database is neither SQLite nor PostgreSQL")
        }
        var ids: [Int] = []
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        // SQLite allows 32,766 bound values per statement.
        for chunk in rows.chunked(into: max(1, 30_000 / columns.count)) {
            var binds: [SQLiteData] = []
            binds.reserveCapacity(chunk.count * columns.count)
            for row in chunk {
                for value in row {
                    switch value {
                    case .text(let text): binds.append(.text(text))
                    case .integer(let number): binds.append(.integer(SQLiteInt64(number)))
                    case .null: binds.append(.null)
                    }
                }
            }
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
                + Array(repeating: placeholders, count: chunk.count).joined(separator: ",")
            guard returningIDs else { try await sqlite.query(sql, binds) { _ in }; continue }
            // RETURNING lists rows in no promised order, but SQLite gives each new row of one
            // statement the next larger rowid in VALUES order: sorted, the ids follow the rows.
            ids += try await sqlite.query(sql + " RETURNING id", binds).map { row in
                guard let id = row.column("id")?.integer else { throw EduError("database.bulk", vi: "Thiếu mã dòng vừa thêm", en: "A new row's id is missing") }
                return Int(id)
            }.sorted()
        }
        return ids
    }

    private static func copy(_ rows: [[BulkValue]], into table: String, columns: [String], on db: any PostgresDatabase) async throws {
        try await db.withConnection { connection in
            connection.eventLoop.makeFutureWithTask {
                try await connection.copyFrom(table: table, columns: columns, logger: Logger(label: "eduvn.copy")) { writer in
                    var buffer = ByteBuffer()
                    for row in rows {
                        appendLine(row, to: &buffer)
                        if buffer.readableBytes > 1 << 20 {
                            try await writer.write(buffer)
                            buffer.clear()
                        }
                    }
                    try await writer.write(buffer)
                }
            }
        }.get()
    }

    /// One row in COPY's text format: tab-separated, `\N` for NULL, backslash escapes.
    static func appendLine(_ row: [BulkValue], to buffer: inout ByteBuffer) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let number): buffer.writeString(String(number))
            case .text(let text) where !text.utf8.contains(where: needsEscape):
                buffer.writeString(text)
            case .text(let text):
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
                    case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
                    case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
                    case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
