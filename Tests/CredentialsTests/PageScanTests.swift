import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Testing
import TestSupport

/// Scanned register pages: told by content, stored once per page, attached to the entries read from them, never
/// replaced; every unusable file named by its row.
@Suite struct PageScanTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 24)!
    private static let header = ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school",
                                 "graduation_year", "decision_number", "decision_date", "page_image"]
    private static let people = [
        ["THPT", "AB0012345", "123/2005", "Nguyễn Văn An", "1987-03-04", "Nam", "Hải Phòng", "THPT Trần Phú", "2005", "456/QĐ-SGDĐT", "2005-07-20"],
        ["THPT", "AB0012346", "124/2005", "Trần Thị Bình", "1987-11-12", "Nữ", "Hải Dương", "THPT Trần Phú", "2005", "456/QĐ-SGDĐT", "2005-07-20"],
        ["THCS", "CD0000001", "88/2001", "Lê Văn Cường", "1986-01-01", "", "", "THCS Lê Lợi", "2001", "12/QĐ-PGD", "2001-06-30"],
    ]
    static let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0] + Array("trang 1 quyển 2005".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("trang 7 quyển 2001".utf8)

    /// A register file whose rows name `pages` (nil: no scan), in a folder holding `files`; returns the file's path.
    private func register(pages: [String?], files: [String: [UInt8]]) throws -> String {
        let path = try TestDatabase.csv(Self.header, zip(Self.people, pages).map { $0 + [$1 ?? ""] })
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        for (name, bytes) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return path
    }

    private func importing(_ path: String, into db: TestDatabase, folder: Bool = true, dryRun: Bool = false) async throws -> RegisterStore.ImportOutcome {
        let rows = try RegisterFile.read(path, today: today).rows
        let scans = folder ? ScanFolder(path: URL(fileURLWithPath: path).deletingLastPathComponent().path) : nil
        let cipher = db.cipher
        return try await db.database.transaction {
            try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT Hải Phòng", scans: scans, dryRun: dryRun, by: .commandLine)
        }
    }

    private struct Attached: Decodable, Equatable { let serial: String; let pageScanId: Int? }

    private func attached(_ db: TestDatabase) async throws -> [Attached] {
        try await db.database.sql.raw("SELECT serial, page_scan_id FROM credential_entries ORDER BY serial")
            .all(decoding: Attached.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    private func pageCount(_ db: TestDatabase) async throws -> Int {
        struct Row: Decodable { let n: Int }
        return try await db.database.sql.raw("SELECT COUNT(*) AS n FROM credential_page_scans").first(decoding: Row.self)!.n
    }

    @Test func aScanIsToldByItsContent() throws {
        #expect(try PageScan(content: Self.jpeg).mediaType == .jpeg)
        #expect(try PageScan(content: Self.png).mediaType == .png)
        #expect(try PageScan(content: [0x49, 0x49, 0x2A, 0x00, 1]).mediaType == .tiff)
        #expect(try PageScan(content: Array("%PDF-1.7\n".utf8)).mediaType == .pdf)
        #expect(try PageScan(content: Array("%PDF-1.7\n".utf8)).sha256 == "0716f9264c9fe19f5d7455276107f3ddcc1d3497f63d60689a73558ae8a1bf5e", "sha256sum's answer")
        #expect(throws: EduError.self) { try PageScan(content: Array("Số hiệu,Họ và tên".utf8)) }
        #expect(throws: EduError.self) { try PageScan(content: []) }
        #expect(throws: EduError.self) { try PageScan.check(size: PageScan.maximumSize + 1, head: Self.jpeg) }
        try PageScan.check(size: PageScan.maximumSize, head: Self.jpeg)
    }

    @Test func eachPageIsStoredOnceAndImportingAgainChangesNothing() async throws {
        try await TestDatabase.with { db in
            let path = try register(pages: ["quyen-2005/trang-01.jpg", "quyen-2005/trang-01.jpg", "trang-07.png"],
                                    files: ["quyen-2005/trang-01.jpg": Self.jpeg, "trang-07.png": Self.png])
            var expected = RegisterStore.ImportOutcome(created: 3, unchanged: 0)
            expected.pages = 2
            #expect(try await importing(path, into: db, dryRun: true) == expected)
            #expect(try await pageCount(db) == 0, "a dry run stores nothing")
            expected.pagesStored = 2
            #expect(try await importing(path, into: db) == expected)
            let entries = try await attached(db)
            #expect(entries.allSatisfy { $0.pageScanId != nil })
            #expect(entries[0].pageScanId == entries[1].pageScanId && entries[0].pageScanId != entries[2].pageScanId, "one page, two entries")
            #expect(try await pageCount(db) == 2)

            var again = RegisterStore.ImportOutcome(created: 0, unchanged: 3)
            again.pages = 2
            #expect(try await importing(path, into: db) == again)
            #expect(try await attached(db) == entries)
            #expect(try await pageCount(db) == 2)

            let page = try #require(try await PageScanStore(db.database.sql).scan(id: entries[2].pageScanId!, by: .commandLine))
            #expect(page.content == Self.png && page.mediaType == .png)
            struct Row: Decodable { let n: Int }
            let reads = try await db.database.sql.raw("""
                SELECT COUNT(*) AS n FROM audit_log WHERE action = 'read' AND entity = 'credential_page_scan' AND entity_id = \(bind: String(page.id))
                """).first(decoding: Row.self)!.n
            #expect(reads == 1, "reading a page is audited")
        }
    }

    @Test func anEntryGetsItsPageLaterButNeverAnother() async throws {
        try await TestDatabase.with { db in
            let first = try RegisterFile.read(register(pages: [nil, nil, nil], files: [:]), today: today).rows
            let cipher = db.cipher
            _ = try await db.database.transaction {
                try await RegisterStore($0, cipher: cipher).importEntries(try RegisterRows(Array(first.all().prefix(2))), issuer: "Sở GDĐT Hải Phòng", dryRun: false, by: .commandLine)
            }
            #expect(try await attached(db).allSatisfy { $0.pageScanId == nil })
            // One file for an entry registered without a page, one not registered yet, and one keeping none.
            let later = try register(pages: ["trang-01.jpg", nil, "trang-01.jpg"], files: ["trang-01.jpg": Self.jpeg])
            var expected = RegisterStore.ImportOutcome(created: 1, unchanged: 1)
            expected.scansAttached = 1
            expected.pages = 1
            #expect(try await importing(later, into: db, dryRun: true) == expected)
            expected.pagesStored = 1
            #expect(try await importing(later, into: db) == expected)
            let entries = try await attached(db)
            #expect(entries.map { $0.pageScanId != nil } == [true, false, true])
            #expect(entries[0].pageScanId == entries[2].pageScanId)

            let other = try register(pages: ["trang-01.jpg", nil, nil], files: ["trang-01.jpg": Self.png])
            let refused = try await #require(throws: InputRejected.self) { try await importing(other, into: db) }
            #expect(refused.problems.map { "\($0.row):\($0.column)" } == ["2:page_image"])
            #expect(refused.problems[0].reason.en == "This entry already has another page scan")
            #expect(try await attached(db) == entries, "the page stays as it was")
            #expect(try await pageCount(db) == 1)
        }
    }

    @Test func everyUnusableScanIsNamedAndNothingIsWritten() async throws {
        try await TestDatabase.with { db in
            let path = try register(pages: ["thieu.jpg", "../trang-01.jpg", "ghi-chu.jpg"],
                                    files: ["ghi-chu.jpg": Array("không phải ảnh".utf8), "trang-01.jpg": Self.jpeg])
            let refused = try await #require(throws: InputRejected.self) { try await importing(path, into: db) }
            #expect(refused.problems.map { "\($0.row):\($0.column):\($0.value)" } == ["2:page_image:thieu.jpg", "3:page_image:../trang-01.jpg", "4:page_image:ghi-chu.jpg"])
            #expect(refused.problems.map(\.reason.vi) == ["Không thấy tệp ảnh này trong thư mục ảnh",
                                                          "Tên tệp ảnh phải nằm trong thư mục ảnh (không dùng đường dẫn tuyệt đối hay ..)",
                                                          "Tệp ảnh trang sổ phải là JPEG, PNG, TIFF hoặc PDF"])
            let unfoldered = try await #require(throws: InputRejected.self) {
                try await importing(register(pages: ["trang-01.jpg", nil, nil], files: ["trang-01.jpg": Self.jpeg]), into: db, folder: false)
            }
            #expect(unfoldered.problems.map { "\($0.row):\($0.column)" } == ["2:page_image"])
            #expect(try await attached(db).isEmpty)
            #expect(try await pageCount(db) == 0)
        }
    }
}
