import EduCore
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
}
