import Foundation
@testable import Signing
import Testing
import X509

/// A demo hierarchy whose certificates name their CA's CRL, two signers from it (one to revoke, one to keep),
/// and the CAs' CRLs, served from a stored source as the signing service would serve them.
struct RevocationFixture {
    static let crlBaseURL = "http://127.0.0.1:8080/crl"

    let pki: DemoPKI
    let revokedSigner: CertifiedKey
    let goodSigner: CertifiedKey
    /// Whole seconds, as a CRL keeps them, so that dates read back compare equal.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    init(_ algorithm: SigningAlgorithm = .ecdsaP256SHA256, crlBaseURL: String? = Self.crlBaseURL) throws {
        pki = try DemoPKI(department: Demo.department, algorithm: algorithm, crlBaseURL: crlBaseURL)
        revokedSigner = try pki.issue(for: Demo.teacher, algorithm: algorithm)
        goodSigner = try pki.issue(for: Demo.seal, algorithm: algorithm)
    }

    var revocationDate: Date { now.addingTimeInterval(-3_600) }

    /// The issuing CA's CRL listing the revoked signer, current for a week from `thisUpdate`.
    func issuingCRL(reason: RevocationReason = .keyCompromise, number: Int = 7, thisUpdate: Date? = nil) async throws -> [UInt8] {
        let thisUpdate = thisUpdate ?? now
        return try await CRLIssuer.makeCRL(
            issuer: pki.issuingCA,
            revoked: [RevokedEntry(serial: revokedSigner.certificate.serialNumber, date: revocationDate, reason: reason)],
            number: number, thisUpdate: thisUpdate, nextUpdate: thisUpdate.addingTimeInterval(7 * 86_400))
    }

    /// The root's CRL: empty unless the issuing CA itself is revoked.
    func rootCRL(revokingIssuingCA: Bool = false) async throws -> [UInt8] {
        let revoked = revokingIssuingCA
            ? [RevokedEntry(serial: pki.issuingCA.certificate.serialNumber, date: revocationDate, reason: .caCompromise)] : []
        return try await CRLIssuer.makeCRL(issuer: pki.root, revoked: revoked, number: 1,
                                           thisUpdate: now, nextUpdate: now.addingTimeInterval(30 * 86_400))
    }

    /// Both CAs' CRLs by the URLs the certificates name: those above unless others are given.
    func source(issuingCRL: [UInt8]? = nil, rootCRL: [UInt8]? = nil) async throws -> StoredCRLSource {
        var issuing = issuingCRL, root = rootCRL
        if issuing == nil { issuing = try await self.issuingCRL() }
        if root == nil { root = try await self.rootCRL() }
        let issuingURL = try #require(pki.issuingCRLURL), rootURL = try #require(pki.rootCRLURL)
        return StoredCRLSource([issuingURL: try #require(issuing), rootURL: try #require(root)])
    }

    /// The serial number as OpenSSL prints it: upper-case hex without the sign byte DER may add.
    static func hex(_ serial: Certificate.SerialNumber) -> String {
        serial.bytes.drop { $0 == 0 }.map { String(format: "%02X", $0) }.joined()
    }
}
