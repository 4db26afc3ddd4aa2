import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Testing
import TestSupport

/// Double entry: two operators type a page on their own, a third settles where they differ; only settled values reach
/// the register, and nobody settles their own typing.
@Suite struct DoubleEntryTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 24)!

    private func line(_ number: String, _ name: String, serial: String, birth: String = "1987-03-04") -> DoubleEntry.Cells {
        ["credential_type": "THPT", "serial": serial, "register_number": number, "full_name": name, "date_of_birth": birth,
         "school": "THPT Trần Phú", "graduation_year": "2005", "decision_number": "456/QĐ-SGDĐT", "decision_date": "2005-07-20"]
    }

    @Test func linesPairByRegisterNumberThenByOrder() {
        let first = [line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("2/2005", "Trần Thị Bình", serial: "AB0000002"),
                     line("3/2005", "Lê Văn Cường", serial: "AB0000003"), line("4/2005", "Phạm Thị Dung", serial: "AB0000004")]
        // The second operator typed line 2 after line 3, mistyped line 4's number and a birth date, and added a line.
        let second = [line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("3/2005", "Lê Văn Cường", serial: "AB0000003", birth: "1987-03-05"),
                      line("2/2005", "Trần Thị Bình", serial: "AB0000002"), line("41/2005", "Phạm Thị Dung", serial: "AB0000004"),
                      line("5/2005", "Hồ Văn Em", serial: "AB0000005")]
        let pairs = DoubleEntry.pairs(first, second)
        #expect(pairs.map(\.key) == ["1-1", "2-3", "3-2", "4-4", "-5"])
        #expect(pairs.map(\.differences) == [[], [], ["date_of_birth"], ["register_number"], ["line"]])
        #expect(DoubleEntry.settled(pairs[0], resolutions: [:]) == .line(first[0]), "agreed lines need nobody")
        #expect(DoubleEntry.settled(pairs[2], resolutions: [:]) == .unresolved)
        var settledBirth = first[2]
        settledBirth["date_of_birth"] = "1987-03-05"
        #expect(DoubleEntry.settled(pairs[2], resolutions: ["date_of_birth": "1987-03-05"]) == .line(settledBirth))
        #expect(DoubleEntry.settled(pairs[4], resolutions: ["line": "keep"]) == .line(second[4]))
        #expect(DoubleEntry.settled(pairs[4], resolutions: ["line": "drop"]) == .dropped)
        #expect(DoubleEntry.settled(pairs[4], resolutions: ["line": "maybe"]) == .unresolved)
        #expect(DoubleEntry.settled(pairs[0], resolutions: ["line": "drop"]) == .dropped, "any line can be left out")
        #expect(pairs.map(\.line) == [1, 2, 3, 4, 5])

        // Lines left over that share neither serial nor name are two people: never merged field by field.
        let strangers = DoubleEntry.pairs([line("6/2005", "Đỗ Văn Giang", serial: "AB0000006")], [line("7/2005", "Mai Thị Hà", serial: "AB0000007")])
        #expect(strangers.map(\.key) == ["1-", "-1"])
    }

    @Test func anEntryReadsBackFromItsCells() throws {
        let path = try TestDatabase.csv(
            ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school", "graduation_year",
             "decision_number", "decision_date", "national_id", "classification"],
            [["thpt", "ab 0012345", "123/2005", "nguyễn  văn an", "04/03/1987", "nam", "Hải Phòng", "THPT Trần Phú", "2005", "456/QĐ", "20/07/2005",
              "031087001234", "Khá"]])
        let entry = try #require(try RegisterFile.read(path, today: today).rows.all().first).entry
        #expect(entry.cells["date_of_birth"] == "1987-03-04" && entry.cells["serial"] == "AB0012345" && entry.cells["gender"] == "Nam")
        let again = RegisterFile.entry(cell: { entry.cells[$0] }, today: today) { column, reason in Issue.record("\(column): \(reason.en)") }
        #expect(again == entry)
    }

    // MARK: - On the database

    private let first = Transcriber(key: "user#1", name: "Nhập liệu 1"), second = Transcriber(key: "user#2", name: "Nhập liệu 2")
    private let third = Transcriber(key: "user#3", name: "Kiểm tra")

    private func drafts(_ lines: [DoubleEntry.Cells]) -> [RegisterEntryDraft] {
        lines.map { cells in RegisterFile.entry(cell: { cells[$0] }, today: today) { _, _ in }! }
    }

    private func change<T: Sendable>(_ db: TestDatabase, _ body: @Sendable @escaping (TranscriptionStore) async throws -> T) async throws -> T {
        let cipher = db.cipher
        return try await db.database.transaction { try await body(TranscriptionStore($0, cipher: cipher)) }
    }

    private func refusal(_ db: TestDatabase, _ body: @Sendable @escaping (TranscriptionStore) async throws -> Void) async -> String? {
        do {
            try await change(db, body)
            return nil
        } catch let error as EduError {
            return error.code
        } catch {
            return "\(error)"
        }
    }

    @Test func onlySettledValuesReachTheRegister() async throws {
        try await TestDatabase.with { db in
            // Registered before from a file, under another body: the batch must leave it as it was.
            let cipher = db.cipher, earlier = drafts([line("1/2005", "Nguyễn Văn An", serial: "AB0000001")])
            _ = try await db.database.transaction {
                try await RegisterStore($0, cipher: cipher).importEntries(try RegisterRows([RegisterFile.Row(row: 2, entry: earlier[0])]), issuer: "Sở GDĐT Hải Phòng",
                                                                          dryRun: false, by: .commandLine)
            }
            let page = try PageScan(content: [0xFF, 0xD8, 0xFF, 0xE0] + Array("trang 12".utf8))
            let batch = try await change(db) { try await $0.open(label: "Sổ gốc THPT 2005, trang 12", issuer: "Sở GDĐT Hải Dương",
                                                                 pageScan: (page, "trang-12.jpg"), by: .commandLine) }
            let typedByFirst = drafts([line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("2/2005", "Trần Thị Bình", serial: "AB0000002")])
            let typedBySecond = drafts([line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("2/2005", "Trần Thị Bính", serial: "AB0000002"),
                                        line("3/2005", "Lê Văn Cường", serial: "AB0000003")])
            let (first, second, third, today) = (first, second, third, today)
            try await change(db) { try await $0.submit(batchID: batch, lines: typedByFirst, by: first, actor: .commandLine) }
            let typedTwice = await refusal(db) { try await $0.submit(batchID: batch, lines: typedBySecond, by: first, actor: .commandLine) }
            #expect(typedTwice == "transcriptions.twice")
            let tooEarly = await refusal(db) { _ = try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            #expect(tooEarly == "transcriptions.waiting")
            try await change(db) { try await $0.submit(batchID: batch, lines: typedBySecond, by: second, actor: .commandLine) }
            let thirdTranscription = await refusal(db) { try await $0.submit(batchID: batch, lines: typedBySecond, by: third, actor: .commandLine) }
            #expect(thirdTranscription == "transcriptions.full")

            let store = TranscriptionStore(db.database.sql, cipher: db.cipher)
            let comparison = try #require(try await store.comparison(batchID: batch, by: .commandLine))
            #expect(comparison.pairs.map(\.differences) == [[], ["full_name"], ["line"]])
            #expect(comparison.unresolved == 2)
            let byAnOperator = await refusal(db) { try await $0.resolve(batchID: batch, [("2-2", "full_name", "Trần Thị Bình")], by: second, actor: .commandLine) }
            #expect(byAnOperator == "transcriptions.third_person", "an operator does not settle their own typing")
            let notADifference = await refusal(db) { try await $0.resolve(batchID: batch, [("1-1", "full_name", "X")], by: third, actor: .commandLine) }
            #expect(notADifference == "transcriptions.field", "only differences are settled")
            try await change(db) { try await $0.resolve(batchID: batch, [("2-2", "full_name", "Trần Thị Bính")], by: third, actor: .commandLine) }
            let stillUnresolved = await refusal(db) { _ = try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            #expect(stillUnresolved == "transcriptions.unresolved")
            // The third person changes their mind: the later value stands.
            try await change(db) {
                try await $0.resolve(batchID: batch, [("2-2", "full_name", "Trần Thị Bình"), ("-3", "line", "drop")], by: third, actor: .commandLine)
            }
            let outcome = try await change(db) { try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            #expect(outcome.created == 1 && outcome.unchanged == 1)

            struct Entry: Decodable, Equatable { let serial: String; let fullName: String; let issuer: String; let transcriptionBatchId: Int?; let pageScanId: Int? }
            let entries = try await db.database.sql.raw("""
                SELECT serial, full_name, issuer, transcription_batch_id, page_scan_id FROM credential_entries ORDER BY serial
                """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(entries.map(\.serial) == ["AB0000001", "AB0000002"], "the dropped line is not registered")
            #expect(entries[1].fullName == "Trần Thị Bình" && entries[1].issuer == "Sở GDĐT Hải Dương" && entries[1].transcriptionBatchId == batch)
            let scanID = try #require(try await store.batch(id: batch)?.pageScan?.id)
            #expect(entries[1].pageScanId == scanID, "the batch's page is the entry's page")
            #expect(entries[0].issuer == "Sở GDĐT Hải Phòng" && entries[0].transcriptionBatchId == nil && entries[0].pageScanId == nil,
                    "an entry registered before was not compared here")
            #expect(try await store.batch(id: batch)?.status == .settled)
            struct Checked: Decodable { let verification: String? }
            let checked = try await db.database.sql.raw("SELECT verification FROM credential_entries ORDER BY serial")
                .all(decoding: Checked.self).map(\.verification)
            #expect(checked.allSatisfy { $0?.hasPrefix("Nhập liệu hai lần, đợt \(batch)") == true },
                    "agreed lines are checked, also the one registered before unchecked: \(checked)")
            let settledAgain = await refusal(db) { _ = try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            #expect(settledAgain == "transcriptions.settled")
        }
    }

    @Test func settledValuesAreCheckedLikeAFile() async throws {
        try await TestDatabase.with { db in
            let batch = try await change(db) { try await $0.open(label: "Trang 3", issuer: "Sở GDĐT", pageScan: nil, by: .commandLine) }
            let (first, second, third, today, cipher) = (first, second, third, today, db.cipher)
            let one = drafts([line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("2/2005", "Trần Thị Bình", serial: "AB0000002")])
            let other = drafts([line("1/2005", "Nguyễn Văn An", serial: "AB0000001"), line("2/2005", "Trần Thị Bình", serial: "AB0000009")])
            try await change(db) { try await $0.submit(batchID: batch, lines: one, by: first, actor: .commandLine) }
            try await change(db) { try await $0.submit(batchID: batch, lines: other, by: second, actor: .commandLine) }
            // A serial typed by neither, but the same as line 1's.
            try await change(db) { try await $0.resolve(batchID: batch, [("2-2", "serial", "AB 0000001")], by: third, actor: .commandLine) }
            let refused = try await #require(throws: InputRejected.self) {
                try await change(db) { _ = try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            }
            #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:serial"])
            struct Count: Decodable { let n: Int }
            #expect(try await db.database.sql.raw("SELECT COUNT(*) AS n FROM credential_entries").first(decoding: Count.self)?.n == 0)
            #expect(try await TranscriptionStore(db.database.sql, cipher: db.cipher).batch(id: batch)?.status == .open, "still open, to be settled again")
            // The register refuses an agreed line (its serial registered before with other details): the third person
            // leaves that line out, and the rest goes in.
            _ = try await db.database.transaction {
                try await RegisterStore($0, cipher: cipher).importEntries(
                    try RegisterRows([RegisterFile.Row(row: 2, entry: drafts([line("9/2004", "Hồ Văn Em", serial: "AB0000001")])[0])]),
                    issuer: "Sở GDĐT", dryRun: false, by: .commandLine)
            }
            try await change(db) { try await $0.resolve(batchID: batch, [("2-2", "serial", "AB0000002")], by: third, actor: .commandLine) }
            let registerRefuses = try await #require(throws: InputRejected.self) {
                try await change(db) { _ = try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            }
            #expect(registerRefuses.problems.map { "\($0.row):\($0.column)" } == ["1:serial"], "named by the line's number")
            try await change(db) { try await $0.resolve(batchID: batch, [("1-1", "line", "drop")], by: third, actor: .commandLine) }
            let outcome = try await change(db) { try await $0.settle(batchID: batch, today: today, by: third, actor: .commandLine) }
            #expect(outcome.created == 1)
        }
    }
}
