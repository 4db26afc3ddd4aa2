import EduCore
import Foundation
import Platform
import Signing
import SQLKit
import Testing
import TestSupport

@Suite struct SignerStoreTests {
    @Test func demoSetUpCoversEveryHolderOnceAndKeepsKeysSealed() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 30)
            let (department, requests) = try await DemoSigners.requests(db.database.sql)
            let cipher = db.cipher
            let setUp = { @Sendable in
                try await db.database.transaction { tx in
                    try await SignerStore(tx, cipher: cipher).initialiseDemo(department: department, requests: requests)
                }
            }
            #expect(try await setUp().issued == requests.count)
            #expect(try await setUp().issued == 0)

            let store = SignerStore(db.database.sql, cipher: cipher)
            let listed = try await store.list()
            #expect(listed.map(\.name) == requests.map(\.name).sorted())
            #expect(listed.allSatisfy { $0.isDemo && $0.subject.contains("DEMO") })
            #expect(Set(listed.map(\.kind)) == ["seal", "person"])

            let sealed = try await db.database.sql.raw("SELECT key_enc FROM signers UNION ALL SELECT key_enc FROM certificate_authorities")
                .all().map { try $0.decode(column: "key_enc", as: String.self) }
            #expect(sealed.count == requests.count + 3)  // the signers, the root, the issuing CA, the time-stamp authority
            #expect(!sealed.contains { $0.contains("PRIVATE KEY") })

            let content = Array("Bằng tốt nghiệp THPT".utf8)
            let signature = try await store.signer(named: requests[1].name).cmsSigner().sign(content)
            let result = try await CMSVerifier(trustedRoots: try await store.trustAnchors()).verify(signature, of: content)
            #expect(result.isTrusted)
            await #expect(throws: EduError.self) { _ = try await store.signer(named: "nobody") }
        }
    }

    /// A certificate past its end: refused when imported, and, stored while it was valid, refused at signing.
    @Test func anExpiredCertificateCannotSign() async throws {
        try await TestDatabase.with { db in
            let pki = try Demo.pki()
            let store = SignerStore(db.database.sql, cipher: db.cipher)
            try await store.addTrustAnchor(pki.root.certificate, isDemo: true)
            let lapsed = try pki.issue(for: Demo.seal, validity: DateInterval(start: Date().addingTimeInterval(-400 * 86_400),
                                                                             end: Date().addingTimeInterval(-86_400)))
            let atImport = await #expect(throws: EduError.self) {
                try await store.importSigner(name: "het-han", kind: .seal, key: lapsed.key, certificate: lapsed.certificate,
                                             intermediates: lapsed.intermediates, binding: SignerBinding())
            }
            #expect(atImport?.code == "signer.certificate")
            #expect(atImport?.message.en.contains("had expired") == true, "\(String(describing: atImport?.message.en))")
            #expect(try await store.signerNames().isEmpty)

            try await store.addSigner(name: "het-han", kind: .seal, key: lapsed, binding: SignerBinding(), isDemo: true)
            let atSigning = await #expect(throws: EduError.self) { _ = try await store.signer(named: "het-han") }
            #expect(atSigning?.code == "signer.certificate")
            #expect(atSigning?.message.vi.contains("hết hạn") == true)

            let current = try pki.issue(for: Demo.seal)
            try await store.importSigner(name: "con-han", kind: .seal, key: current.key, certificate: current.certificate,
                                         intermediates: current.intermediates, binding: SignerBinding())
            _ = try await store.signer(named: "con-han").cmsSigner().sign(Demo.document)
        }
    }
}
