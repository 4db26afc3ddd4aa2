import Access
import Credentials
import EduCore
import Foundation
import Testing
import TestSupport

@Suite struct RegisterTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 23)!
    private let header = "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date"
    private let rows = [
        "THPT,AB 0012345,123/2005,Nguyễn Văn An,1987-03-04,Nam,Hải Phòng,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20",
        "THPT,AB0012346,124/2005,Trần Thị Bình,12/11/1987,Nữ,Hải Dương,THPT Nguyễn Trãi,2005,456/QĐ-SGDĐT,2005-07-20",
        "thcs,CD0000001,88/2001,Lê Văn Cường,1986-01-01,,,THCS Lê Lợi,2001,12/QĐ-PGD,2001-06-30",
    ]

    private func file(_ lines: [String], header: String? = nil) throws -> String {
        try TestDatabase.csv((header ?? self.header).components(separatedBy: ","), lines.map { $0.components(separatedBy: ",") })
    }

    @Test func readsTheContractAndVietnameseHeaders() throws {
        let english = try RegisterFile.read(file(rows), today: today).rows.all()
        #expect(english.map(\.entry.serial) == ["AB0012345", "AB0012346", "CD0000001"])
        #expect(english[1].entry.dateOfBirth == CalendarDate(year: 1987, month: 11, day: 12))
        #expect(english[2].entry.kind == .lowerSecondary)
        let vietnamese = "STT,Loại văn bằng,Số hiệu,Số vào sổ gốc,Họ và tên,Ngày sinh,Giới tính,Nơi sinh,Trường,Năm tốt nghiệp,Số quyết định,Ngày quyết định"
        let numbered = rows.enumerated().map { "\($0.offset + 1),\($0.element)" }
        #expect(try RegisterFile.read(file(numbered, header: vietnamese), today: today).rows.all().map(\.entry) == english.map(\.entry))
        // The holder's ethnicity and the diploma's signer, when the register has them.
        let withMore = try RegisterFile.read(file([rows[0] + ",Kinh ,Phạm  Văn Giám"], header: String(vietnamese.dropFirst(4)) + ",Dân tộc,Người ký"),
                                             today: today).rows.all()
        #expect(withMore.map(\.entry.ethnicity) == ["Kinh"] && withMore.map(\.entry.signer) == ["Phạm Văn Giám"])
    }

    @Test func namesEveryBadCell() throws {
        let bad = [
            rows[0],
            "THPT,ab 0012345,125/2005,Phạm Văn Dũng,1987-01-01,Nam,,THPT A,2005,1/QĐ,2005-07-01",      // same serial as row 2
            "DH,EF0000001,123/2005,Hồ Thị E,1987-01-01,Nữ,,THPT A,2005,1/QĐ,2005-07-01",             // type; register number of row 2
            "THPT,EF0000002,126/2005,Vũ Văn G,2000-01-01,Nam,,THPT A,2005,1/QĐ,2004-07-01",          // graduated at 5; decision before
            "THPT,EF0000003,127/2005,Đỗ Văn H,1987-02-30,Nam,,THPT A,2005,1/QĐ,2027-01-01",          // no such date; future decision
            "THPT,EF0000004,128/2005,Ngô 9 I,1987-01-01,X,,THPT A,2005,,2005-07-01",                   // name, gender; decision missing
            "THPT,EF0000005,129/2005,Lý Văn K,2020-01-01,Nam,,THPT A,2026,1/QĐ,2026-07-01",          // born six years ago
            "THCS,EF0000006,130/2026,Lê Văn M,2011-01-01,Nam,,THCS A,2026,1/QĐ,2026-07-01",          // no THCS diploma after 2025
        ]
        let error = try #require(throws: InputRejected.self) { try RegisterFile.read(file(bad), today: today) }
        #expect(error.problems.map { "\($0.row):\($0.column)" } == [
            "3:serial", "4:credential_type", "4:register_number", "5:graduation_year", "5:decision_date", "6:date_of_birth", "6:decision_date",
            "7:decision_number", "8:graduation_year", "9:graduation_year",
        ])
    }

    @Test func importIsAllOrNothingAndIdempotent() async throws {
        try await TestDatabase.with { db in
            let entries = try RegisterFile.read(file(rows), today: today).rows.all()
            let cipher = db.cipher
            func run(_ rows: [RegisterFile.Row], dryRun: Bool = false) async throws -> RegisterStore.ImportOutcome {
                try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(try RegisterRows(rows), issuer: "Sở GDĐT Hải Phòng", dryRun: dryRun, by: .commandLine) }
            }
            #expect(try await run(entries, dryRun: true) == .init(created: 3, unchanged: 0))
            #expect(try await run(entries) == .init(created: 3, unchanged: 0))
            #expect(try await run(entries) == .init(created: 0, unchanged: 3), "importing again changes nothing")

            var changed = try RegisterFile.read(file([rows[0].replacingOccurrences(of: "Nguyễn Văn An", with: "Nguyễn Văn Ân"),
                                                      "THPT,ZZ0000009,124/2005,Mai Văn K,1987-01-01,Nam,,THPT A,2005,1/QĐ,2005-07-01",
                                                      "THPT,ZZ0000010,999/2005,Mai Văn L,1987-01-01,Nam,,THPT A,2005,1/QĐ,2005-07-01"]), today: today).rows.all()
            let refused = try await #require(throws: InputRejected.self) { try await run(changed) }
            #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:serial", "3:register_number"])
            changed.removeFirst(2)
            #expect(try await run(changed) == .init(created: 1, unchanged: 0))
        }
    }

    /// The checked rows wait in a spool between reading and writing: every field comes back as it was read.
    @Test func spooledRowsComeBackWhole() throws {
        let withAll = try file([rows[0] + ",031087001234,trang-1.jpg,Khá,Kinh,Phạm Văn Giám", rows[2] + ",,,,,"],
                               header: header + ",national_id,page_image,classification,ethnicity,signer")
        let spooled = try RegisterFile.read(withAll, today: today).rows
        let all = try spooled.all()
        #expect(spooled.count == 2 && all.map(\.row) == [2, 3])
        #expect(all[0].entry == RegisterEntryDraft(
            kind: .upperSecondary, serial: "AB0012345", registerNumber: "123/2005", fullName: "Nguyễn Văn An", dateOfBirth: CalendarDate(year: 1987, month: 3, day: 4)!,
            gender: .male, birthplace: "Hải Phòng", nationalID: NationalID("031087001234"), school: "THPT Trần Phú", graduationYear: 2005,
            classification: "Khá", decisionNumber: "456/QĐ-SGDĐT", decisionDate: CalendarDate(year: 2005, month: 7, day: 20)!, ethnicity: "Kinh",
            signer: "Phạm Văn Giám"))
        #expect(all[0].pageImage == "trang-1.jpg" && all[1].pageImage == nil)
        #expect(all[1].entry.gender == nil && all[1].entry.nationalID == nil && all[1].entry.birthplace == "" && all[1].entry.kind == .lowerSecondary)
        #expect(try spooled.all().map(\.entry) == all.map(\.entry), "read again from the start")
    }

    /// A register imported over one that already holds every third of its rows: the spool is read twice, a chunk at a
    /// time, and exactly the new rows are written, each with its own values.
    @Test func aReimportAcrossChunksWritesExactlyTheNewRows() async throws {
        try await TestDatabase.with { db in
            let lines = (0..<1_300).map { "THPT,RC\(String(format: "%07d", $0)),\($0)/2005,Mai Văn \($0 % 7 == 0 ? "An" : "Bình"),1987-01-01,Nam,,THPT A,2005,1/QĐ,2005-07-01" }
            let cipher = db.cipher
            func run(_ lines: [String]) async throws -> RegisterStore.ImportOutcome {
                let rows = try RegisterFile.read(try file(lines), today: today).rows
                return try await db.database.transaction {
                    try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: false, by: .commandLine)
                }
            }
            let thirds = lines.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
            #expect(try await run(thirds) == .init(created: 434, unchanged: 0))
            #expect(try await run(lines) == .init(created: 866, unchanged: 434))
            struct Entry: Decodable { let serial: String; let fullName: String; let registerNumber: String }
            let stored = try await db.database.sql.raw("SELECT serial, full_name, register_number FROM credential_entries ORDER BY serial")
                .all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(stored.count == 1_300)
            #expect(stored.enumerated().allSatisfy { index, entry in
                entry.serial == "RC\(String(format: "%07d", index))" && entry.registerNumber == "\(index)/2005"
                    && entry.fullName == "Mai Văn \(index % 7 == 0 ? "An" : "Bình")"
            })
        }
    }

    /// A register transcribed again with more columns fills what the first transcription left empty, and never
    /// overwrites what is recorded: that takes a correction by decision.
    @Test func aReimportFillsEmptyFieldsOnly() async throws {
        try await TestDatabase.with { db in
            let cipher = db.cipher
            func run(_ path: String, dryRun: Bool = false) async throws -> RegisterStore.ImportOutcome {
                let rows = try RegisterFile.read(path, today: today).rows
                return try await db.database.transaction {
                    try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: dryRun, by: .commandLine)
                }
            }
            struct Entry: Decodable, Equatable {
                let gender: String?, birthplace: String, nationalIdHash: String?, classification: String, ethnicity: String, signer: String
            }
            func stored() async throws -> [Entry] {
                try await db.database.sql.raw("""
                    SELECT gender, birthplace, national_id_hash, classification, ethnicity, signer FROM credential_entries ORDER BY serial
                    """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            #expect(try await run(try file(rows)) == .init(created: 3, unchanged: 0))
            let before = try await stored()
            let more = header + ",national_id,classification,ethnicity,signer"
            let fuller = try file([rows[0] + ",031087001234,Khá,Kinh,Phạm Văn Giám", rows[1] + ",,,,",
                                   "thcs,CD0000001,88/2001,Lê Văn Cường,1986-01-01,Nam,Hải Dương,THCS Lê Lợi,2001,12/QĐ-PGD,2001-06-30,,,Tày,"],
                                  header: more)
            #expect(try await run(fuller, dryRun: true) == .init(created: 0, unchanged: 3, completed: 2))
            #expect(try await stored() == before, "a dry run writes nothing")
            #expect(try await run(fuller) == .init(created: 0, unchanged: 3, completed: 2))
            let after = try await stored()
            #expect(after[0] == Entry(gender: "male", birthplace: "Hải Phòng", nationalIdHash: cipher.lookupHash("031087001234"),
                                      classification: "Khá", ethnicity: "Kinh", signer: "Phạm Văn Giám"))
            #expect(after[1] == before[1])
            #expect(after[2] == Entry(gender: "male", birthplace: "Hải Dương", nationalIdHash: nil, classification: "", ethnicity: "Tày", signer: ""))
            let other = try file([rows[0] + ",031087009999,Giỏi,Tày,Người Khác"], header: more)
            #expect(try await run(other) == .init(created: 0, unchanged: 1))
            #expect(try await stored() == after, "recorded values are never overwritten by an import")
            // Recording a check vouches for every value: a row that holds other values is refused, one that holds them all checks.
            func checking(_ path: String) async throws -> RegisterStore.ImportOutcome {
                let rows = try RegisterFile.read(path, today: today).rows
                return try await db.database.transaction {
                    try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", verification: "Biên bản 4/2026", dryRun: false,
                                                                              by: .commandLine)
                }
            }
            let refused = try await #require(throws: InputRejected.self) { try await checking(other) }
            #expect(refused.problems.map(\.column) == ["national_id"])
            #expect(try await checking(fuller) == .init(created: 0, unchanged: 3, checked: 3))
        }
    }

    /// What the command line's progress bars show: reading, then checking and writing, each rising to the end.
    @Test func progressRisesToTheEnd() async throws {
        try await TestDatabase.with { db in
            let reported = ProgressReports()
            let many = (0..<1_200).map { "THPT,PG\(String(format: "%07d", $0)),\($0)/2005,Mai Văn K,1987-01-01,Nam,,THPT A,2005,1/QĐ,2005-07-01" }
            let entries = try RegisterFile.read(file(many), today: today, progress: reported.add).rows
            #expect(entries.count == 1_200)
            let cipher = db.cipher
            _ = try await db.database.transaction {
                try await RegisterStore($0, cipher: cipher).importEntries(entries, issuer: "Sở GDĐT Hải Phòng", dryRun: false, by: .commandLine,
                                                                          progress: reported.add)
            }
            let values = reported.values
            #expect(values.count > 4 && values.last == 1, "\(values)")
            #expect(zip(values, values.dropFirst()).filter { $0 > $1 }.count == 1, "reading, then importing, each rising: \(values)")
        }
    }

    /// An entry not checked against the paper register is not issued until a comparison's record is given, once.
    @Test func onlyCheckedEntriesAreIssued() async throws {
        try await TestDatabase.with { db in
            let cipher = db.cipher
            let entries = try RegisterFile.read(file(rows), today: today).rows
            _ = try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(entries, issuer: "Sở GDĐT", dryRun: false, by: .commandLine) }
            let store = RegisterStore(db.database.sql, cipher: cipher)
            let refused = await #expect(throws: EduError.self) { try await store.issuable(serial: "AB0012345") }
            #expect(refused?.code == "credentials.unverified")
            #expect(try await store.issuable(graduationYear: 2005, school: nil, kind: "vc").isEmpty)
            let an = try #require(try await store.entryID(serial: "AB0012345"))
            let blank = await #expect(throws: EduError.self) { try await store.verify(entryID: an, record: "  ", by: .commandLine) }
            #expect(blank?.code == "credentials.verification")
            try await store.verify(entryID: an, record: "Biên bản  đối chiếu 5/2026", by: .commandLine)
            #expect(try await store.issuable(serial: "AB0012345").serial == "AB0012345")
            #expect(try await store.issuable(graduationYear: 2005, school: nil, kind: "vc").map(\.entry.serial) == ["AB0012345"])
            let twice = await #expect(throws: EduError.self) { try await store.verify(entryID: an, record: "Biên bản khác", by: .commandLine) }
            #expect(twice?.code == "credentials.verified")
            let unknown = await #expect(throws: EduError.self) { try await store.verify(entryID: 999_999, record: "x", by: .commandLine) }
            #expect(unknown?.code == "credentials.not_found")
            #expect(try await RegisterEntries(db.database.sql, cipher: cipher).entry(id: an, by: .commandLine)?.verification == "Biên bản đối chiếu 5/2026")
        }
    }

    @Test func lookupCorrectionAndRevocation() async throws {
        try await TestDatabase.with { db in
            let cipher = db.cipher
            let entries = try RegisterFile.read(file(rows), today: today).rows
            _ = try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(entries, issuer: "Sở GDĐT Hải Phòng", dryRun: false, by: .commandLine) }
            let store = RegisterStore(db.database.sql, cipher: cipher)
            let birth = CalendarDate(year: 1987, month: 3, day: 4)!
            let found = try #require(try await store.lookup(serial: "ab 0012345", fullName: "NGUYEN VAN AN", dateOfBirth: birth))
            #expect(found.fullName == "Nguyễn Văn An" && found.status == "valid" && found.issuedBy == "Sở GDĐT Hải Phòng" && found.graduationYear == 2005)
            #expect(try await store.lookup(serial: "AB0012345", fullName: "Nguyễn Văn Anh", dateOfBirth: birth) == nil)
            #expect(try await store.lookup(serial: "AB0012345", fullName: "Nguyễn Văn An", dateOfBirth: CalendarDate(year: 1987, month: 4, day: 3)!) == nil)
            #expect(try await store.lookup(serial: "XX", fullName: "Nguyễn Văn An", dateOfBirth: birth) == nil)

            let id = try #require(try await store.entryID(serial: "AB0012345"))
            let actor = Actor(name: "chuyen-vien", origin: "test")
            let noDecision = try await #require(throws: EduError.self) {
                try await db.database.transaction { try await RegisterStore($0, cipher: cipher).correct(
                    entryID: id, changes: [.fullName: "Nguyễn Văn Ân"], decisionNumber: " ", decisionDate: today, by: actor) }
            }
            #expect(noDecision.code == "credentials.decision")
            try await db.database.transaction { try await RegisterStore($0, cipher: cipher).correct(
                entryID: id, changes: [.fullName: "Nguyễn Văn Ân"], decisionNumber: "77/QĐ-SGDĐT", decisionDate: today, by: actor) }
            let corrected = try #require(try await store.lookup(serial: "AB0012345", fullName: "Nguyễn Văn Ân", dateOfBirth: birth))
            #expect(corrected.status == "corrected")
            try await db.database.transaction { try await RegisterStore($0, cipher: cipher).revoke(
                entryID: id, ground: .fraud, decisionNumber: "78/QĐ-SGDĐT", decisionDate: today, by: actor) }
            #expect(try await store.lookup(serial: "AB0012345", fullName: "Nguyễn Văn Ân", dateOfBirth: birth)?.status == "revoked")
            let again = try await #require(throws: EduError.self) {
                try await db.database.transaction { try await RegisterStore($0, cipher: cipher).revoke(
                    entryID: id, ground: .fraud, decisionNumber: "79/QĐ", decisionDate: today, by: actor) }
            }
            #expect(again.code == "credentials.revoked")
            let history = try await store.history(entryID: id, by: .commandLine)
            #expect(history.map(\.kind) == ["corrected", "revoked"])
            #expect(history[0].before == #"{"full_name":"Nguyễn Văn An"}"#)
            #expect(history[0].after == #"{"full_name":"Nguyễn Văn Ân"}"#)
            #expect(history[1].ground == "a")
            let reads = try await AuditLog(db.database.sql).entries(entity: "credential_entry", entityID: String(id)).map(\.action)
            #expect(reads.first == "read_history", "reading the history is audited")
        }
    }
}
