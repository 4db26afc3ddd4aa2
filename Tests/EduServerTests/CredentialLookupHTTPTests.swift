import Access
import Signing
import Credentials
import EduCore
import EduServer
import Platform
import Foundation
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The public lookup: all three details needed, one answer for "unknown" and "does not match", no personal ID, and a
/// client that floods it is throttled.
@Suite struct CredentialLookupHTTPTests {
    @Test func lookupIsUniformAndThrottled() async throws {
        try await ServerFixture.with { fixture in
            let path = try TestDatabase.csv(
                ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school", "graduation_year",
                 "decision_number", "decision_date", "national_id"],
                [["THPT", "AB0012345", "123/2005", "Nguyễn Văn An", "1987-03-04", "Nam", "Hải Phòng", "THPT Trần Phú", "2005", "456/QĐ", "2005-07-20",
                  "031087001234"]])
            let rows = try RegisterFile.read(path, today: CalendarDate(year: 2026, month: 11, day: 23)!).rows
            let cipher = fixture.db.cipher
            _ = try await fixture.db.database.transaction {
                try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT Hải Phòng", dryRun: false, by: .commandLine)
            }
            let tester = try fixture.app.testing()
            var headers = HTTPHeaders()
            headers.contentType = .json
            func lookup(_ serial: String, _ name: String, _ birth: String) throws -> ByteBuffer {
                try JSONBody.encode(["serial": serial, "full_name": name, "date_of_birth": birth])
            }
            try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: lookup("ab 0012345", "Nguyễn Văn An", "1987-03-04")) { response in
                #expect(response.status == .ok)
                let body = try JSONBody.object(response)
                #expect(body["full_name"] as? String == "Nguyễn Văn An")
                #expect(body["status"] as? String == "valid")
                #expect(!String(buffer: response.body).contains("031087001234"), "never the personal ID")
                #expect(!String(buffer: response.body).contains("123/2005"), "nor the register number")
            }
            var bodies: [String] = []
            for request in [try lookup("AB0012345", "Nguyễn Văn Anh", "1987-03-04"), try lookup("ZZ9999999", "Nguyễn Văn An", "1987-03-04")] {
                try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: request) { response in
                    #expect(response.status == .notFound)
                    bodies.append(String(buffer: response.body))
                }
            }
            #expect(bodies[0] == bodies[1], "not found and mismatch answer the same")
            var throttled = false
            for _ in 0..<25 where !throttled {
                try await tester.test(.POST, "/api/v1/credentials/lookup", headers: headers, body: lookup("ZZ9999999", "A", "1987-03-04")) { response in
                    if response.status == .tooManyRequests {
                        throttled = true
                        #expect(response.headers.first(name: .retryAfter) != nil)
                    }
                }
            }
            #expect(throttled, "a client over its rate gets 429")
        }
    }

    /// The status list at the URL the credentials name: signed by the issuing seal, trusted by our verifier, and the
    /// revoked entry's bit set (read by Python's gzip).
    @Test func theStatusListIsServedSigned() async throws {
        try await ServerFixture.with { fixture in
            let cipher = fixture.db.cipher
            let (seal, _) = try await fixture.db.loadRegisterAndSeals()
            let revokedID = try await fixture.db.database.transaction { db in
                let store = RegisterStore(db, cipher: cipher)
                let id = try #require(try await store.entryID(serial: "AB0012346"))
                try await store.recordIssuance(entryID: id, kind: "vc", signer: seal, by: .commandLine)
                return id
            }
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/credentials/status/0") { response in
                #expect(response.status == .ok)
                #expect(response.headers.first(name: .contentType) == "application/vc+jwt")
                let token = String(buffer: response.body)
                let report = try await SignerStore(fixture.db.database.sql, cipher: cipher).documentVerifier().verify(Array(token.utf8), content: nil)
                #expect(report.isTrusted, "\(report)")
                let script = #"import base64, gzip, json, sys; p = sys.argv[1].split(".")[1]; d = json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))); e = d["credentialSubject"]["encodedList"][1:]; b = gzip.decompress(base64.urlsafe_b64decode(e + "=" * (-len(e) % 4))); print(",".join(str(i) for i in range(len(b) * 8) if b[i // 8] & (0x80 >> (i % 8))))"#
                let bits = try ExternalProgram.run("/usr/bin/env", ["python3", "-c", script, token])
                #expect(bits.output == "\(revokedID)\n", "only the revoked entry's bit is set")
            }
            try await tester.test(.GET, "/credentials/status/x") { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
