import EduCore
import Foundation
import Platform
import Signing
import SQLKit
import Testing
import TestSupport
import X509

/// Revoking what our own CA issued: signing stops, verification says revoked, and the CA's CRL lists it.
@Suite struct RevocationStoreTests {
    /// A demo province's PKI: the department's seal and a few more signers.
    private static func withDemoPKI(_ body: (TestDatabase, SignerStore, [String]) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let (department, requests) = try await DemoSigners.requests(db.database.sql)
            let cipher = db.cipher
            try await db.database.transaction { tx in
                _ = try await SignerStore(tx, cipher: cipher).initialiseDemo(department: department, requests: Array(requests.prefix(3)))
            }
            try await body(db, SignerStore(db.database.sql, cipher: cipher), requests.prefix(3).map(\.name))
        }
    }

    @Test func aRevokedSignerCannotSignAndItsSignaturesVerifyAsRevoked() async throws {
        try await Self.withDemoPKI { db, store, names in
            let content = Array("Bằng tốt nghiệp THPT – Lê Văn Tám".utf8)
            let before = try await store.signer(named: names[0]).cmsSigner().sign(content)
            let other = try await store.signer(named: names[1]).cmsSigner().sign(content)
            #expect(try await store.documentVerifier().verify(before, content: content).signers.first?.revocation?.status == "good")

            let cipher = db.cipher
            let entry = try await db.database.transaction { tx in
                try await RevocationStore(tx, cipher: cipher).revoke(signerNamed: names[0], reason: .keyCompromise)
            }

            let refusal = await #expect(throws: EduError.self) { _ = try await store.signer(named: names[0]) }
            #expect(refusal?.code == "signer.certificate")
            #expect(refusal?.message.vi.contains("đã bị thu hồi") == true, "\(String(describing: refusal))")
            let report = try await store.documentVerifier().verify(before, content: content)
            #expect(report.signers.first?.status == "revoked")
            #expect(report.signers.first?.revocation?.status == "revoked")
            #expect(report.signers.first?.message == RevocationStatus.revoked(date: entry.date, reason: .keyCompromise).message)
            #expect(!report.isTrusted)
            // Another signer of the same CA is untouched.
            let untouched = try await store.documentVerifier().verify(other, content: content)
            #expect(untouched.isTrusted && untouched.isRevocationChecked)
        }
    }

    /// The issuing CA revoked on the root's CRL: every certificate under it verifies as revoked and cannot sign; the
    /// root itself cannot be revoked.
    @Test func revokingTheIssuingCARevokesEverythingUnderIt() async throws {
        try await Self.withDemoPKI { db, store, names in
            let content = Array("Học bạ số – Nguyễn Thị Hoà".utf8)
            let signed = try await store.signer(named: names[0]).cmsSigner().sign(content)
            let cipher = db.cipher
            let entry = try await db.database.transaction { tx in
                try await RevocationStore(tx, cipher: cipher).revoke(authorityNamed: "demo-issuing", reason: .caCompromise)
            }
            let report = try await store.documentVerifier().verify(signed, content: content)
            #expect(report.signers.first?.status == "revoked" && !report.isTrusted)
            await #expect(throws: EduError.self) { _ = try await store.signer(named: names[1]) }
            let root = try #require(try await store.authority(named: "demo-root")).certificate
            let crl = try #require(try await RevocationStore(db.database.sql, cipher: cipher).currentCRL(authorityNamed: "demo-root"))
            #expect(try CertificateRevocationList(der: crl, issuer: root).revokedCertificates == [entry])
            let refusal = await #expect(throws: EduError.self) {
                try await RevocationStore(db.database.sql, cipher: cipher).revoke(authorityNamed: "demo-root", reason: .caCompromise)
            }
            #expect(refusal?.code == "revocation.root")
        }
    }

    @Test func theCRLListsRevocationsAndItsNumberGrows() async throws {
        try await Self.withDemoPKI { db, store, names in
            let crls = RevocationStore(db.database.sql, cipher: db.cipher)
            let issuing = try #require(try await store.authority(named: "demo-issuing")).certificate
            let first = try #require(try await crls.currentCRL(authorityNamed: "demo-issuing"))
            #expect(try await crls.currentCRL(authorityNamed: "demo-issuing") == first, "a fresh CRL is served again, not reissued")
            #expect(try CertificateRevocationList(der: first, issuer: issuing).revokedCertificates.isEmpty)

            let revoked = try await crls.revoke(signerNamed: names[1], reason: .superseded)
            let second = try #require(try await crls.currentCRL(authorityNamed: "demo-issuing"))
            #expect(try CertificateRevocationList(der: second, issuer: issuing).revokedCertificates == [revoked])

            // OpenSSL reads both, sees the numbers grow and the issuing CA's signature.
            let openssl = try OpenSSL()
            defer { openssl.removeFolder() }
            try openssl.write(certificates: [issuing], to: "issuing.pem")
            for (name, crl) in [("first.crl", first), ("second.crl", second)] {
                try openssl.write(crl, to: name)
            }
            let numbers = try ["first.crl", "second.crl"].map { name in
                let run = try openssl.run("crl", "-inform", "DER", "-in", name, "-noout", "-crlnumber", "-CAfile", "issuing.pem")
                #expect(run.status == 0 && run.output.contains("verify OK"), "\(run.output)")
                return run.output
            }
            #expect(numbers[0].contains("crlNumber=0x01") && numbers[1].contains("crlNumber=0x02"), "\(numbers)")
        }
    }

    @Test func aStaleCRLIsReissued() async throws {
        try await Self.withDemoPKI { db, _, _ in
            let crls = RevocationStore(db.database.sql, cipher: db.cipher, schedule: CRLSchedule(validity: 3600, refresh: 60))
            let now = Date()
            let first = try #require(try await crls.currentCRL(authorityNamed: "demo-root", at: now))
            let later = try #require(try await crls.currentCRL(authorityNamed: "demo-root", at: now.addingTimeInterval(120)))
            let root = try #require(try await SignerStore(db.database.sql, cipher: db.cipher).authority(named: "demo-root")).certificate
            #expect(first != later)
            let reissued = try CertificateRevocationList(der: later, issuer: root)
            #expect(reissued.thisUpdate > now.addingTimeInterval(60))
            #expect(reissued.isCurrent(at: now.addingTimeInterval(120)))
        }
    }

    @Test func onlyOurOwnCAsCertificatesAreRevokedHere() async throws {
        try await Self.withDemoPKI { db, store, names in
            let crls = RevocationStore(db.database.sql, cipher: db.cipher)
            // A certificate from another CA that the platform trusts (as a licensed CA's would be).
            let other = try DemoPKI(department: "Sở GD&ĐT Hải Dương")
            try await store.addTrustAnchor(other.root.certificate, isDemo: false)
            let issued = try other.issue(for: .seal(unit: "Trường THPT Nguyễn Trãi"))
            try await store.importSigner(name: "ngoai", kind: .seal, key: issued.key, certificate: issued.certificate,
                                         intermediates: issued.intermediates, binding: SignerBinding())

            let foreign = await #expect(throws: EduError.self) { try await crls.revoke(signerNamed: "ngoai", reason: .keyCompromise) }
            #expect(foreign?.code == "revocation.not_ours")
            let unknown = await #expect(throws: EduError.self) { try await crls.revoke(signerNamed: "không-có", reason: .keyCompromise) }
            #expect(unknown?.code == "revocation.unknown_signer")
            try await crls.revoke(signerNamed: names[2], reason: .cessationOfOperation)
            let twice = await #expect(throws: EduError.self) { try await crls.revoke(signerNamed: names[2], reason: .keyCompromise) }
            #expect(twice?.code == "revocation.already")
            #expect(try await crls.currentCRL(authorityNamed: "demo-tsa") == nil, "a time-stamp authority issues no CRL")
            #expect(try await crls.currentCRL(authorityNamed: "no-such-ca") == nil)

            // The foreign signer still signs: its CA's CRL cannot be had offline, and that alone does not stop it.
            let content = Array("Giấy chứng nhận".utf8)
            let signature = try await store.signer(named: "ngoai").cmsSigner().sign(content)
            let report = try await store.documentVerifier().verify(signature, content: content)
            #expect(report.isTrusted)
            #expect(report.signers.first?.revocation?.status == "unknown")
            #expect(!report.isRevocationChecked)
        }
    }
}
