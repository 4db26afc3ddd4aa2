import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// `/api/v1/credentials/blanks`: the department's systems receive blanks, spoil and cancel them, and read the stock and
/// a blank's history; auditors read; a read-only token and other roles change nothing.
@Suite struct BlankAPITests {
    static func token(_ fixture: ServerFixture, canWrite: Bool) async throws -> HTTPHeaders {
        let token = try await AccountStore(fixture.db.database.sql).createToken(name: "kho phôi", role: .departmentStaff, unitID: nil, schoolID: nil,
                                                                               canWrite: canWrite, by: .commandLine)
        return ["Authorization": "Bearer \(token.secret)", "Content-Type": "application/json"]
    }

    struct Blank: Decodable {
        struct Inner: Decodable { let serial: String; let status: String; let receivedBy: String }
        struct Event: Decodable { let status: String; let note: String }
        let blank: Inner
        let history: [Event]
    }

    static func decode<T: Decodable>(_ type: T.Type, _ response: TestingHTTPResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: Data(buffer: response.body))
    }

    @Test func aSystemKeepsTheStockOfBlanks() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let writer = try await Self.token(fixture, canWrite: true)
            let receipt = #"{"kind": "THPT", "from": "HP0000001", "to": "HP0000003", "document": "Phiếu nhập 7/2026"}"#
            try await tester.test(.POST, "/api/v1/credentials/blanks/receipts", headers: writer, body: ByteBuffer(string: receipt)) { response in
                #expect(response.status == .created)
                #expect(response.body.string == #"{"first":"HP0000001","last":"HP0000003","received":3}"#)
            }
            try await tester.test(.POST, "/api/v1/credentials/blanks/receipts", headers: writer, body: ByteBuffer(string: receipt)) { response in
                #expect(response.status == .conflict && response.body.string.contains("HP0000001"))
            }
            let spoil = #"{"status": "spoiled", "reason": "In lệch"}"#
            try await tester.test(.POST, "/api/v1/credentials/blanks/hp0000002/retirements", headers: writer, body: ByteBuffer(string: spoil)) { response in
                #expect(response.status == .ok)
                let blank = try Self.decode(Blank.self, response)
                #expect(blank.blank.serial == "HP0000002" && blank.blank.status == "spoiled" && blank.blank.receivedBy == "Phiếu nhập 7/2026")
                #expect(blank.history.map(\.status) == ["received", "spoiled"] && blank.history.last?.note == "In lệch")
            }
            try await tester.test(.POST, "/api/v1/credentials/blanks/HP0000002/retirements", headers: writer, body: ByteBuffer(string: spoil)) { response in
                #expect(response.status == .conflict, "spoiled already")
            }
            let cancel = #"{"status": "cancelled", "reason": "Huỷ theo QĐ 3/2026"}"#
            try await tester.test(.POST, "/api/v1/credentials/blanks/HP0000002/retirements", headers: writer, body: ByteBuffer(string: cancel)) { response in
                #expect(response.status == .ok)
            }
            let refusals: [(String, String, HTTPResponseStatus)] = [
                ("/api/v1/credentials/blanks/ZZ0000001/retirements", spoil, .notFound),
                ("/api/v1/credentials/blanks/HP0000001/retirements", #"{"status": "issued", "reason": "x"}"#, .unprocessableEntity),
                ("/api/v1/credentials/blanks/HP0000001/retirements", #"{"status": "spoiled", "reason": " "}"#, .unprocessableEntity),
                ("/api/v1/credentials/blanks/receipts", #"{"kind": "XX", "from": "A1", "to": "A2", "document": "d"}"#, .unprocessableEntity),
                ("/api/v1/credentials/blanks/receipts", #"{"kind": "CC", "from": "A9", "to": "A1", "document": "d"}"#, .unprocessableEntity),
            ]
            for (path, body, status) in refusals {
                try await tester.test(.POST, path, headers: writer, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(path) \(body): \(response.body.string)")
                }
            }
            try await tester.test(.GET, "/api/v1/credentials/blanks", headers: fixture.headers(.auditor)) { response in
                #expect(response.body.string == #"{"THPT":{"cancelled":1,"received":2}}"#, "\(response.body.string)")
            }
            try await tester.test(.GET, "/api/v1/credentials/blanks/HP0000002", headers: fixture.headers(.auditor)) { response in
                let blank = try Self.decode(Blank.self, response)
                #expect(blank.history.map(\.status) == ["received", "spoiled", "cancelled"])
            }
        }
    }

    @Test func readersAndOtherRolesChangeNothing() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let receipt = #"{"kind": "THPT", "from": "HP0000001", "to": "HP0000003", "document": "Phiếu nhập 7/2026"}"#
            var attempts = [try await Self.token(fixture, canWrite: false)]
            for role in [Role.auditor, .communeOfficer, .principal] {
                var headers = fixture.headers(role)
                headers.contentType = .json
                headers.replaceOrAdd(name: "X-CSRF-Token", value: fixture.csrf[role]!)
                attempts.append(headers)
            }
            for headers in attempts {
                try await tester.test(.POST, "/api/v1/credentials/blanks/receipts", headers: headers, body: ByteBuffer(string: receipt)) { response in
                    #expect(response.status == .forbidden)
                }
            }
            for role in [Role.communeOfficer, .principal, .teacher] {
                try await tester.test(.GET, "/api/v1/credentials/blanks", headers: fixture.headers(role)) { response in
                    #expect(response.status == .forbidden, "\(role)")
                }
            }
            var session = fixture.headers(.departmentStaff)
            session.contentType = .json
            try await tester.test(.POST, "/api/v1/credentials/blanks/receipts", headers: session, body: ByteBuffer(string: receipt)) { response in
                #expect(response.status == .forbidden, "a session without its CSRF token")
            }
            #expect(try await BlankStore(fixture.db.database.sql).tally().isEmpty)
        }
    }
}
