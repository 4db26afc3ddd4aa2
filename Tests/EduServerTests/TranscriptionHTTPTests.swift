import Access
import Credentials
import EduCore
import EduServer
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// Double entry from the department's pages: a batch with its page, two transcriptions from two accounts, the third
/// account settling the differences and registering the lines.
@Suite struct TranscriptionHTTPTests {
    static let header = "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date"
    static let first = [header,
                        "THPT,AB0000001,1/2005,Nguyễn Văn An,1987-03-04,Nam,Hải Phòng,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20",
                        "THPT,AB0000002,2/2005,Trần Thị Bình,1987-11-12,Nữ,Hải Dương,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20"]
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("trang 12".utf8)

    /// A third department account, signed in: its cookie header and CSRF token.
    private func thirdPerson(_ fixture: ServerFixture) async throws -> (headers: HTTPHeaders, csrf: String) {
        let accounts = AccountStore(fixture.db.database.sql)
        let user = try await accounts.createUser(username: "kiem-tra", displayName: "Kiểm tra", passwordHash: try BcryptHasher(cost: 4).hash("mật khẩu dài 123"),
                                                 grants: [Grant(role: .departmentStaff)], by: .commandLine)
        let session = try await accounts.startSession(userID: user.id)
        return (["Cookie": "eduvn_session=\(session.token)"], session.csrf)
    }

    @Test func twoTypeAThirdSettles() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/credentials/transcriptions", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .forbidden)
            }
            let (openHeaders, openBody) = fixture.upload(Self.png, filename: "trang-12.png", field: "scan",
                                                         fields: ["label": "Sổ gốc THPT 2005, trang 12", "issuer": "Sở GDĐT Hải Dương"], as: .departmentAdmin)
            var batchPath = ""
            try await tester.test(.POST, "/credentials/transcriptions", headers: openHeaders, body: openBody) { response in
                #expect(response.status == .seeOther)
                batchPath = response.headers.first(name: .location) ?? ""
            }
            #expect(batchPath.hasPrefix("/credentials/transcriptions/"))

            let badFile = (Self.first + ["THPT,AB0000003,3/2005,Lê Văn Cường,1987-02-30,Nam,,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20"]).joined(separator: "\n")
            let (badHeaders, badBody) = fixture.upload(Array(badFile.utf8), filename: "ban-1.csv", as: .departmentAdmin)
            try await tester.test(.POST, "\(batchPath)/transcription", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("<td>4</td><td>date_of_birth</td><td>1987-02-30</td>"), "the operator's own typo, by row")
            }
            let (firstHeaders, firstBody) = fixture.upload(Array(Self.first.joined(separator: "\n").utf8), filename: "ban-1.csv", as: .departmentAdmin)
            try await tester.test(.POST, "\(batchPath)/transcription", headers: firstHeaders, body: firstBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.POST, "\(batchPath)/transcription", headers: firstHeaders, body: firstBody) { response in
                #expect(response.status == .conflict, "one transcription each")
            }
            // The second operator misreads a name and leaves a birthplace out.
            let second = Self.first.map { $0.replacingOccurrences(of: "Trần Thị Bình", with: "Trần Thị Bính").replacingOccurrences(of: "Hải Dương", with: "") }
                .joined(separator: "\n")
            let token = try await AccountStore(fixture.db.database.sql).createToken(name: "máy", role: .departmentStaff, unitID: nil, schoolID: nil,
                                                                                  canWrite: true, by: .commandLine)
            var byToken = HTTPHeaders([("Authorization", "Bearer \(token.secret)")])
            byToken.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=eduvn-boundary")
            try await tester.test(.POST, "\(batchPath)/transcription", headers: byToken, body: fixture.upload(Array(second.utf8), filename: "b.csv", as: .departmentStaff).1) { response in
                #expect(response.status == .forbidden, "a token does not type: the second operator must be another person")
            }
            let (secondHeaders, secondBody) = fixture.upload(Array(second.utf8), filename: "ban-2.csv", as: .departmentStaff)
            try await tester.test(.POST, "\(batchPath)/transcription", headers: secondHeaders, body: secondBody) { response in
                #expect(response.status == .seeOther)
            }

            try await tester.test(.GET, batchPath, headers: fixture.headers(.departmentAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("Trần Thị Bính") && html.contains("1 dòng khớp, 1 dòng khác nhau"))
                #expect(!html.contains("name=\"v:2-2:full_name\""), "an operator cannot settle")
                #expect(html.contains("<img src=\"/credentials/scans/"), "the page beside the lines")
            }
            let (byOperator, byOperatorBody) = fixture.form(["v:2-2:full_name": "Trần Thị Bình"], as: .departmentAdmin)
            try await tester.test(.POST, "\(batchPath)/resolutions", headers: byOperator, body: byOperatorBody) { response in
                #expect(response.status == .conflict)
            }

            let third = try await thirdPerson(fixture)
            try await tester.test(.GET, batchPath, headers: third.headers) { response in
                #expect(response.body.string.contains("name=\"v:2-2:full_name\""))
            }
            // Another value typed wins over the one chosen from the list.
            let (resolveHeaders, resolveBody) = ServerFixture.form(["v:2-2:full_name": "Trần Thị Bính", "o:2-2:full_name": "Trần Thị Bình",
                                                                    "v:2-2:birthplace": "(trống)"],
                                                                   csrf: third.csrf, headers: third.headers)
            try await tester.test(.POST, "\(batchPath)/resolutions", headers: resolveHeaders, body: resolveBody) { response in
                #expect(response.status == .seeOther)
            }
            let (settleHeaders, settleBody) = ServerFixture.form([:], csrf: third.csrf, headers: third.headers)
            try await tester.test(.POST, "\(batchPath)/settle", headers: settleHeaders, body: settleBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, batchPath, headers: third.headers) { response in
                #expect(response.body.string.contains("Đã vào sổ gốc; người xử lý: kiem-tra"))
            }
            struct Entry: Decodable { let fullName: String; let birthplace: String; let issuer: String }
            let entries = try await fixture.db.database.sql.raw("""
                SELECT full_name, birthplace, issuer FROM credential_entries WHERE transcription_batch_id IS NOT NULL ORDER BY serial
                """).all(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(entries.map(\.fullName) == ["Nguyễn Văn An", "Trần Thị Bình"] && entries.allSatisfy { $0.issuer == "Sở GDĐT Hải Dương" })
            #expect(entries.map(\.birthplace) == ["Hải Phòng", ""], "settled as empty")
        }
    }
}
