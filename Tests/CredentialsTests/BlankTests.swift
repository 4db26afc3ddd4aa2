import Access
import Credentials
import EduCore
import Foundation
import Testing
import TestSupport

/// Blank forms (phôi): received by a document, issued by registering an entry on one, spoiled or cancelled with the
/// reason; each one's history kept; a used, spoiled or cancelled blank refuses an entry; an untracked (historic)
/// serial passes.
@Suite struct BlankTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 23)!
    private let header = "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date"

    private func rows(_ lines: [String]) throws -> RegisterRows {
        try RegisterFile.read(try TestDatabase.csv(header.components(separatedBy: ","), lines.map { $0.components(separatedBy: ",") }), today: today).rows
    }

    private func line(_ kind: String, _ serial: String, _ number: String, _ name: String) -> String {
        "\(kind),\(serial),\(number),\(name),2008-03-04,Nam,Hải Phòng,THPT Trần Phú,2026,456/QĐ-SGDĐT,2026-07-20"
    }

    @Test func rangesAreOneRunOfOneWidth() throws {
        #expect(try SerialRange(from: "ab 0000009", to: "AB0000011").serials == ["AB0000009", "AB0000010", "AB0000011"])
        for (first, last) in [("AB0000005", "CD0000009"), ("AB0000005", "AB000009"), ("AB0000009", "AB0000005"), ("AB", "AB"),
                              ("AB0000000", "AB0300000"), ("A/B0000001", "A/B0000002"), (String(repeating: "A", count: 15) + "000001",
                                                                                            String(repeating: "A", count: 15) + "000002")] {
            #expect(throws: EduError.self, "\(first)–\(last)") { try SerialRange(from: first, to: last) }
        }
    }

    @Test func aBlankLivesFromStockToItsEnd() async throws {
        try await TestDatabase.with { db in
            let cipher = db.cipher, actor = Actor.commandLine
            func inTransaction<T: Sendable>(_ body: @escaping @Sendable (BlankStore, RegisterStore) async throws -> T) async throws -> T {
                try await db.database.transaction { try await body(BlankStore($0), RegisterStore($0, cipher: cipher)) }
            }
            let range = try SerialRange(from: "AB0000001", to: "AB0000005")
            #expect(try await inTransaction { blanks, _ in try await blanks.receive(range, kind: .upperSecondary, document: "Phiếu nhập 12/2026", by: actor) } == 5)
            let again = try await #require(throws: EduError.self) {
                try await inTransaction { blanks, _ in try await blanks.receive(try SerialRange(from: "AB0000005", to: "AB0000006"), kind: .upperSecondary,
                                                                               document: "Phiếu nhập 13/2026", by: actor) }
            }
            #expect(again.code == "blanks.known" && again.message.vi.contains("AB0000005"))
            #expect(try await BlankStore(db.database.sql).blank(serial: "AB0000006") == nil, "a refused receipt takes nothing in")

            // Spoiled in stock, then cancelled; an issued blank is neither.
            try await inTransaction { blanks, _ in try await blanks.retire(serial: "ab 0000003", to: .spoiled, reason: "In lệch", by: actor) }
            let register = try rows([line("THPT", "AB0000001", "1/2026", "Nguyễn Văn An"), line("THPT", "XY9000001", "2/2026", "Lê Văn Bình")])
            #expect(try await inTransaction { _, store in try await store.importEntries(register, issuer: "Sở GDĐT", dryRun: false, by: actor) }.created == 2,
                    "a serial the stock never received is a historic entry's")
            let issued = try await BlankStore(db.database.sql).blank(serial: "AB0000001")
            let entry = try await RegisterStore(db.database.sql, cipher: cipher).entryID(serial: "AB0000001")
            #expect(issued?.status == .issued && issued?.entryID == entry && entry != nil)
            let refused = try await #require(throws: InputRejected.self) {
                try await inTransaction { _, store in
                    try await store.importEntries(try rows([line("THPT", "AB0000003", "3/2026", "Trần Thị C"), line("CC", "AB0000002", "4/2026", "Đỗ Văn D"),
                                                            line("THPT", "AB0000004", "5/2026", "Vũ Thị E")]),
                                                  issuer: "Sở GDĐT", dryRun: false, by: actor)
                }
            }
            #expect(refused.problems.map { "\($0.row):\($0.value)" } == ["2:AB0000003", "3:AB0000002"], "a spoiled blank, a blank of another kind")
            #expect(try await BlankStore(db.database.sql).blank(serial: "AB0000004")?.status == .received, "all or nothing")
            let wrong = try await #require(throws: EduError.self) {
                try await inTransaction { blanks, _ in try await blanks.retire(serial: "AB0000001", to: .spoiled, reason: "Rách", by: actor) }
            }
            #expect(wrong.code == "blanks.status")
            let unexplained = try await #require(throws: EduError.self) {
                try await inTransaction { blanks, _ in try await blanks.retire(serial: "AB0000003", to: .cancelled, reason: " ", by: actor) }
            }
            #expect(unexplained.code == "blanks.reason")
            try await inTransaction { blanks, _ in try await blanks.retire(serial: "AB0000003", to: .cancelled, reason: "Huỷ theo QĐ 7/2026", by: actor) }

            let printed = try await #require(throws: EduError.self) {
                try await inTransaction { blanks, _ in try await blanks.receive(try SerialRange(from: "XY9000001", to: "XY9000002"), kind: .upperSecondary,
                                                                               document: "Phiếu nhập 14/2026", by: actor) }
            }
            #expect(printed.code == "blanks.known" && printed.message.vi.contains("XY9000001"), "a serial already on a credential is no blank in stock")
            let blanks = BlankStore(db.database.sql)
            #expect(try await blanks.history(serial: "AB0000003").map(\.status) == [.received, .spoiled, .cancelled])
            #expect(try await blanks.history(serial: "AB0000001").map(\.status) == [.received, .issued])
            #expect(try await blanks.tally()[.upperSecondary] == [.received: 3, .issued: 1, .cancelled: 1])
        }
    }
}
