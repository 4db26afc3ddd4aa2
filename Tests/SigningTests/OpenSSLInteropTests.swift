import Signing
import Testing
import X509

/// OpenSSL 3 (`/usr/bin/openssl`) as the independent judge: it must accept what we write, refuse what
/// was tampered with, and we must accept what it writes.
@Suite struct OpenSSLInteropTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func openSSLVerifiesOurSignature(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal, algorithm: algorithm).signer().sign(Demo.document)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(signature, to: "sig.p7s")
        try openssl.write(Demo.document, to: "file")
        try openssl.write(certificates: [pki.root.certificate], to: "root.pem")

        let plain = try openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file",
                                    "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null")
        #expect(plain.status == 0, "\(plain.output)")
        #expect(plain.output.contains("Verification successful"))
        // -cades also makes OpenSSL check our signing-certificate-v2 against the signer's certificate.
        let cades = try openssl.run("cms", "-verify", "-cades", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file",
                                    "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null")
        #expect(cades.status == 0, "\(cades.output)")
    }

    @Test func openSSLRefusesTamperedContent() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(signature, to: "sig.p7s")
        try openssl.write(Demo.flipping(10, in: Demo.document), to: "file")
        try openssl.write(certificates: [pki.root.certificate], to: "root.pem")

        let run = try openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file",
                                  "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null")
        #expect(run.status != 0)
        #expect(run.output.contains("Verification failure"), "\(run.output)")
    }

    @Test func openSSLRefusesAnotherRoot() async throws {
        let signature = try await Demo.pki().issue(for: Demo.seal).signer().sign(Demo.document)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(signature, to: "sig.p7s")
        try openssl.write(Demo.document, to: "file")
        try openssl.write(certificates: [Demo.pki().root.certificate], to: "root.pem")

        let run = try openssl.run("cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file",
                                  "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null")
        #expect(run.status != 0)
    }

    @Test func openSSLSeesTheCAdESAttributes() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(signature, to: "sig.p7s")

        let run = try openssl.run("cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.p7s")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("object: signingTime (1.2.840.113549.1.9.5)"), "\(run.output)")
        #expect(run.output.contains("object: id-smime-aa-signingCertificateV2 (1.2.840.113549.1.9.16.2.47)"), "\(run.output)")
        #expect(run.output.contains("object: messageDigest (1.2.840.113549.1.9.4)"))
        #expect(run.output.contains("object: contentType (1.2.840.113549.1.9.3)"))
        #expect(run.output.contains("eContent: <ABSENT>"), "detached")
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func weVerifyOpenSSLSignatures(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let teacher = try pki.issue(for: Demo.teacher, algorithm: algorithm)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        try openssl.write(certificates: [teacher.certificate], to: "signer.pem")
        try openssl.write(teacher.key.pkcs8PEM, to: "signer.key")
        try openssl.write(certificates: teacher.intermediates, to: "chain.pem")

        let run = try openssl.run("cms", "-sign", "-cades", "-binary", "-md", "sha256", "-in", "file", "-signer", "signer.pem",
                                  "-inkey", "signer.key", "-certfile", "chain.pem", "-outform", "DER", "-out", "sig.p7s")
        #expect(run.status == 0, "\(run.output)")
        let verifier = Demo.verifier(trusting: pki)

        let result = try await verifier.verify(openssl.read("sig.p7s"), of: Demo.document)
        #expect(result.status == .trusted)
        #expect(result.signer == teacher.certificate)
        #expect(try await verifier.verify(openssl.read("sig.p7s"), of: Demo.flipping(0, in: Demo.document)).status == .contentMismatch)
    }

    @Test func openSSLAcceptsTheDemoChainAndReadsVietnameseNames() throws {
        let pki = try Demo.pki()
        let teacher = try pki.issue(for: Demo.teacher)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(certificates: [pki.root.certificate], to: "root.pem")
        try openssl.write(certificates: teacher.intermediates, to: "chain.pem")
        try openssl.write(certificates: [teacher.certificate], to: "teacher.pem")

        let verify = try openssl.run("verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "chain.pem", "teacher.pem")
        #expect(verify.status == 0, "\(verify.output)")
        let subject = try openssl.run("x509", "-in", "teacher.pem", "-noout", "-subject", "-nameopt", "oneline,-esc_msb")
        #expect(subject.output.contains("CN = DEMO – Nguyễn Thị Hoà"), "\(subject.output)")
        #expect(subject.output.contains("OU = DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ"), "\(subject.output)")
    }
}
