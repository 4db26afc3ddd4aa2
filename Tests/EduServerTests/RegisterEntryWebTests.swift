import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The register's staff pages: finding an entry, its history, and corrections and revocations by decision from the
/// browser; every read audited, a refusal changing nothing.
@Suite struct RegisterEntryWebTests {
    struct Entry: Decodable { let id: Int; let fullName: String; let birthplace: String; let status: String }
    struct Event: Decodable { let kind: String; let before: String?; let after: String? }

    static func entry(_ serial: String, _ sql: any SQLDatabase) async throws -> Entry {
        try #require(try await sql.raw("SELECT id, full_name, birthplace, status FROM credential_entries WHERE serial = \(bind: serial)")
            .first(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase))
    }

    static func events(_ id: Int, _ sql: any SQLDatabase) async throws -> [Event] {
        try await sql.raw("SELECT kind, before, after FROM credential_events WHERE entry_id = \(bind: id) ORDER BY id").all(decoding: Event.self)
    }

    /// The fixture's register (Nguyễn Văn An's AB0012345, and AB0012346 revoked), an app to ask, and An's entry.
    static func withRegister(_ body: (ServerFixture, TestingApplicationTester, Entry) async throws -> Void) async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            try await body(fixture, try fixture.app.testing(), try await entry("AB0012345", fixture.db.database.sql))
        }
    }

    /// Registers one more line (the import's columns by name), unchecked, and returns its entry.
    static func register(_ cells: [String: String], _ fixture: ServerFixture) async throws -> Entry {
        let base = ["credential_type": "THPT", "register_number": "125/2005", "full_name": "Lê Văn Cường", "date_of_birth": "1987-05-06",
                    "gender": "", "birthplace": "Hải Phòng", "school": "THPT Trần Phú", "graduation_year": "2005",
                    "decision_number": "456/QĐ-SGDĐT", "decision_date": "2005-07-20"].merging(cells) { $1 }
        let header = base.keys.sorted()
        let path = try TestDatabase.csv(header, [header.map { base[$0]! }])
        let rows = try RegisterFile.read(path, today: CalendarDate(year: 2026, month: 11, day: 23)!).rows
        let cipher = fixture.db.cipher
        _ = try await fixture.db.database.transaction {
            try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: false, by: .commandLine)
        }
        return try await entry(base["serial"]!, fixture.db.database.sql)
    }

    /// The correction form as the page fills it: every field with its current value.
    static func correctionForm(_ changes: [String: String]) -> [String: String] {
        ["decision_number": "12/QĐ-SGDĐT", "decision_date": "20/11/2026", "full_name": "Nguyễn Văn An", "date_of_birth": "04/03/1987",
         "gender": "male", "birthplace": "Hải Phòng", "school": "THPT Trần Phú", "classification": "", "ethnicity": "Kinh",
         "signer": "Phạm Văn Giám"].merging(changes) { $1 }
    }

    @Test func staffFindAnEntryBySerialRegisterNumberOrNameAndEachSearchIsAudited() async throws {
        try await Self.withRegister { fixture, tester, an in
            for query in ["ab 0012345", "123/2005", "nguyen van", "NGUYỄN"] {
                try await tester.test(.GET, "/credentials/register?q=\(query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                                      headers: fixture.headers(.departmentStaff)) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .ok, "\(query)")
                    #expect(html.contains("/credentials/register/\(an.id)") && !html.contains("Trần Thị Bình"), "\(query)")
                }
            }
            try await tester.test(.GET, "/credentials/register?q=nguyen&year=2004", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("Không có mục nào khớp"))
            }
            struct Audit: Decodable { let action: String; let entityId: String; let before: String?; let after: String? }
            let audits = try await fixture.db.database.sql.raw("""
                SELECT action, entity_id, before, after FROM audit_log WHERE entity = 'credential_entry' AND action = 'search' ORDER BY id
                """).all(decoding: Audit.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(audits.map(\.after) == ["1 found", "1 found", "1 found", "1 found", "0 found"])
            #expect(!audits.contains { ($0.before ?? "").contains("nguyen") || $0.entityId.contains("nguyen") }, "the query is not kept")
        }
    }

    @Test func onlyDepartmentStaffSeeTheRegister() async throws {
        try await Self.withRegister { fixture, tester, an in
            for role in [Role.communeOfficer, .schoolAdmin, .principal, .teacher, .auditor] {
                for path in ["/credentials/register?q=nguyen", "/credentials/register/\(an.id)"] {
                    try await tester.test(.GET, path, headers: fixture.headers(role)) { response in
                        #expect(response.status == .forbidden, "\(role) \(path)")
                        #expect(!String(buffer: response.body).contains("Nguyễn Văn An"))
                    }
                }
                let (headers, body) = fixture.form(Self.correctionForm(["full_name": "Nguyễn Văn Ân"]), as: role)
                try await tester.test(.POST, "/credentials/register/\(an.id)/correct", headers: headers, body: body) { response in
                    #expect(response.status == .forbidden, "\(role)")
                }
            }
            try await tester.test(.GET, "/credentials/register/\(an.id)") { response in
                #expect(response.status == .seeOther, "to the login page")
            }
            #expect(try await Self.events(an.id, fixture.db.database.sql).isEmpty)
        }
    }

    @Test func aCorrectionFromTheFormChangesOnlyWhatWasChangedAndShowsInTheHistory() async throws {
        try await Self.withRegister { fixture, tester, an in
            let sql = fixture.db.database.sql
            try await tester.test(.GET, "/credentials/register/\(an.id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("123/2005") && html.contains("04/03/1987") && html.contains("Phạm Văn Giám"))
                #expect(html.contains("/credentials/register/\(an.id)/correct") && html.contains("/credentials/register/\(an.id)/revoke"))
                #expect(html.contains("value=\"Nguyễn Văn An\""), "the form holds the current values")
            }
            let (headers, body) = fixture.form(Self.correctionForm(["full_name": "Nguyễn Văn Ân", "birthplace": " Hải  Phòng "]), as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/correct", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/credentials/register/\(an.id)?done=corrected")
            }
            let corrected = try await Self.entry("AB0012345", sql)
            #expect(corrected.fullName == "Nguyễn Văn Ân" && corrected.birthplace == "Hải Phòng" && corrected.status == "corrected")
            let events = try await Self.events(an.id, sql)
            #expect(events.count == 1)
            #expect(events.first?.before == #"{"full_name":"Nguyễn Văn An"}"# && events.first?.after == #"{"full_name":"Nguyễn Văn Ân"}"#,
                    "fields left as they were, or differing only in spacing, are no change")
            try await tester.test(.GET, "/credentials/register/\(an.id)?done=corrected", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã ghi đính chính") && html.contains("Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân"))
                #expect(html.contains("12/QĐ-SGDĐT, 20/11/2026") && html.contains("Đã đính chính"))
            }
            struct Audit: Decodable { let action: String }
            let reads = try await sql.raw("""
                SELECT action FROM audit_log WHERE entity = 'credential_entry' AND entity_id = \(bind: String(an.id)) ORDER BY id
                """).all(decoding: Audit.self).map(\.action)
            #expect(reads == ["read", "read_history", "corrected", "read", "read_history"])
        }
    }

    /// An entry with a personal ID, no gender and a school typed with two spaces: the page shows the ID, the form offers
    /// "—" for the unknown gender, and only the field really changed (the name, here sent decomposed) is corrected.
    @Test func theFormChangesOnlyWhatDiffersFromTheRegister() async throws {
        try await Self.withRegister { fixture, tester, _ in
            let cuong = try await Self.register(["serial": "AB0012347", "school": "THPT  Trần Phú", "national_id": "031087001234"], fixture)
            let sql = fixture.db.database.sql
            try await tester.test(.GET, "/credentials/register/\(cuong.id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("031087001234") && html.contains("<option value selected=\"selected\">—</option>"), "\(html)")
            }
            let form = ["decision_number": "13/QĐ", "decision_date": "2026-11-20", "full_name": "Lê Văn Cường".decomposedStringWithCanonicalMapping,
                        "date_of_birth": "06/05/1987", "gender": "", "birthplace": "Hải Phòng", "school": "THPT  Trần Phú", "classification": "",
                        "ethnicity": "Mường", "signer": ""]
            let (headers, body) = fixture.form(form, as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(cuong.id)/correct", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await Self.events(cuong.id, sql).map(\.after) == [#"{"ethnicity":"Mường"}"#])
            // The API shows the personal ID to department systems too; a department token cannot use the staff pages' forms.
            let token = try await AccountStore(sql).createToken(name: "hệ thống", role: .departmentStaff, unitID: nil, schoolID: nil, canWrite: true,
                                                                by: .commandLine)
            let bearer = HTTPHeaders([("Authorization", "Bearer \(token.secret)")])
            try await tester.test(.GET, "/api/v1/credentials/entries/AB0012347", headers: bearer) { response in
                #expect(response.body.string.contains(#""national_id":"031087001234""#))
            }
            var tokenForm = bearer
            tokenForm.contentType = .urlEncodedForm
            try await tester.test(.POST, "/credentials/register/\(cuong.id)/revoke", headers: tokenForm,
                                  body: ByteBuffer(string: "decision_number=1&decision_date=2026-11-20&ground=a")) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await Self.entry("AB0012347", sql).status == "corrected")
        }
    }

    /// A page scan attached from the entry's page, once: a second upload is refused, the first stays.
    @Test func aPageScanIsAttachedOnceFromTheEntryPage() async throws {
        try await Self.withRegister { fixture, tester, an in
            let sql = fixture.db.database.sql
            try await tester.test(.GET, "/credentials/register/\(an.id)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("/credentials/register/\(an.id)/scan"))
            }
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("trang 7".utf8)
            let (notAScan, notAScanBody) = fixture.upload(Array("không phải ảnh".utf8), filename: "trang-7.png", field: "scan", as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/scan", headers: notAScan, body: notAScanBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("JPEG, PNG, TIFF hoặc PDF"))
            }
            let (headers, body) = fixture.upload(png, filename: "trang-7.png", field: "scan", as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/scan", headers: headers, body: body) { response in
                #expect(response.headers.first(name: .location) == "/credentials/register/\(an.id)?done=scan")
            }
            struct Page: Decodable { let pageScanId: Int? }
            let page = try #require(try await sql.raw("SELECT page_scan_id FROM credential_entries WHERE id = \(bind: an.id)")
                .first(decoding: Page.self, keyDecodingStrategy: .convertFromSnakeCase)?.pageScanId)
            try await tester.test(.GET, "/credentials/register/\(an.id)?done=scan", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã gắn ảnh trang sổ gốc") && html.contains("/credentials/scans/\(page)") && !html.contains("/\(an.id)/scan\""))
            }
            let (again, againBody) = fixture.upload(png + [0x00], filename: "trang-7b.png", field: "scan", as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/scan", headers: again, body: againBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("ảnh không bao giờ bị thay"))
            }
            let after = try await sql.raw("SELECT page_scan_id FROM credential_entries WHERE id = \(bind: an.id)")
                .first(decoding: Page.self, keyDecodingStrategy: .convertFromSnakeCase)?.pageScanId
            #expect(after == page)
            struct Count: Decodable { let n: Int }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM credential_page_scans").first(decoding: Count.self)?.n == 1, "the refused page is not kept")
            let (byAuditor, byAuditorBody) = fixture.upload(png, filename: "x.png", field: "scan", as: .auditor)
            try await tester.test(.POST, "/credentials/register/\(an.id)/scan", headers: byAuditor, body: byAuditorBody) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    /// An entry imported without a comparison's record is shown unchecked, with the form that records one.
    @Test func staffRecordTheCheckAgainstThePaperRegister() async throws {
        try await Self.withRegister { fixture, tester, _ in
            let dung = try await Self.register(["serial": "AB0012348", "register_number": "126/2005", "full_name": "Phan Thị Dung",
                                                "date_of_birth": "1987-08-09", "gender": "Nữ"], fixture)
            try await tester.test(.GET, "/credentials/register/\(dung.id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("chưa đối chiếu") && html.contains("/credentials/register/\(dung.id)/verify"))
            }
            let (headers, body) = fixture.form(["record": "Biên bản đối chiếu 9/2026"], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(dung.id)/verify", headers: headers, body: body) { response in
                #expect(response.headers.first(name: .location) == "/credentials/register/\(dung.id)?done=verified")
            }
            try await tester.test(.GET, "/credentials/register/\(dung.id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Biên bản đối chiếu 9/2026") && !html.contains("/credentials/register/\(dung.id)/verify"))
            }
            try await tester.test(.POST, "/credentials/register/\(dung.id)/verify", headers: headers, body: body) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Mục này đã được đối chiếu"))
            }
        }
    }

    @Test func refusedChangesStoreNothingAndSayWhy() async throws {
        try await Self.withRegister { fixture, tester, an in
            let sql = fixture.db.database.sql
            let refusals: [([String: String], String)] = [
                (Self.correctionForm([:]), "Không có nội dung đính chính"),
                (Self.correctionForm(["decision_number": " ", "full_name": "Nguyễn Văn Ân"]), "Cần số và ngày của quyết định"),
                (Self.correctionForm(["decision_date": "31/02/2026", "full_name": "Nguyễn Văn Ân"]), "Ngày quyết định không hợp lệ"),
                (Self.correctionForm(["date_of_birth": "1987-13-01"]), "Ngày sinh không hợp lệ"),
                (Self.correctionForm(["full_name": "Nguyễn V4n An"]), "Họ tên chứa ký tự không hợp lệ"),
                (Self.correctionForm(["date_of_birth": "01/01/1999"]), "Năm tốt nghiệp 2005 không thể có với ngày sinh 01/01/1999"),
            ]
            for (fields, reason) in refusals {
                let (headers, body) = fixture.form(fields, as: .departmentStaff)
                try await tester.test(.POST, "/credentials/register/\(an.id)/correct", headers: headers, body: body) { response in
                    #expect(response.status == .unprocessableEntity, "\(reason)")
                    #expect(String(buffer: response.body).contains(reason))
                }
            }
            let (forged, forgedBody) = ServerFixture.form(Self.correctionForm(["full_name": "Nguyễn Văn Ân"]), csrf: "forged",
                                                          headers: fixture.headers(.departmentStaff))
            try await tester.test(.POST, "/credentials/register/\(an.id)/correct", headers: forged, body: forgedBody) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await Self.events(an.id, sql).isEmpty)
            #expect(try await Self.entry("AB0012345", sql).fullName == "Nguyễn Văn An")
        }
    }

    @Test func aRevocationFromTheFormEndsTheFormsAndIsRefusedTwice() async throws {
        try await Self.withRegister { fixture, tester, an in
            let sql = fixture.db.database.sql
            let revocation = ["decision_number": "15/QĐ-SGDĐT", "decision_date": "21/11/2026", "ground": RevocationGround.fraud.rawValue]
            let (unknown, unknownBody) = fixture.form(revocation.merging(["ground": "z"]) { $1 }, as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/revoke", headers: unknown, body: unknownBody) { response in
                #expect(response.status == .unprocessableEntity && String(buffer: response.body).contains("Căn cứ thu hồi là a, b, c, d, dd hoặc e"))
            }
            let (headers, body) = fixture.form(revocation, as: .departmentAdmin)
            try await tester.test(.POST, "/credentials/register/\(an.id)/revoke", headers: headers, body: body) { response in
                #expect(response.headers.first(name: .location) == "/credentials/register/\(an.id)?done=revoked")
            }
            #expect(try await Self.entry("AB0012345", sql).status == "revoked")
            try await tester.test(.GET, "/credentials/register/\(an.id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã thu hồi") && html.contains(RevocationGround.fraud.label.vi))
                #expect(!html.contains("/credentials/register/\(an.id)/correct") && !html.contains("/credentials/register/\(an.id)/revoke"))
            }
            let (again, againBody) = fixture.form(revocation, as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/revoke", headers: again, body: againBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(String(buffer: response.body).contains("Văn bằng đã bị thu hồi"))
            }
            let (correction, correctionBody) = fixture.form(Self.correctionForm(["full_name": "Nguyễn Văn Ân"]), as: .departmentStaff)
            try await tester.test(.POST, "/credentials/register/\(an.id)/correct", headers: correction, body: correctionBody) { response in
                #expect(response.status == .unprocessableEntity)
            }
            #expect(try await Self.events(an.id, sql).map(\.kind) == ["revoked"])
            try await tester.test(.GET, "/credentials/register/999999", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
