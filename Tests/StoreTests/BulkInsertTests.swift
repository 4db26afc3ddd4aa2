import SQLKit
import Storage
import Testing
import TestSupport

@Suite struct BulkInsertTests {
    struct Probe: Decodable, Equatable {
        let id: Int
        let label: String?
        let number: Int?
    }

    /// COPY's text format escapes tabs, line breaks and backslashes; the values must come back as sent.
    static let awkward: [String?] = ["plain", "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N",
                                     "Nguyễn Thị Hoà", "", nil, "\"quoted\", with comma"]

    @Test func valuesComeBackAsSentAndIDsFollowTheRows() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            try await sql.raw("\(unsafeRaw: db.database.dialect.ddl("CREATE TABLE bulk_probe (id {{id}}, label TEXT, number BIGINT)"))").run()
            // More rows than one SQLite statement may bind, so the chunking is exercised too.
            let rows: [[BulkValue]] = (0..<12_000).map { index in
                [BulkValue(Self.awkward[index % Self.awkward.count]), index % 7 == 0 ? .null : .integer(index)]
            }
            let ids = try await BulkInsert.rowsReturningIDs(rows, into: "bulk_probe", columns: ["label", "number"], on: sql)
            #expect(ids.count == rows.count)
            let stored = try await sql.raw("SELECT id, label, number FROM bulk_probe").all(decoding: Probe.self)
            let byID = Dictionary(uniqueKeysWithValues: stored.map { ($0.id, $0) })
            for (index, id) in ids.enumerated() {
                #expect(byID[id] == Probe(id: id, label: Self.awkward[index % Self.awkward.count],
                                          number: index % 7 == 0 ? nil : index))
            }
        }
    }

    @Test func rowsWithoutIDsAreInsertedInOneGo() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql
            try await sql.raw("CREATE TABLE bulk_plain (label TEXT, number BIGINT)").run()
            try await BulkInsert.rows(Self.awkward.enumerated().map { [BulkValue($1), .integer($0)] },
                                      into: "bulk_plain", columns: ["label", "number"], on: sql)
            struct Row: Decodable { let label: String?; let number: Int }
            let stored = try await sql.raw("SELECT label, number FROM bulk_plain ORDER BY number").all(decoding: Row.self)
            #expect(stored.map(\.label) == Self.awkward)
        }
    }
}
