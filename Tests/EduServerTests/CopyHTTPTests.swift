import Access
import Credentials
import EduCore
import Foundation
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
            let entry = try #require(try await RegisterStore(fixture.db.database.sql, cipher: fixture.db.cipher).entryID(serial: "AB0012345"))
            try await fixture.db.database.transaction { db in
                try await RegisterStore(db, cipher: fixture.db.cipher).revoke(entryID: entry, ground: .fraud, decisionNumber: "9/QĐ",
                                                                             decisionDate: CalendarDate(year: 2026, month: 11, day: 1)!, by: .commandLine)
            }
            try await tester.test(.GET, "/ban-sao/\(code)") { response in
                #expect(String(buffer: response.body).contains("Văn bằng trong sổ gốc hiện nay</th><td>Đã thu hồi"))
            }
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
}
