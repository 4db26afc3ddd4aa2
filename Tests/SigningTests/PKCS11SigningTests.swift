import Signing
import Testing
import X509

/// Keys on a SoftHSM2 token sign through the same CMSSigner as keys in memory, and the result satisfies
/// our verifier and OpenSSL alike.
@Suite(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
struct PKCS11SigningTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func aTokenSignatureIsTrusted(_ algorithm: SigningAlgorithm) async throws {
        let token = try PKCS11TestToken.shared.get()
        let stored = try #require(token.keys[algorithm])
        let session = try PKCS11Session(modulePath: PKCS11TestToken.module, tokenLabel: PKCS11TestToken.label,
                                        pin: PKCS11TestToken.pin)
        let key = try session.signingKey(.label(stored.label))
        #expect(key.algorithm == algorithm)
        let certificate = try #require(key.certificate, "the certificate stored beside the key")
        #expect(certificate == stored.certificate)

        let signer = try CMSSigner(key: key, certificate: certificate, intermediates: [token.pki.issuingCA.certificate])
        let signature = try await signer.sign(Demo.document)

        let result = try await Demo.verifier(trusting: token.pki).verify(signature, of: Demo.document)
        #expect(result.status == .trusted)
        #expect(result.signer == stored.certificate)
        #expect(try await Demo.verifier(trusting: token.pki).verify(signature, of: Demo.flipping(3, in: Demo.document)).status == .contentMismatch)
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func openSSLVerifiesATokenSignature(_ algorithm: SigningAlgorithm) async throws {
        let token = try PKCS11TestToken.shared.get()
        let stored = try #require(token.keys[algorithm])
        let key = try token.session.signingKey(.id(stored.id))
        let signature = try await CMSSigner(key: key, certificate: stored.certificate, intermediates: [token.pki.issuingCA.certificate])
            .sign(Demo.document)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(signature, to: "sig.p7s")
        try openssl.write(Demo.document, to: "file")
        try openssl.write(certificates: [token.pki.root.certificate], to: "root.pem")

        // -cades also checks signing-certificate-v2 against the signer's certificate.
        let run = try openssl.run("cms", "-verify", "-cades", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file",
                                  "-CAfile", "root.pem", "-purpose", "any", "-out", "/dev/null")
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Verification successful"), "\(run.output)")
    }

    /// The key's handle is shared by concurrent callers: the session must take their signatures one at a time.
    @Test func manySignaturesAtOnceAllVerify() async throws {
        let token = try PKCS11TestToken.shared.get()
        let stored = try #require(token.keys[.ecdsaP256SHA256])
        let signer = try CMSSigner(key: try token.session.signingKey(.label(stored.label)), certificate: stored.certificate,
                                   intermediates: [token.pki.issuingCA.certificate])
        let verifier = Demo.verifier(trusting: token.pki)
        let statuses = try await withThrowingTaskGroup(of: CMSVerification.Status.self) { group in
            for index in 0..<24 {
                group.addTask {
                    let document = Demo.document + Array("\(index)".utf8)
                    return try await verifier.verify(try await signer.sign(document), of: document).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: .trusted, count: 24))
    }

    /// Before a CA has certified it, a key's public half comes from its public key object.
    @Test func aKeyWithoutACertificateTakesItsPublicKeyObject() async throws {
        let token = try PKCS11TestToken.shared.get()
        let label = "uncertified", id = PKCS11TestToken.randomID()
        let generated = try token.session.generateKeyPair(.ecdsaP256SHA256, label: label, id: id)

        let key = try token.session.signingKey(.label(label))
        #expect(key.certificate == nil)
        #expect(key.publicKey == generated)
        let certificate = try token.pki.certificate(for: Demo.seal, publicKey: key.publicKey)
        let signature = try await CMSSigner(key: key, certificate: certificate, intermediates: [token.pki.issuingCA.certificate])
            .sign(Demo.document)
        #expect(try await Demo.verifier(trusting: token.pki).verify(signature, of: Demo.document).status == .trusted)
    }
}
