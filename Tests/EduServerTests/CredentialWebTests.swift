import Access
import Credentials
@testable import EduServer
import EduCore
import Foundation
import Signing
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The public diploma page: a lookup with one answer for "not found" and "does not match", and a digital credential
/// checked for its signature and for whether the register still stands behind it.
@Suite struct CredentialWebTests {
    /// What a pasted link or code on the verification page is taken for.
    @Test func pastedLinksAreRecognised() {
        #expect(CredentialWebRoutes.link("https://eduvn.example/ban-sao/ab12cd34ef") == .copy(code: "AB12CD34EF"))
        #expect(CredentialWebRoutes.link("HTTP://x.vn/ban-sao/0O1IL23456") == .copy(code: "0011123456"))
        #expect(CredentialWebRoutes.link("ab12cd34ef") == .copy(code: "AB12CD34EF"))
        #expect(CredentialWebRoutes.link("https://eduvn.example/ban-sao/ab12cd34ef/ban-sao.pdf") == .copy(code: "AB12CD34EF"))
        #expect(CredentialWebRoutes.link("https://eduvn.example/credentials/AB%200012345") == .credential(serial: "AB 0012345"))
        #expect(CredentialWebRoutes.link("eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJ4In0.c2ln") == nil)
        #expect(CredentialWebRoutes.link("ab12cd34e") == nil && CredentialWebRoutes.link("") == nil && CredentialWebRoutes.link("ab12 cd34ef") == nil)
    }

