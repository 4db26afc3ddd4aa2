import EduCore
import Foundation
@testable import Signing
import Testing

/// Every byte of a CRL changed in turn, three ways, dropped, and preceded by an extra byte: the reader must answer
/// each with an EduError, never a crash, and never accept a changed CRL, since every byte is either signed or part
/// of the signature's own framing.
@Suite struct RevocationMutationTests {
    @Test func everyMutationIsRefusedAndNoneCrashes() async throws {
        let fixture = try RevocationFixture()
        let issuer = fixture.pki.issuingCA
        let revoked = try (0..<12).map { index in
            RevokedEntry(serial: try fixture.pki.issue(for: .seal(unit: "Trường số \(index)")).certificate.serialNumber,
                         date: fixture.revocationDate, reason: RevocationReason.allCases[index % RevocationReason.allCases.count])
        }
        let crl = try await CRLIssuer.makeCRL(issuer: issuer, revoked: revoked, number: 42, thisUpdate: fixture.now,
                                              nextUpdate: fixture.now.addingTimeInterval(86_400))
        #expect(try CertificateRevocationList(der: crl, issuer: issuer.certificate).revokedCertificates == revoked)

        var mutations: [[UInt8]] = []
        for index in crl.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var changed = crl
                changed[index] ^= mask
                mutations.append(changed)
            }
            var dropped = crl
            dropped.remove(at: index)
            mutations.append(dropped)
            var inserted = crl
            inserted.insert(crl[index] &+ 1, at: index)
            mutations.append(inserted)
        }
        var outcomes: [String: Int] = [:]
        for mutated in mutations {
            do {
                _ = try CertificateRevocationList(der: mutated, issuer: issuer.certificate)
                Issue.record("a changed CRL was accepted")
                outcomes["accepted", default: 0] += 1
            } catch {
                outcomes[error.code, default: 0] += 1
            }
        }
        print("Mutated CRL outcomes (\(mutations.count), CRL of \(crl.count) bytes):",
              outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(mutations.count > 3_000)
    }
}
