import EduCore
import Signing
import SQLKit
import Testing
import TestSupport

/// A signer whose key stays on a token: the store keeps only a sealed reference and the chain, and
/// signing needs the PIN.
@Suite(.enabled(if: PKCS11TestToken.canRun, PKCS11TestToken.skipReason))
struct PKCS11SignerStoreTests {
    @Test func aTokenSignerSignsWithItsPINAndHoldsNoKey() async throws {
        let token = try PKCS11TestToken.shared.get()
        try await TestDatabase.with { db in
            let store = SignerStore(db.database.sql, cipher: db.cipher)
            let key = try #require(token.keys[.ecdsaP256SHA256])
            let reference = TokenKeyReference(modulePath: PKCS11TestToken.module, tokenLabel: PKCS11TestToken.label, keyLabel: key.label)
            #expect(TokenKeyReference(uri: reference.uri) == reference)
            let add = {
                try await store.addTokenSigner(name: "03110001/GV0001", kind: .person, reference: reference, pin: PKCS11TestToken.pin,
                                               certificate: key.certificate, intermediates: [token.pki.issuingCA.certificate],
                                               binding: SignerBinding())
            }
            // Under no trusted root yet: refused, nothing stored.
            await #expect(throws: EduError.self) { try await add() }
            try await store.addTrustAnchor(token.pki.root.certificate, isDemo: true)
            try await add()

            let stored = try await db.database.sql.raw("SELECT key_enc FROM signers").first()!.decode(column: "key_enc", as: String.self)
            #expect(try db.cipher.open(stored).hasPrefix("pkcs11:"))
            await #expect(throws: EduError.self) { _ = try await store.signer(named: "03110001/GV0001") }

            let content = Array("Học bạ ký bằng token".utf8)
            let signature = try await store.signer(named: "03110001/GV0001", pin: PKCS11TestToken.pin).cmsSigner().sign(content)
            #expect(try await CMSVerifier(trustedRoots: try await store.trustAnchors()).verify(signature, of: content).isTrusted)
        }
    }
}