    func multipart(credential: String) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "eduvn-boundary"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"credential\"\r\n\r\n\(credential)\r\n--\(boundary)--\r\n")
        return (["Content-Type": "multipart/form-data; boundary=\(boundary)"], body)
    }

    func lookup(_ body: String) -> (HTTPHeaders, ByteBuffer) {
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        return (headers, ByteBuffer(string: body))
    }

    @Test func lookUpAndVerifyADigitalCredential() async throws {
        try await ServerFixture.with { fixture in
            let (seal, schoolSeal) = try await fixture.db.loadRegisterAndSeals()
            let sql = fixture.db.database.sql, cipher = fixture.db.cipher
            let tester = try fixture.app.testing()

            try await tester.test(.GET, "/credentials/AB0012345") { response in
                #expect(response.status == .ok && response.body.string.contains("value=\"AB0012345\""), "a credential's id URL opens the lookup")
            }
            try await tester.test(.GET, "/credentials/x%22%3E%3Ch1%3EGi%E1%BA%A3") { response in
                #expect(!response.body.string.contains("\"><h1>") && response.body.string.contains("x&quot;&gt;&lt;h1&gt;"),
                        "a path cannot put markup on the page")
            }
            let (h1, b1) = lookup("serial=ab%2000%2012345&full_name=nguyen%20van%20an&date_of_birth=04%2F03%2F1987")
            try await tester.test(.POST, "/van-bang/tra-cuu", headers: h1, body: b1) { response in
                #expect(response.status == .ok && response.body.string.contains("Còn hiệu lực") && response.body.string.contains("Nguyễn Văn An"))
            }
            var notFound = ""
            for body in ["serial=AB0012345&full_name=Nguy%E1%BB%85n%20V%C4%83n%20An&date_of_birth=05%2F03%2F1987",
                         "serial=ZZ0000000&full_name=Nguy%E1%BB%85n%20V%C4%83n%20An&date_of_birth=04%2F03%2F1987"] {
                let (h, b) = lookup(body)
                try await tester.test(.POST, "/van-bang/tra-cuu", headers: h, body: b) { response in
                    #expect(response.status == .notFound)
                    if notFound.isEmpty { notFound = response.body.string } else { #expect(response.body.string == notFound, "one answer for both") }
                }
            }

            let entry = try await RegisterStore(sql, cipher: cipher).issuable(serial: "AB0012345")
            let content = try VerifiableCredential.credential(for: entry, issuer: VerifiableCredential.issuer(seal: seal, name: "Sở GDĐT", baseURL: "http://127.0.0.1:8080"),
                                                             baseURL: "http://127.0.0.1:8080")
            let key = try await SignerStore(sql, cipher: cipher).signer(named: seal)
            let jws = try await key.jwsSigner().sign(content, type: VerifiableCredential.mediaType).compactSerialization()
            // Signed by a trusted seal that did not issue it: the register does not stand behind it.
            let other = try await SignerStore(sql, cipher: cipher).signer(named: schoolSeal)
            let stranger = try await other.jwsSigner().sign(content, type: VerifiableCredential.mediaType).compactSerialization()
            let (strangerHeaders, strangerBody) = multipart(credential: stranger)
            try await tester.test(.POST, "/van-bang/xac-minh", headers: strangerHeaders, body: strangerBody) { response in
                #expect(response.body.string.contains("Văn bằng số không hợp lệ") && response.body.string.contains("Sổ gốc không xác nhận"))
            }
            let (unissued, unissuedBody) = multipart(credential: jws)
            try await tester.test(.POST, "/van-bang/xac-minh", headers: unissued, body: unissuedBody) { response in
                #expect(response.body.string.contains("Văn bằng số không hợp lệ"), "not recorded as issued yet")
            }
            try await fixture.db.database.transaction { tx in
                try await RegisterStore(tx, cipher: cipher).recordIssuance(entryID: entry.id, kind: "vc", signer: seal, by: .commandLine)
            }
            // The JSON serialisation with a forged compact string beside it: only the compact form is read.
            let parts0 = jws.split(separator: ".")
            let wrapped = "{\"protected\":\"\(parts0[0])\",\"payload\":\"\(parts0[1])\",\"signature\":\"\(parts0[2])\",\"z\":\"a.\(parts0[1]).b\"}"
            let (wrappedHeaders, wrappedBody) = multipart(credential: wrapped)
            try await tester.test(.POST, "/van-bang/xac-minh", headers: wrappedHeaders, body: wrappedBody) { response in
                #expect(response.status == .unprocessableEntity)
            }

            let (good, goodBody) = multipart(credential: jws)
            try await tester.test(.POST, "/van-bang/xac-minh", headers: good, body: goodBody) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("Văn bằng số hợp lệ") && html.contains("Nguyễn Văn An") && html.contains("AB0012345"))
            }
            // A changed claim breaks the signature.
            let parts = jws.split(separator: ".")
            var payload = try JSONSerialization.jsonObject(with: Data(base64Encoded: Self.padded(String(parts[1])))!) as! [String: Any]
            var subject = payload["credentialSubject"] as! [String: Any]
            subject["name"] = "Người Khác"
            payload["credentialSubject"] = subject
            let forged = "\(parts[0]).\(Self.base64URL(try JSONSerialization.data(withJSONObject: payload))).\(parts[2])"
            let (forgedHeaders, forgedBody) = multipart(credential: forged)
            try await tester.test(.POST, "/van-bang/xac-minh", headers: forgedHeaders, body: forgedBody) { response in
                #expect(response.body.string.contains("Văn bằng số không hợp lệ"))
            }
            try await fixture.db.database.transaction { tx in
                try await RegisterStore(tx, cipher: cipher).revoke(entryID: entry.id, ground: .fraud, decisionNumber: "10/QĐ",
                                                                   decisionDate: CalendarDate(year: 2026, month: 11, day: 22)!, by: .commandLine)
            }
            try await tester.test(.POST, "/van-bang/xac-minh", headers: good, body: goodBody) { response in
                let html = response.body.string
                #expect(html.contains("Văn bằng số không hợp lệ") && html.contains("Đã thu hồi"), "the register no longer stands behind it")
            }
            let (junk, junkBody) = multipart(credential: "not a credential")
            try await tester.test(.POST, "/van-bang/xac-minh", headers: junk, body: junkBody) { response in
                #expect(response.status == .unprocessableEntity)
            }
        }
    }

    static func padded(_ text: String) -> String {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return base64
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
