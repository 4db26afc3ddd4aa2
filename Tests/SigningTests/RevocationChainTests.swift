import EduCore
import Foundation
@testable import Signing
import Testing
import X509

/// Revocation inside signature verification: `CMSVerifier(trustedRoots:revocation:)` asks about every
/// certificate of a chain that reached the root.
@Suite struct RevocationChainTests {
    @Test func aRevokedSignersSignatureIsRevoked() async throws {
        let fixture = try RevocationFixture()
        let verifier = CMSVerifier(trustedRoots: [fixture.pki.root.certificate],
                                   revocation: CRLRevocationChecker(source: try await fixture.source()))

        let revoked = try await verifier.verify(fixture.revokedSigner.signer().sign(Demo.document), of: Demo.document)
        let good = try await verifier.verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document)

        #expect(revoked.status == .revoked(date: fixture.revocationDate, reason: .keyCompromise))
        #expect(!revoked.isTrusted)
        #expect(revoked.status.code == "revoked")
        #expect(revoked.status.message.vi.contains("đã bị thu hồi lúc \(fixture.revocationDate.formatted(.iso8601)) (lý do: lộ khoá bí mật)"))
        #expect(revoked.chain.count == 3)
        #expect(good.status == .trusted)
    }

    /// Without a checker nothing changes: the revoked signer's signature is trusted, as before revocation existed.
    @Test func withoutACheckerRevocationIsNotAsked() async throws {
        let fixture = try RevocationFixture()
        let signature = try await fixture.revokedSigner.signer().sign(Demo.document)

        #expect(try await CMSVerifier(trustedRoots: [fixture.pki.root.certificate]).verify(signature, of: Demo.document).status == .trusted)
    }

    /// The root's CRL revokes the issuing CA: every certificate under it falls with it.
    @Test func aRevokedIssuingCARevokesItsSigners() async throws {
        let fixture = try RevocationFixture()
        let source = try await fixture.source(rootCRL: fixture.rootCRL(revokingIssuingCA: true))
        let verifier = CMSVerifier(trustedRoots: [fixture.pki.root.certificate], revocation: CRLRevocationChecker(source: source))

        let result = try await verifier.verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document)

        #expect(result.status == .revoked(date: fixture.revocationDate, reason: .caCompromise))
    }

    /// Unknown is said beside the result, which stays trusted: an offline verifier or a CA whose CRL server is down
    /// must not turn every signature invalid.
    @Test func unreachableCRLsLeaveTheSignatureTrustedButUnchecked() async throws {
        let fixture = try RevocationFixture()
        let verifier = CMSVerifier(trustedRoots: [fixture.pki.root.certificate],
                                   revocation: CRLRevocationChecker(source: OfflineCRLSource()))

        let result = try await verifier.verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document)

        let url = try #require(fixture.pki.issuingCRLURL)
        #expect(result.revocation == .unknown(reason: Bilingual(vi: "Không tải được CRL/OCSP (\(url))",
                                                               en: "The CRL/OCSP response could not be fetched (\(url))")))
        #expect(result.status == .trusted)
        #expect(result.chain.count == 3)
    }

    @Test func aGoodChainSaysSo() async throws {
        let fixture = try RevocationFixture()
        let verifier = CMSVerifier(trustedRoots: [fixture.pki.root.certificate],
                                   revocation: CRLRevocationChecker(source: try await fixture.source()))

        let result = try await verifier.verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document)

        #expect(result.revocation == .good)
        #expect(try await CMSVerifier(trustedRoots: [fixture.pki.root.certificate])
            .verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document).revocation == nil)
    }

    /// A revoked certificate counts whatever the check time: until signatures carry a time-stamp the signing time
    /// is the signer's word, and a stolen key can date a signature before the revocation.
    @Test func revocationCountsAtTheClaimedSigningTimeToo() async throws {
        let fixture = try RevocationFixture()
        let verifier = CMSVerifier(trustedRoots: [fixture.pki.root.certificate],
                                   revocation: CRLRevocationChecker(source: try await fixture.source()))
        let signature = try await fixture.revokedSigner.signer().sign(Demo.document)

        let result = try await verifier.verify(signature, of: Demo.document, checkingChainAt: .signingTime)

        #expect(result.status == .revoked(date: fixture.revocationDate, reason: .keyCompromise))
    }

    /// Chains that do not reach the root are not asked about: their URLs would come from anyone.
    @Test func untrustedChainsAreNotAsked() async throws {
        let fixture = try RevocationFixture()
        let checker = CountingChecker()
        let otherRoot = try Demo.pki().root.certificate
        let verifier = CMSVerifier(trustedRoots: [otherRoot], revocation: checker)

        let result = try await verifier.verify(fixture.goodSigner.signer().sign(Demo.document), of: Demo.document)

        #expect(result.status == .untrustedRoot)
        #expect(await checker.questions == 0)
    }
}

/// Counts the questions it is asked and answers good.
private actor CountingChecker: RevocationChecker {
    private(set) var questions = 0

    func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        questions += 1
        return .good
    }
}
