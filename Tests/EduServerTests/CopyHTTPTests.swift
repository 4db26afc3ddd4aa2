import Access
import Credentials
import EduCore
import Foundation
import Signing
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The certified-copy service over HTTP: a request from the public form, staff's queue and decision, the requester's
/// status page and the signed copy.
@Suite struct CopyHTTPTests {
    static let request = "serial=AB0012345&holder_name=Nguy%E1%BB%85n%20V%C4%83n%20An&holder_birth=04%2F03%2F1987&requester=holder"
        + "&requester_name=Nguy%E1%BB%85n%20V%C4%83n%20An&identity_document=031087001234&contact=0912345678&note="

    func form(_ body: String, _ headers: HTTPHeaders = [:]) -> (HTTPHeaders, ByteBuffer) {
        var headers = headers
        headers.contentType = .urlEncodedForm
        return (headers, ByteBuffer(string: body))
    }

    @Test func fromThePublicFormToTheSignedCopy() async throws {
        try await ServerFixture.with { fixture in
            let (seal, _) = try await fixture.db.loadRegisterAndSeals()
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/ban-sao") { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("name=\"holder_birth\""))
            }
            let (wrongHeaders, wrongBody) = form(Self.request.replacingOccurrences(of: "AB0012345", with: "ZZ0000001"))
            try await tester.test(.POST, "/ban-sao", headers: wrongHeaders, body: wrongBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(String(buffer: response.body).contains("Không tìm thấy văn bằng khớp"))
            }
            var code = ""
            let (headers, body) = form(Self.request)
            try await tester.test(.POST, "/ban-sao", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                code = String(response.headers.first(name: .location)?.dropFirst("/ban-sao/".count) ?? "")
            }
            #expect(code.count == 10)
            try await tester.test(.GET, "/ban-sao/\(code)") { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã tiếp nhận") && html.contains("Hạn trả kết quả") && !html.contains("ban-sao.pdf"))
                #expect(response.headers.first(name: .cacheControl) == "no-store")
            }
            try await tester.test(.GET, "/ban-sao/\(code)/ban-sao.pdf") { response in #expect(response.status == .notFound) }

            try await tester.test(.GET, "/credentials/copies", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .forbidden)
            }
            struct Row: Decodable { let id: Int }
            let id = try #require(try await fixture.db.database.sql.raw("SELECT id FROM copy_requests").first(decoding: Row.self)).id
            try await tester.test(.GET, "/credentials/copies", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("/credentials/copies/\(id)"))
            }
            try await tester.test(.GET, "/credentials/copies/\(id)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("031087001234") && html.contains("value=\"\(seal)\""))
            }
            let (issueHeaders, issueBody) = form("csrf=\(fixture.csrf[.departmentStaff]!)&signer=\(seal)", fixture.headers(.departmentStaff))
            try await tester.test(.POST, "/credentials/copies/\(id)/issue", headers: issueHeaders, body: issueBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, "/ban-sao/\(code)") { response in
                let html = String(buffer: response.body)
                #expect(html.contains("/ban-sao/\(code)/ban-sao.pdf") && html.contains("/credentials/AB0012345"))
                #expect(html.contains("Văn bằng trong sổ gốc hiện nay</th><td>Còn hiệu lực"), "the copy's code says whether the credential stands")
            }
            // The copy's QR link, or its code alone, pasted on the public verification page: the request and the standing.
            for pasted in ["https://eduvn.example/ban-sao/\(code)", code.lowercased()] {
                var headers = HTTPHeaders()
                headers.contentType = .urlEncodedForm
                let body = "credential=\(pasted.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                try await tester.test(.POST, "/van-bang/xac-minh", headers: headers, body: ByteBuffer(string: body)) { response in
                    let html = String(buffer: response.body)
                    #expect(response.status == .ok && html.contains("Văn bằng trong sổ gốc hiện nay</th><td>Còn hiệu lực") && html.contains(code), "\(pasted)")
                }
            }
            // The copy uploaded to the public page: valid and standing; with bytes appended, unreadable (422).
            var copy: [UInt8] = []
            try await tester.test(.GET, "/ban-sao/\(code)/ban-sao.pdf") { response in copy = Array(response.body.readableBytesView) }
            func checked(_ pdf: [UInt8], expecting status: HTTPResponseStatus = .ok) async throws -> String {
                var html = ""
                let (uploadHeaders, uploadBody) = fixture.upload(pdf, filename: "ban-sao.pdf", as: nil)
                try await tester.test(.POST, "/van-bang/xac-minh", headers: uploadHeaders, body: uploadBody) { response in
                    #expect(response.status == status)
                    html = String(buffer: response.body)
                }
                return html
            }
            let genuine = try await checked(copy)
            let publicReads = try await AuditLog(fixture.db.database.sql).entries(entity: "copy_request", entityID: String(id)).map(\.action)
            #expect(publicReads.first == "read_public", "a copy checked on the public page is a read of the holder's record")
            #expect(genuine.contains("Bản sao từ sổ gốc hợp lệ") && genuine.contains("Còn hiệu lực") && genuine.contains(code), "\(genuine)")
            let damaged = try await checked(copy + Array("\n% thêm\n".utf8), expecting: .unprocessableEntity)
            #expect(damaged.contains("Tệp PDF không đúng định dạng"), "\(damaged)")
            // Another signed PDF, trusted but not a copy issued here: its signatures are reported, the register says nothing.
            let other = try await checked(try await PAdESSigner(signer: SignerStore(fixture.db.database.sql, cipher: fixture.db.cipher)
                .signer(named: seal).cmsSigner()).sign(copy))
            #expect(other.contains("Không xác nhận được bản sao này") && other.contains("Không phải bản sao do hệ thống cấp, hoặc tệp đã bị thay đổi"), "\(other)")
            let entry = try #require(try await RegisterStore(fixture.db.database.sql, cipher: fixture.db.cipher).entryID(serial: "AB0012345"))
            try await fixture.db.database.transaction { db in
                try await RegisterStore(db, cipher: fixture.db.cipher).revoke(entryID: entry, ground: .fraud, decisionNumber: "9/QĐ",
                                                                             decisionDate: CalendarDate(year: 2026, month: 11, day: 1)!, by: .commandLine)
            }
            try await tester.test(.GET, "/ban-sao/\(code)") { response in
                #expect(String(buffer: response.body).contains("Văn bằng trong sổ gốc hiện nay</th><td>Đã thu hồi"))
            }
            let afterRevocation = try await checked(copy)
            #expect(afterRevocation.contains("Không xác nhận được bản sao này") && afterRevocation.contains("Đã thu hồi"), "\(afterRevocation)")
            try await tester.test(.GET, "/ban-sao/\(code.lowercased())/ban-sao.pdf") { response in
                #expect(response.status == .ok && response.headers.contentType == .init(type: "application", subType: "pdf"))
                #expect(String(buffer: response.body).hasPrefix("%PDF"))
            }
            try await tester.test(.POST, "/credentials/copies/\(id)/issue", headers: issueHeaders, body: issueBody) { response in
                #expect(response.status == .conflict, "decided once")
            }
            try await tester.test(.GET, "/ban-sao/ZZZZZZZZZZ") { response in #expect(response.status == .notFound) }
        }
    }

    /// Staff compare a copy with the register page the entry was read from; nobody else sees the page.
    @Test func staffSeeTheRegisterPageBeforeIssuing() async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("trang 12 sổ gốc 2005".utf8)
            let path = try TestDatabase.csv(
                ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school", "graduation_year",
                 "decision_number", "decision_date", "page_image"],
                [["THPT", "AB0012345", "123/2005", "Nguyễn Văn An", "1987-03-04", "Nam", "Hải Phòng", "THPT Trần Phú", "2005", "456/QĐ-SGDĐT",
                  "2005-07-20", "trang-12.png"]])
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            try Data(png).write(to: folder.appendingPathComponent("trang-12.png"))
            let rows = try RegisterFile.read(path, today: .today).rows
            let outcome = try await fixture.db.database.transaction {
                try await RegisterStore($0, cipher: fixture.db.cipher).importEntries(rows, issuer: "Sở Giáo dục và Đào tạo Hải Phòng",
                                                                                     scans: ScanFolder(path: folder.path), dryRun: false, by: .commandLine)
            }
            #expect(outcome.scansAttached == 1)
            struct Row: Decodable { let id: Int }
            let scan = try #require(try await fixture.db.database.sql.raw("SELECT id FROM credential_page_scans").first(decoding: Row.self)).id

            let tester = try fixture.app.testing()
            let (headers, body) = form(Self.request)
            try await tester.test(.POST, "/ban-sao", headers: headers, body: body) { response in #expect(response.status == .seeOther) }
            let id = try #require(try await fixture.db.database.sql.raw("SELECT id FROM copy_requests").first(decoding: Row.self)).id
            try await tester.test(.GET, "/credentials/copies/\(id)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("<img src=\"/credentials/scans/\(scan)\""))
            }
            try await tester.test(.GET, "/credentials/scans/\(scan)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .ok && response.headers.contentType == .init(type: "image", subType: "png"))
                #expect(Array(response.body.readableBytesView) == png)
            }
            try await tester.test(.GET, "/credentials/scans/\(scan)", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.GET, "/credentials/scans/\(scan)") { response in
                #expect(response.status == .seeOther, "signed-out visitors are sent to sign in")
            }
            try await tester.test(.GET, "/credentials/scans/\(scan + 1)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
