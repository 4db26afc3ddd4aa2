import EduCore
import Foundation
@testable import Signing
import Testing
import X509

/// `CRLRevocationChecker` over stored and unreachable sources, and `RevocationLocations`.
@Suite struct RevocationCheckerTests {
    @Test func revokedAndGood() async throws {
        let fixture = try RevocationFixture()
        let checker = CRLRevocationChecker(source: try await fixture.source())
        let issuer = fixture.pki.issuingCA.certificate

        #expect(await checker.status(of: fixture.revokedSigner.certificate, issuedBy: issuer, at: Date())
            == .revoked(date: fixture.revocationDate, reason: .keyCompromise))
        #expect(await checker.status(of: fixture.goodSigner.certificate, issuedBy: issuer, at: Date()) == .good)
        #expect(await checker.status(of: issuer, issuedBy: fixture.pki.root.certificate, at: Date()) == .good)
    }

    @Test func anOutOfDateCRLLeavesTheStatusUnknown() async throws {
        let fixture = try RevocationFixture()
        let checker = CRLRevocationChecker(source: try await fixture.source())
        let afterNextUpdate = fixture.now.addingTimeInterval(7 * 86_400 + 1)

        let status = await checker.status(of: fixture.revokedSigner.certificate, issuedBy: fixture.pki.issuingCA.certificate,
                                          at: afterNextUpdate)

        let reason = try #require(status.unknownReason, "\(status)")
        #expect(reason.en.contains("out of date"), "\(reason)")
        #expect(reason.en.contains("nextUpdate \(fixture.now.addingTimeInterval(7 * 86_400).formatted(.iso8601))"), "\(reason)")
        #expect(reason.vi.contains("CRL không còn hoặc chưa có hiệu lực"), "\(reason)")
        #expect(reason.en.hasSuffix("(\(try #require(fixture.pki.issuingCRLURL)))"), "\(reason)")
        // Nor may a CRL dated after the time asked about answer for it.
        let tomorrow = try await fixture.issuingCRL(thisUpdate: fixture.now.addingTimeInterval(86_400))
        let early = CRLRevocationChecker(source: try await fixture.source(issuingCRL: tomorrow))
        let earlyStatus = await early.status(of: fixture.goodSigner.certificate, issuedBy: fixture.pki.issuingCA.certificate, at: fixture.now)
        #expect(earlyStatus.unknownReason?.en.contains("not yet valid") == true, "\(earlyStatus)")
    }

    @Test func aTamperedOrForeignCRLLeavesTheStatusUnknown() async throws {
        let fixture = try RevocationFixture()
        let crl = try await fixture.issuingCRL()
        let foreign = try await RevocationFixture().issuingCRL()

        for (bytes, expected) in [(Demo.flipping(crl.count - 1, in: crl), EduError.badCRLSignature),
                                  (foreign, .badCRLSignature), (Array(crl.dropLast()), .malformedCRL)] {
            let checker = CRLRevocationChecker(source: try await fixture.source(issuingCRL: bytes))
            let status = await checker.status(of: fixture.revokedSigner.certificate,
                                              issuedBy: fixture.pki.issuingCA.certificate, at: Date())
            #expect(status.unknownReason?.en.hasPrefix(expected.message.en) == true, "\(status)")
        }
    }

    @Test func noDistributionPointMeansUnknown() async throws {
        let fixture = try RevocationFixture(crlBaseURL: nil)
        let checker = CRLRevocationChecker(source: OfflineCRLSource())

        let status = await checker.status(of: fixture.goodSigner.certificate, issuedBy: fixture.pki.issuingCA.certificate, at: Date())

        #expect(status == .unknown(reason: EduError.noCRLDistributionPoint.message))
        #expect(status.message.vi == "Không kiểm tra được tình trạng thu hồi: Chứng thư số không ghi nơi công bố CRL (CRL Distribution Points)")
    }

    @Test func anUnreachableSourceMeansUnknown() async throws {
        let fixture = try RevocationFixture()
        let url = try #require(fixture.pki.issuingCRLURL)
        // A stored source that holds only the root's CRL passes the issuing CA's URL on to the offline one.
        let rootOnly = StoredCRLSource([try #require(fixture.pki.rootCRLURL): try await fixture.rootCRL()])
        let sources: [any CRLSource] = [OfflineCRLSource(), rootOnly]

        for source in sources {
            let status = await CRLRevocationChecker(source: source)
                .status(of: fixture.goodSigner.certificate, issuedBy: fixture.pki.issuingCA.certificate, at: Date())

            #expect(status == .unknown(reason: Bilingual(vi: "Không tải được CRL/OCSP (\(url))",
                                                         en: "The CRL/OCSP response could not be fetched (\(url))")))
            #expect(status.code == "unknown")
            #expect(status.message.vi == "Không kiểm tra được tình trạng thu hồi: Không tải được CRL/OCSP (\(url))")
        }
    }

    @Test func locationsOfOurCertificates() throws {
        let fixture = try RevocationFixture()

        let signer = try RevocationLocations(of: fixture.goodSigner.certificate)
        #expect(signer.crlURLs == ["http://127.0.0.1:8080/crl/demo-issuing.crl"])
        #expect(signer.ocspURLs.isEmpty)
        #expect(try RevocationLocations(of: fixture.pki.issuingCA.certificate).crlURLs == ["http://127.0.0.1:8080/crl/demo-root.crl"])
        #expect(try RevocationLocations(of: fixture.pki.root.certificate).crlURLs.isEmpty)
    }

    /// A certificate as another CA's software writes it: OpenSSL, with an OCSP responder, a CA issuers URL, a
    /// distribution point limited to one reason (passed over) and a complete one.
    @Test func locationsInAnOpenSSLCertificate() throws {
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write("""
            [req]
            distinguished_name = dn
            x509_extensions = ext
            prompt = no
            [dn]
            CN = Other CA's certificate
            [ext]
            crlDistributionPoints = partial, URI:http://crl.example.vn/whole.crl, URI:ldap://ldap.example.vn/cn=CA
            authorityInfoAccess = caIssuers;URI:http://crl.example.vn/ca.cer, OCSP;URI:http://ocsp.example.vn
            [partial]
            fullname = URI:http://crl.example.vn/key-compromise.crl
            reasons = keyCompromise
            """, to: "req.cnf")
        let make = try openssl.run("req", "-x509", "-config", "req.cnf", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                                   "-nodes", "-keyout", "key.pem", "-out", "cert.pem", "-days", "1")
        try #require(make.status == 0, "\(make.output)")
        let certificate = try Certificate(pemEncoded: String(decoding: openssl.read("cert.pem"), as: UTF8.self))

        let locations = try RevocationLocations(of: certificate)

        #expect(locations.crlURLs == ["http://crl.example.vn/whole.crl", "ldap://ldap.example.vn/cn=CA"])
        #expect(locations.ocspURLs == ["http://ocsp.example.vn"])
    }
}

extension RevocationStatus {
    /// The reason when the status is unknown, else nil.
    fileprivate var unknownReason: Bilingual? {
        guard case .unknown(let reason) = self else { return nil }
        return reason
    }
}
