import Foundation
@testable import Signing
import Testing

/// OpenSSL 3 (`/usr/bin/openssl ts`) as the independent judge of RFC 3161: it must accept our
/// authority's replies to its own requests, refuse them for other data or another root, read our
/// refusals, and we must accept its tokens.
@Suite struct TimestampOpenSSLTests {
    /// `openssl ts -query` with each hash, with a nonce (its default) and the certificate requested, or neither.
    @Test(arguments: ["-sha256", "-sha384", "-sha512"], [true, false])
    func openSSLVerifiesOurReplyToItsRequest(_ hash: String, nonceAndCertificate: Bool) async throws {
        let fixture = try TimestampFixture()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        try fixture.writeCertificates(for: openssl)
        let query = nonceAndCertificate
            ? try openssl.run("ts", "-query", "-data", "file", hash, "-cert", "-out", "req.tsq")
            : try openssl.run("ts", "-query", "-data", "file", hash, "-no_nonce", "-out", "req.tsq")
        try #require(query.status == 0, "\(query.output)")

        try openssl.write(await fixture.authority.respond(to: openssl.read("req.tsq"), at: Date()), to: "resp.tsr")

        let text = try openssl.run("ts", "-reply", "-in", "resp.tsr", "-text")
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.contains("Status: Granted."), "\(text.output)")
        #expect(text.output.contains("Policy OID: \(TimestampFixture.policy)"), "\(text.output)")
        #expect(text.output.contains("Accuracy: 0x01 seconds"), "\(text.output)")
        #expect(text.output.contains("TSA: DirName:"), "\(text.output)")
        #expect(text.output.contains("Nonce: 0x") == nonceAndCertificate, "\(text.output)")

        // Signature, ESS signing-certificate-v2, imprint, nonce, and the chain under the time-stamping purpose.
        let verify = try openssl.run("ts", "-verify", "-in", "resp.tsr", "-queryfile", "req.tsq",
                                     "-CAfile", "root.pem", "-untrusted", "chain.pem")
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("Verification: OK"), "\(verify.output)")
        // A token that carries the certificates needs only the root; one without needs the authority's
        // certificate from -untrusted (OpenSSL 3.0 warns that it is not a CA certificate, and uses it).
        let rootOnly = try openssl.run("ts", "-verify", "-in", "resp.tsr", "-queryfile", "req.tsq", "-CAfile", "root.pem")
        #expect((rootOnly.status == 0) == nonceAndCertificate, "\(rootOnly.output)")
        let byData = try openssl.run("ts", "-verify", "-in", "resp.tsr", "-data", "file",
                                     "-CAfile", "root.pem", "-untrusted", "chain.pem")
        #expect(byData.status == 0, "\(byData.output)")

        try openssl.write(Demo.flipping(3, in: Demo.document), to: "other")
        let tampered = try openssl.run("ts", "-verify", "-in", "resp.tsr", "-data", "other",
                                       "-CAfile", "root.pem", "-untrusted", "chain.pem")
        #expect(tampered.status != 0)
        #expect(tampered.output.contains("message imprint mismatch"), "\(tampered.output)")
    }

    @Test func openSSLRefusesAnotherRoot() async throws {
        let fixture = try TimestampFixture()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        try fixture.writeCertificates(for: openssl)
        try openssl.write(certificates: [Demo.pki().root.certificate], to: "other-root.pem")
        _ = try openssl.run("ts", "-query", "-data", "file", "-sha256", "-cert", "-out", "req.tsq")
        try openssl.write(await fixture.authority.respond(to: openssl.read("req.tsq"), at: Date()), to: "resp.tsr")

        let run = try openssl.run("ts", "-verify", "-in", "resp.tsr", "-queryfile", "req.tsq",
                                  "-CAfile", "other-root.pem", "-untrusted", "chain.pem")
        #expect(run.status != 0)
        #expect(run.output.contains("Verification: FAILED"), "\(run.output)")
    }

    @Test func weVerifyOurReplyToAnOpenSSLRequest() async throws {
        let fixture = try TimestampFixture()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        _ = try openssl.run("ts", "-query", "-data", "file", "-sha384", "-cert", "-out", "req.tsq")
        let request = try TimestampRequest(der: openssl.read("req.tsq"))

        let response = await fixture.authority.respond(to: request.der, at: Date())

        #expect(try await fixture.verifier.verify(response, for: request).status == .trusted)
        #expect(try await fixture.verifier.verify(response, for: Demo.document).status == .trusted)
    }

    @Test func openSSLReadsOurRefusal() async throws {
        let fixture = try TimestampFixture()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        _ = try openssl.run("ts", "-query", "-data", "file", "-sha1", "-out", "req.tsq")
        try openssl.write(await fixture.authority.respond(to: openssl.read("req.tsq"), at: Date()), to: "resp.tsr")

        let text = try openssl.run("ts", "-reply", "-in", "resp.tsr", "-text")
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.contains("Status: Rejected."), "\(text.output)")
        #expect(text.output.contains("Failure info: unrecognized or unsupported algorithm identifier"), "\(text.output)")
        #expect(text.output.contains("unsupported hash algorithm"), "\(text.output)")
    }

    /// OpenSSL as the authority, with ordering and fractional accuracy, which our own authority does not
    /// write, and either ESS attribute: signing-certificate with SHA-1, its default, or signing-certificate-v2.
    @Test(arguments: SigningAlgorithm.allCases, ["sha1", "sha256"])
    func weVerifyOpenSSLTokens(_ algorithm: SigningAlgorithm, essHash: String) async throws {
        let fixture = try TimestampFixture(algorithm)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Demo.document, to: "file")
        try openssl.write(certificates: [fixture.authorityKey.certificate], to: "tsa.pem")
        try openssl.write(certificates: [fixture.pki.issuingCA.certificate], to: "ca.pem")
        try openssl.write(fixture.authorityKey.key.pkcs8PEM, to: "tsa.key")
        try openssl.write("01\n", to: "serial")
        try openssl.write("""
            [tsa]
            default_tsa = demo
            [demo]
            serial = ./serial
            signer_digest = sha256
            default_policy = \(TimestampFixture.policy)
            digests = sha256, sha384, sha512
            accuracy = secs:1, millisecs:500, microsecs:100
            ordering = yes
            tsa_name = yes
            ess_cert_id_alg = \(essHash)
            """, to: "tsa.cnf")
        _ = try openssl.run("ts", "-query", "-data", "file", "-sha512", "-cert", "-out", "req.tsq")
        let reply = try openssl.run("ts", "-reply", "-config", "tsa.cnf", "-queryfile", "req.tsq", "-inkey", "tsa.key",
                                    "-signer", "tsa.pem", "-chain", "ca.pem", "-out", "resp.tsr")
        try #require(reply.status == 0, "\(reply.output)")

        let result = try await fixture.verifier.verify(openssl.read("resp.tsr"), for: TimestampRequest(der: openssl.read("req.tsq")))

        #expect(result.status == .trusted)
        #expect(result.accuracy == 1.5001)
        #expect(result.policy.description == TimestampFixture.policy)
        #expect(result.authority == fixture.authorityKey.certificate)
    }
}
