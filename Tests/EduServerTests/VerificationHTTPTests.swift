import Documents
import Foundation
import Platform
import Signing
import Testing
import TestSupport
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

    /// A time-stamped PAdES signature and a JWS over the API, then the same PDF once its seal is revoked, and a CMS
    /// signature whose certificate had expired: every field the report promises.
    @Test func theAPIReadsPDFAndJWSAndReportsTimeStampsRevocationAndExpiry() async throws {
        try await ServerFixture.with { fixture in
            _ = try await signed(fixture)
            let store = SignerStore(fixture.db.database.sql, cipher: fixture.db.cipher)
            let seal = try #require(try await store.list().first { $0.kind == "seal" }).name
            let timestamping = SignatureTimestamping(authority: try #require(try await store.demoTimestampAuthority()),
                                                     verifier: TimestampVerifier(trustedRoots: try await store.trustAnchors()))
            let pdf = try await PAdESSigner(signer: store.signer(named: seal).cmsSigner(), timestamping: timestamping).sign(Self.diploma())
            let jws = try await store.signer(named: seal).jwsSigner().sign(Array(#"{"so_hieu":"000123"}"#.utf8)).compactSerialization()
            let tester = try fixture.app.testing()
            let json: HTTPHeaders = ["Content-Type": "application/json"]
            func report(_ signature: [UInt8], _ content: [UInt8]? = nil) async throws -> SignatureReport {
                var report: SignatureReport?
                try await tester.test(.POST, "/api/v1/verify", headers: json, body: try body(signature, content)) { response in
                    #expect(response.status == .ok, "\(response.body.string)")
                    report = try response.content.decode(SignatureReport.self, using: Self.decoder)
                }
                return try #require(report)
            }

            let signedPDF = try await report(pdf)
            #expect(signedPDF.format == "pdf" && signedPDF.isTrusted)
            let pdfSigner = try #require(signedPDF.signers.first)
            #expect(pdfSigner.timestampTime != nil && pdfSigner.signingTime != nil)
            #expect(pdfSigner.coverage == "entire_file")
            #expect(pdfSigner.revocation?.status == "good")
            #expect(pdfSigner.chain.count == 3)

            let signedJWS = try await report(Array(jws.utf8))
            #expect(signedJWS.format == "jws" && signedJWS.isTrusted)
            #expect(signedJWS.signers.first?.signingTime != nil)

            _ = try await RevocationStore(fixture.db.database.sql, cipher: fixture.db.cipher).revoke(signerNamed: seal, reason: .keyCompromise)
            let revoked = try await report(pdf)
            #expect(!revoked.isTrusted)
            #expect(revoked.signers.first?.status == "revoked")
            #expect(revoked.signers.first?.revocation?.status == "revoked")

            let root = try #require(try await store.authority(named: "demo-root"))
            let issuing = try #require(try await store.authority(named: "demo-issuing"))
            let lapsed = try DemoPKI(root: root, issuingCA: issuing).issue(
                for: .seal(unit: "Trường THPT Trần Phú"),
                validity: DateInterval(start: Date().addingTimeInterval(-400 * 86_400), end: Date().addingTimeInterval(-86_400)))
            let expired = try await report(try await lapsed.signer().sign(Self.document), Self.document)
            #expect(expired.signers.first?.status == "expired", "\(expired)")
        }
    }

    /// The THPT diploma as the renderer makes it, from the documents' sample.
    static func diploma() throws -> [UInt8] {
        try PDFRenderer().render(template: DocumentTemplate(json: Data(contentsOf: SampleDiploma.template)),
                                 document: JSONDecoder().decode([String: TemplateValue].self, from: Data(contentsOf: SampleDiploma.fields))).bytes
    }
}
