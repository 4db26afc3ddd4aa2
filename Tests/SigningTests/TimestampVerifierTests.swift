import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

/// Our verifier on our authority's replies: trusted when all is well, and the right status or error
/// for each thing that can be wrong.
@Suite struct TimestampVerifierTests {
    @Test func trustsAReplyForItsDataAndItsRequest() async throws {
        let fixture = try TimestampFixture()
        let time = Date()
        let (request, response) = try await fixture.stamp(Demo.document, at: time)

        let byData = try await fixture.verifier.verify(response, for: Demo.document)
        let byRequest = try await fixture.verifier.verify(response, for: request)

        #expect(byData.status == .trusted)
        #expect(byRequest.status == .trusted)
        #expect(abs(byData.genTime.timeIntervalSince(time)) < 0.001)
        #expect(byData.accuracy == 1)
        #expect(byData.policy == OID.demoTimestampPolicy)
        #expect(byData.authority == fixture.authorityKey.certificate)
        #expect(byData.chain == [fixture.authorityKey.certificate, fixture.pki.issuingCA.certificate, fixture.pki.root.certificate])
        #expect(byData.token == (try TimestampFixture.response(response).token))
    }

    @Test(arguments: [DigestAlgorithm.sha256, .sha384, .sha512])
    func trustsEachImprintHash(_ digest: DigestAlgorithm) async throws {
        let fixture = try TimestampFixture()
        let request = TimeStampReq(messageImprint: MessageImprint(hashing: Demo.document, with: digest), nonce: nil, certificateRequested: true)

        let response = await fixture.authority.respond(to: try request.derBytes(), at: Date())

        #expect(try await fixture.verifier.verify(response, for: Demo.document).status == .trusted)
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func trustsEachAuthorityKeyAlgorithm(_ algorithm: SigningAlgorithm) async throws {
        let fixture = try TimestampFixture(algorithm)
        let response = try await fixture.stamp(Demo.document).response
        #expect(try await fixture.verifier.verify(response, for: Demo.document).status == .trusted)
    }

    @Test func readsTheTokenOnItsOwn() async throws {
        let fixture = try TimestampFixture()
        let token = try await fixture.verifier.verify(fixture.stamp(Demo.document).response, for: Demo.document).token
        #expect(try await fixture.verifier.verify(token, for: Demo.document).status == .trusted)
    }

    @Test func otherDataIsAnImprintMismatch() async throws {
        let fixture = try TimestampFixture()
        let response = try await fixture.stamp(Demo.document).response
        let result = try await fixture.verifier.verify(response, for: Demo.flipping(0, in: Demo.document))
        #expect(result.status == .imprintMismatch)
    }

    @Test func anotherNonceIsARequestMismatch() async throws {
        let fixture = try TimestampFixture()
        let response = try await fixture.stamp(Demo.document, nonce: 1).response
        let otherRequest = try TimestampRequest.make(digestOf: Demo.document, nonce: 2)
        #expect(try await fixture.verifier.verify(response, for: otherRequest).status == .requestMismatch)
    }

    @Test func anotherRootIsUntrusted() async throws {
        let response = try await TimestampFixture().stamp(Demo.document).response
        let verifier = TimestampVerifier(trustedRoots: [try Demo.pki().root.certificate])
        #expect(try await verifier.verify(response, for: Demo.document).status == .untrustedRoot)
    }

    /// An authority whose certificate has expired since: its old stamps check at their genTime.
    @Test func expiredNowButTrustedAtGenTime() async throws {
        let threeYearsAgo = Date().addingTimeInterval(-3 * 365 * 86_400)
        let fixture = try TimestampFixture(now: threeYearsAgo, years: 1)
        let response = try await fixture.stamp(Demo.document, at: threeYearsAgo.addingTimeInterval(86_400)).response

        #expect(try await fixture.verifier.verify(response, for: Demo.document).status == .expired)
        #expect(try await fixture.verifier.verify(response, for: Demo.document, checkingChainAt: .genTime).status == .trusted)
        #expect(try await fixture.verifier.verify(response, for: Demo.document, checkingChainAt: .date(threeYearsAgo.addingTimeInterval(-86_400)))
            .status == .notYetValid)
    }

    /// A token made with a key whose certificate is not for time-stamping: intact, but not trusted.
    @Test func aSigningCertificateCannotStampTime() async throws {
        let fixture = try TimestampFixture()
        let seal = try fixture.pki.issue(for: Demo.seal).signer()
        let info = try TimestampFixture.info(in: await fixture.stamp(Demo.document).response)
        let token = try await seal.timestampToken(for: info, includingCertificates: true)

        let status = try await fixture.verifier.verify(token, for: Demo.document).status

        guard case .rejectedChain(let reasons) = status else {
            Issue.record("expected rejectedChain, got \(status)")
            return
        }
        #expect(reasons.contains { $0.contains("id-kp-timeStamping") }, "\(reasons)")
    }

    @Test func needsTheAuthorityCertificateWhenTheTokenLacksIt() async throws {
        let fixture = try TimestampFixture()
        let response = try await fixture.stamp(Demo.document, certificateRequested: false).response

        await #expect(throws: EduError.timestampCertificateMissing) {
            try await fixture.verifier.verify(response, for: Demo.document)
        }
        let given = TimestampVerifier(trustedRoots: [fixture.pki.root.certificate],
                                      certificates: [fixture.authorityKey.certificate, fixture.pki.issuingCA.certificate])
        #expect(try await given.verify(response, for: Demo.document).status == .trusted)
    }

    @Test func aRefusalIsAnError() async throws {
        let fixture = try TimestampFixture()
        let refusal = await fixture.authority.respond(to: Array("garbage".utf8), at: Date())
        do {
            _ = try await fixture.verifier.verify(refusal, for: Demo.document)
            Issue.record("a refusal was accepted")
        } catch {
            #expect(error.code == "tsa.rejected")
            #expect(error.message.en.contains("badDataFormat"), "\(error.message)")
            #expect(error.message.vi.hasPrefix("Đơn vị cấp dấu thời gian từ chối yêu cầu"), "\(error.message)")
        }
    }

    @Test(arguments: [[], [0x30, 0x00], Array("not a time-stamp".utf8), [0x30, 0x80, 0x00, 0x00]] as [[UInt8]])
    func garbageIsMalformed(_ garbage: [UInt8]) async throws {
        await #expect(throws: EduError.malformedTimestamp) {
            try await TimestampFixture().verifier.verify(garbage, for: Demo.document)
        }
    }

    @Test func aDocumentSignatureIsNotATimestamp() async throws {
        let fixture = try TimestampFixture()
        let signature = try await fixture.pki.issue(for: Demo.seal).signer().sign(Demo.document)
        await #expect(throws: EduError.malformedTimestamp) {
            try await fixture.verifier.verify(signature, for: Demo.document)
        }
    }

    @Test func aRequestMadeElsewhereMustBeDER() {
        #expect(throws: EduError.malformedTimestampRequest) { try TimestampRequest(der: [0x30, 0x00]) }
    }
}
