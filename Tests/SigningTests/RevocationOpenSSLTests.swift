import EduCore
import Foundation
@testable import Signing
import Testing
import TestSupport
import X509

/// OpenSSL 3 (`/usr/bin/openssl crl`, `verify -crl_check`, `ca -gencrl`) as the independent judge of our CRLs:
/// it must read and verify ours, and honour them in path validation; we must read its.
@Suite struct RevocationOpenSSLTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func openSSLReadsAndVerifiesOurCRL(_ algorithm: SigningAlgorithm) async throws {
        let fixture = try RevocationFixture(algorithm)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        let crl = try await fixture.issuingCRL()
        try openssl.write(crl, to: "demo.crl")
        try openssl.write(certificates: [fixture.pki.root.certificate, fixture.pki.issuingCA.certificate], to: "chain.pem")

        let text = try openssl.run("crl", "-inform", "DER", "-in", "demo.crl", "-noout", "-text", "-nameopt", "oneline,-esc_msb")
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.contains("Version 2 (0x1)"), "\(text.output)")
        #expect(text.output.contains("Serial Number: \(RevocationFixture.hex(fixture.revokedSigner.certificate.serialNumber))"), "\(text.output)")
        #expect(!text.output.contains(RevocationFixture.hex(fixture.goodSigner.certificate.serialNumber)), "\(text.output)")
        #expect(text.output.contains("X509v3 CRL Reason Code:"), "\(text.output)")
        #expect(text.output.contains("Key Compromise"), "\(text.output)")
        #expect(text.output.contains("X509v3 CRL Number:"), "\(text.output)")
        #expect(text.output.contains("X509v3 Authority Key Identifier:"), "\(text.output)")
        #expect(text.output.contains("OU = DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ, CN = DEMO – EduVN Issuing CA"), "\(text.output)")

        let verify = try openssl.run("crl", "-inform", "DER", "-in", "demo.crl", "-CAfile", "chain.pem", "-noout")
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("verify OK"), "\(verify.output)")
        print("openssl crl -text, then -CAfile (\(algorithm)):\n\(text.output)\(verify.output)")

        try openssl.write(Demo.flipping(crl.count - 5, in: crl), to: "tampered.crl")
        let tampered = try openssl.run("crl", "-inform", "DER", "-in", "tampered.crl", "-CAfile", "chain.pem", "-noout")
        #expect(!tampered.output.contains("verify OK"), "\(tampered.output)")
        #expect(tampered.output.contains("verify failure"), "\(tampered.output)")
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func openSSLPathValidationHonoursOurCRL(_ algorithm: SigningAlgorithm) async throws {
        let fixture = try RevocationFixture(algorithm)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(await fixture.issuingCRL(), to: "demo.crl")
        let convert = try openssl.run("crl", "-inform", "DER", "-in", "demo.crl", "-outform", "PEM", "-out", "demo.pem")
        try #require(convert.status == 0, "\(convert.output)")
        try openssl.write(certificates: [fixture.pki.root.certificate, fixture.pki.issuingCA.certificate], to: "root+issuing.pem")
        try openssl.write(certificates: [fixture.revokedSigner.certificate], to: "revoked.pem")
        try openssl.write(certificates: [fixture.goodSigner.certificate], to: "good.pem")

        let revoked = try openssl.run("verify", "-crl_check", "-CAfile", "root+issuing.pem", "-CRLfile", "demo.pem", "revoked.pem")
        #expect(revoked.status != 0, "\(revoked.output)")
        #expect(revoked.output.contains("certificate revoked"), "\(revoked.output)")
        let good = try openssl.run("verify", "-crl_check", "-CAfile", "root+issuing.pem", "-CRLfile", "demo.pem", "good.pem")
        #expect(good.status == 0, "\(good.output)")
        #expect(good.output.contains("good.pem: OK"), "\(good.output)")
        print("openssl verify -crl_check (\(algorithm)):\n\(revoked.output)\(good.output)")

        // Without the CRL OpenSSL cannot decide: the CRL really is what it judged by.
        let noCRL = try openssl.run("verify", "-crl_check", "-CAfile", "root+issuing.pem", "good.pem")
        #expect(noCRL.status != 0, "\(noCRL.output)")
        #expect(noCRL.output.contains("unable to get certificate CRL"), "\(noCRL.output)")
    }

    @Test func openSSLReadsTheDistributionPointOfIssuedCertificates() throws {
        let fixture = try RevocationFixture()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(certificates: [fixture.goodSigner.certificate], to: "good.pem")
        try openssl.write(certificates: [fixture.pki.issuingCA.certificate], to: "issuing.pem")

        let signer = try openssl.run("x509", "-in", "good.pem", "-noout", "-ext", "crlDistributionPoints")
        #expect(signer.output.contains("X509v3 CRL Distribution Points:"), "\(signer.output)")
        #expect(signer.output.contains("Full Name:"), "\(signer.output)")
        #expect(signer.output.contains("URI:http://127.0.0.1:8080/crl/demo-issuing.crl"), "\(signer.output)")
        let issuing = try openssl.run("x509", "-in", "issuing.pem", "-noout", "-ext", "crlDistributionPoints")
        #expect(issuing.output.contains("URI:http://127.0.0.1:8080/crl/demo-root.crl"), "\(issuing.output)")
    }

    /// `openssl ca -gencrl` over an index where the revoked signer is marked R: another CA's software, our reader.
    @Test(arguments: SigningAlgorithm.allCases)
    func weReadOpenSSLCRLs(_ algorithm: SigningAlgorithm) async throws {
        let fixture = try RevocationFixture(algorithm)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        let issuing = fixture.pki.issuingCA
        try openssl.write(certificates: [issuing.certificate], to: "ca.pem")
        try openssl.write(issuing.key.pkcs8PEM, to: "ca.key")
        try openssl.write("""
            R\t491231235959Z\t\(OpenSSLIndex.time(fixture.revocationDate)),superseded\t\(RevocationFixture.hex(fixture.revokedSigner.certificate.serialNumber))\tunknown\t/CN=revoked
            V\t491231235959Z\t\t\(RevocationFixture.hex(fixture.goodSigner.certificate.serialNumber))\tunknown\t/CN=good

            """, to: "index.txt")
        try openssl.write("0A\n", to: "crlnumber")
        try openssl.write("""
            [ca]
            default_ca = demo
            [demo]
            database = ./index.txt
            crlnumber = ./crlnumber
            default_md = \(algorithm == .ecdsaP384SHA384 ? "sha384" : "sha256")
            default_crl_days = 7
            crl_extensions = crl_ext
            [crl_ext]
            authorityKeyIdentifier = keyid:always
            """, to: "ca.cnf")
        let make = try openssl.run("ca", "-gencrl", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem",
                                   "-out", "openssl.pem")
        try #require(make.status == 0, "\(make.output)")
        let convert = try openssl.run("crl", "-in", "openssl.pem", "-outform", "DER", "-out", "openssl.crl")
        try #require(convert.status == 0, "\(convert.output)")

        let crl = try CertificateRevocationList(der: openssl.read("openssl.crl"), issuer: issuing.certificate)

        #expect(crl.entry(for: fixture.revokedSigner.certificate.serialNumber)
            == RevokedEntry(serial: fixture.revokedSigner.certificate.serialNumber, date: fixture.revocationDate, reason: .superseded))
        #expect(!crl.isRevoked(fixture.goodSigner.certificate.serialNumber))
        #expect(crl.isCurrent(at: Date()))
        #expect(throws: EduError.badCRLSignature) {
            try CertificateRevocationList(der: openssl.read("openssl.crl"), issuer: RevocationFixture(algorithm).pki.issuingCA.certificate)
        }
    }
}
