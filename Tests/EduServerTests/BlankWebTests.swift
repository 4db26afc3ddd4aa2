import Access
import Credentials
import EduCore
@testable import EduServer
import Foundation
import Testing
import Vapor
import VaporTesting

/// The department keeps the blank stock on `/credentials/blanks`; an auditor reads it; a school cannot.
@Suite struct BlankWebTests {
    @Test func theDepartmentReceivesSpoilsAndReadsABlanksHistory() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let receipt = ["kind": "THPT", "from": "AB0000001", "to": "AB0000003", "document": "Phiếu nhập 12/2026"]
            let (school, schoolBody) = fixture.form(receipt, as: .schoolAdmin)
            try await tester.test(.POST, "/credentials/blanks/receive", headers: school, body: schoolBody) { response in
                #expect(response.status == .forbidden)
            }
            let (receive, receiveBody) = fixture.form(receipt, as: .departmentStaff)
            try await tester.test(.POST, "/credentials/blanks/receive", headers: receive, body: receiveBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.POST, "/credentials/blanks/receive", headers: receive, body: receiveBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("Đã có phôi hoặc văn bằng mang số hiệu AB0000001"))
            }
            let (badRange, badRangeBody) = fixture.form(receipt.merging(["to": "CD0000003"]) { $1 }, as: .departmentStaff)
            try await tester.test(.POST, "/credentials/blanks/receive", headers: badRange, body: badRangeBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("cùng phần chữ"))
            }
            let (spoil, spoilBody) = fixture.form(["serial": "ab 0000002", "reason": "In lệch"], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/blanks/spoiled", headers: spoil, body: spoilBody) { response in #expect(response.status == .seeOther) }
            try await tester.test(.POST, "/credentials/blanks/spoiled", headers: spoil, body: spoilBody) { response in #expect(response.status == .conflict) }
            let (issue, issueBody) = fixture.form(["serial": "AB0000001", "reason": "x"], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/blanks/issued", headers: issue, body: issueBody) { response in
                #expect(response.status == .unprocessableEntity, "a blank is issued by registering an entry, not by hand")
            }
            let (unknown, unknownBody) = fixture.form(["serial": "ZZ1", "reason": "x"], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/blanks/cancelled", headers: unknown, body: unknownBody) { response in #expect(response.status == .notFound) }
            try await tester.test(.GET, "/credentials/blanks?serial=AB0000002", headers: fixture.headers(.auditor)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("In lệch") && html.contains("Hỏng") && html.contains("Phiếu nhập 12/2026"))
                #expect(!html.contains("/credentials/blanks/receive"), "an auditor reads only")
            }
            try await tester.test(.GET, "/credentials/blanks?serial=%22%3E%3Cb%3Ex", headers: fixture.headers(.auditor)) { response in
                #expect(response.body.string.contains("value=\"&quot;&gt;&lt;b&gt;x\""), "the serial asked goes back escaped")
            }
            try await tester.test(.GET, "/credentials/blanks", headers: fixture.headers(.schoolAdmin)) { response in #expect(response.status == .forbidden) }
            #expect(try await BlankStore(fixture.db.database.sql).tally()[.upperSecondary] == [.received: 2, .spoiled: 1])
            let reads = try await AuditLog(fixture.db.database.sql).entries(entity: "credential_blank", entityID: "AB0000002").map(\.action)
            #expect(reads.sorted() == ["blank_spoiled", "read"])
        }
    }
}
