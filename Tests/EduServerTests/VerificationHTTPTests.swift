import Foundation
import Platform
import Signing
import Testing
import Vapor
import VaporTesting

/// Anyone may check a signature, signed in or not; nothing is stored.
@Suite struct VerificationHTTPTests {
    static let document = Array("Bằng tốt nghiệp THPT số 000123".utf8)

    /// A DEMO signature by the first school's seal over `document`.
    func signed(_ fixture: ServerFixture) async throws -> [UInt8] {
        let cipher = fixture.db.cipher
        try await fixture.db.database.transaction { db in
            let (department, requests) = try await DemoSigners.requests(db)
            _ = try await SignerStore(db, cipher: cipher).initialiseDemo(department: department, requests: Array(requests.prefix(2)))
        }
        let store = SignerStore(fixture.db.database.sql, cipher: cipher)
        let name = try #require(try await store.list().first { $0.kind == "seal" }).name
        return try await store.signer(named: name).cmsSigner().sign(Self.document)
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    func body(_ signature: [UInt8], _ content: [UInt8]?) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: [
            "signature": Data(signature).base64EncodedString(), "content": content.map { Data($0).base64EncodedString() } as Any,
        ].compactMapValues { $0 is NSNull ? nil : $0 }))
    }

    @Test func theAPIReportsTrustedTamperedAndUnreadable() async throws {
        try await ServerFixture.with { fixture in
            let signature = try await signed(fixture)
            let tester = try fixture.app.testing()
            let json: HTTPHeaders = ["Content-Type": "application/json"]
            try await tester.test(.POST, "/api/v1/verify", headers: json, body: try body(signature, Self.document)) { response in
                #expect(response.status == .ok)
                let report = try response.content.decode(SignatureReport.self, using: Self.decoder)
                #expect(report.isTrusted && report.format == "cms")
                #expect(report.signers.first?.subject.contains("DEMO") == true)
            }
            var changed = Self.document
            changed[0] ^= 1
            try await tester.test(.POST, "/api/v1/verify", headers: json, body: try body(signature, changed)) { response in
                #expect(response.status == .ok)
                let report = try response.content.decode(SignatureReport.self, using: Self.decoder)
                #expect(!report.isTrusted && report.signers.first?.status == "content_mismatch")
            }
            try await tester.test(.POST, "/api/v1/verify", headers: json, body: try body(Array("rác".utf8), Self.document)) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("verify.unrecognised"))
            }
        }
    }

    @Test func thePublicPageShowsTheResultInVietnamese() async throws {
        try await ServerFixture.with { fixture in
            let signature = try await signed(fixture)
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/verify") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("Kiểm tra chữ ký số"))
            }
            let boundary = "eduvn-boundary"
            var form = ByteBuffer()
            for (name, bytes) in [("signature", signature), ("content", Self.document)] {
                form.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(name).bin\"\r\n"
                                 + "Content-Type: application/octet-stream\r\n\r\n")
                form.writeBytes(bytes)
                form.writeString("\r\n")
            }
            form.writeString("--\(boundary)--\r\n")
            try await tester.test(.POST, "/verify", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: form) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains("Chữ ký hợp lệ"))
                #expect(response.body.string.contains("DEMO"))
            }
        }
    }
}
