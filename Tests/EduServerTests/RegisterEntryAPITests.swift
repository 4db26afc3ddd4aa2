import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// `/api/v1/credentials/entries/{serial}`: department systems read an entry with its history, and correct or revoke it
/// by a decision; a read-only token only reads, other roles see nothing.
@Suite struct RegisterEntryAPITests {
    struct Entry: Decodable {
        struct Event: Decodable { let kind: String; let decisionNumber: String; let ground: String?; let before: String?; let after: String? }
        let serial: String, fullName: String, ethnicity: String, status: String
        let history: [Event]
    }

    static func token(_ fixture: ServerFixture, canWrite: Bool) async throws -> HTTPHeaders {
        let token = try await AccountStore(fixture.db.database.sql).createToken(name: "hệ thống", role: .departmentStaff, unitID: nil, schoolID: nil,
                                                                               canWrite: canWrite, by: .commandLine)
        return ["Authorization": "Bearer \(token.secret)", "Content-Type": "application/json"]
    }

    static func decode(_ response: TestingHTTPResponse) throws -> Entry {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Entry.self, from: Data(buffer: response.body))
    }

    @Test func aSystemCorrectsThenRevokesAnEntryAndReadsItsHistory() async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            let tester = try fixture.app.testing()
            let writer = try await Self.token(fixture, canWrite: true)
            let correction = #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "changes": {"ethnicity": "Tày", "signer": "Phạm Văn Giám"}}"#
            try await tester.test(.POST, "/api/v1/credentials/entries/ab%200012345/corrections", headers: writer, body: ByteBuffer(string: correction)) { response in
                #expect(response.status == .ok)
                let entry = try Self.decode(response)
                #expect(entry.serial == "AB0012345" && entry.ethnicity == "Tày" && entry.status == "corrected")
                #expect(entry.history.map(\.after) == [#"{"ethnicity":"Tày"}"#], "the signer was given its current value: no change")
            }
            let revocation = #"{"decision_number": "15/QĐ", "decision_date": "21/11/2026", "ground": "dd"}"#
            try await tester.test(.POST, "/api/v1/credentials/entries/AB0012345/revocations", headers: writer, body: ByteBuffer(string: revocation)) { response in
                let entry = try Self.decode(response)
                #expect(entry.status == "revoked" && entry.history.map(\.kind) == ["corrected", "revoked"])
                #expect(entry.history.last?.ground == "dd" && entry.history.last?.before == "corrected")
            }
            try await tester.test(.POST, "/api/v1/credentials/entries/AB0012345/revocations", headers: writer, body: ByteBuffer(string: revocation)) { response in
                #expect(response.status == .conflict)
                #expect(response.body.string.contains("credentials.revoked"))
            }
            try await fixture.db.database.sql.raw("UPDATE credential_entries SET verification = NULL WHERE serial = 'AB0012345'").run()
            for (record, status) in [("Biên bản 7/2026", HTTPResponseStatus.ok), ("Biên bản khác", .unprocessableEntity)] {
                try await tester.test(.POST, "/api/v1/credentials/entries/AB0012345/verification", headers: writer,
                                      body: ByteBuffer(string: #"{"record": "\#(record)"}"#)) { response in
                    #expect(response.status == status, "\(record): \(response.body.string)")
                }
            }
            try await tester.test(.GET, "/api/v1/credentials/entries/AB0012345", headers: writer) { response in
                #expect(response.body.string.contains(#""verification":"Biên bản 7/2026""#))
                let history = try Self.decode(response).history
                #expect(history.map(\.decisionNumber) == ["12/QĐ", "15/QĐ"])
            }
        }
    }

    @Test func refusalsNameTheReasonAndChangeNothing() async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            let tester = try fixture.app.testing()
            let writer = try await Self.token(fixture, canWrite: true)
            let refusals: [(String, String, String, HTTPResponseStatus)] = [
                ("AB0012345/corrections", #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "changes": {"serial": "X1"}}"#,
                 #"The field \"serial\" cannot be corrected"#, .unprocessableEntity),
                ("AB0012345/corrections", #"{"decision_number": "", "decision_date": "2026-11-20", "changes": {"ethnicity": "Tày"}}"#,
                 "A decision number and date are required", .unprocessableEntity),
                ("AB0012345/corrections", #"{"decision_number": "12/QĐ", "decision_date": "2026-02-30", "changes": {"ethnicity": "Tày"}}"#,
                 "The decision date is not valid", .unprocessableEntity),
                ("AB0012345/revocations", #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "ground": "z"}"#,
                 "The ground is a, b, c, d, dd or e", .unprocessableEntity),
                ("ZZ9999999/revocations", #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "ground": "a"}"#,
                 "No such serial in the register", .notFound),
                ("AB0012346/corrections", #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "changes": {"ethnicity": "Tày"}}"#,
                 "The credential has been revoked", .conflict),
            ]
            for (path, body, reason, status) in refusals {
                try await tester.test(.POST, "/api/v1/credentials/entries/\(path)", headers: writer, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == status, "\(path) \(reason)")
                    #expect(response.body.string.contains(reason), "\(response.body.string)")
                }
            }
            struct Count: Decodable { let n: Int }
            #expect(try await fixture.db.database.sql.raw("SELECT COUNT(*) AS n FROM credential_events").first(decoding: Count.self)?.n == 1,
                    "only the fixture's revocation of AB0012346")
        }
    }

    @Test func aReadOnlyTokenReadsAndOtherRolesSeeNothing() async throws {
        try await ServerFixture.with { fixture in
            _ = try await fixture.db.loadRegisterAndSeals()
            let tester = try fixture.app.testing()
            let reader = try await Self.token(fixture, canWrite: false)
            try await tester.test(.GET, "/api/v1/credentials/entries/AB0012345", headers: reader) { response in
                #expect(response.status == .ok && (try? Self.decode(response).fullName) == "Nguyễn Văn An")
            }
            let body = #"{"decision_number": "12/QĐ", "decision_date": "2026-11-20", "changes": {"ethnicity": "Tày"}}"#
            try await tester.test(.POST, "/api/v1/credentials/entries/AB0012345/corrections", headers: reader, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden)
            }
            for role in [Role.communeOfficer, .schoolAdmin, .principal, .teacher, .auditor] {
                try await tester.test(.GET, "/api/v1/credentials/entries/AB0012345", headers: fixture.headers(role)) { response in
                    #expect(response.status == .forbidden, "\(role)")
                    #expect(!response.body.string.contains("Nguyễn Văn An"))
                }
            }
            try await tester.test(.GET, "/api/v1/credentials/entries/AB0012345") { response in #expect(response.status == .unauthorized) }
            #expect(try await RegisterStore(fixture.db.database.sql, cipher: fixture.db.cipher).standing(serial: "AB0012345")?.status == .valid)
        }
    }
}
