import EduCore
@testable import Signing
import Testing

/// Every byte of a granted reply changed in turn, three ways: the verifier must answer each with a status
/// or an EduError, and a change inside the signature value, the signed message digest or the TSTInfo
/// must never come back trusted. Elsewhere only two kinds of change may: granted (0) to grantedWithMods (1),
/// which carries the same token, and a change in the issuing CA's certificate, which travels unsigned and
/// which swift-certificates still reads as a valid certificate (such as the unused-bits count of its
/// signature BIT STRING, when the bits it drops are zero).
@Suite struct TimestampMutationTests {
    @Test func everyByteMutatedNeverCrashesAndNeverPassesWhereItMatters() async throws {
        let fixture = try TimestampFixture()
        let response = try await fixture.stamp(Demo.document).response
        let token = try TimestampFixture.signedData(in: response)
        let tstInfo = try #require(token.content).bytes
        let protected = try [Array(token.signerInfos[0].signature.bytes), Array(tstInfo),
                             DigestAlgorithm.sha256.hash(tstInfo)].flatMap { part in
            Array(try #require(response.firstRange(of: part)))
        }
        let grantedStatus = try #require(response.firstRange(of: [0x30, 0x03, 0x02, 0x01, 0x00])).upperBound - 1
        let issuingCA = try #require(response.firstRange(of: fixture.pki.issuingCA.certificate.derBytes()))
        let verifier = fixture.verifier
        var outcomes: [String: Int] = [:]

        for index in response.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var mutated = response
                mutated[index] ^= mask
                let outcome: String
                do {
                    let result = try await verifier.verify(mutated, for: Demo.document)
                    if result.isTrusted {
                        #expect(!protected.contains(index), "byte \(index) ^ \(mask) of the signature, digest or TSTInfo changed, still trusted")
                        #expect(index == grantedStatus && mask == 0x01 || issuingCA.contains(index), "byte \(index) ^ \(mask) changed, still trusted")
                    }
                    outcome = result.status.code
                } catch {
                    outcome = error.code
                }
                outcomes[outcome, default: 0] += 1
            }
        }
        print("Mutated reply outcomes (\(response.count * 3)):", outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(protected.count > 200)
    }
}
