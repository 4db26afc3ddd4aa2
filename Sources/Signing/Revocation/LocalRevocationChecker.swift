import Foundation
import X509

/// Revocation of what our own CAs issued, answered from the list the signing service keeps (the one its CRLs are
/// made from), so checking our own certificates needs no network and sees a revocation the moment it is made. A
/// certificate from any other issuer goes to `otherwise` (CRLs over HTTP at the edge).
public struct LocalRevocationChecker: RevocationChecker {
    /// Every certificate of every one of our CAs, each with what it has revoked (often nothing).
    private let revokedByAuthority: [Certificate: [Certificate.SerialNumber: RevokedEntry]]
    private let otherwise: any RevocationChecker

    public init(revokedByAuthority: [Certificate: [RevokedEntry]], otherwise: any RevocationChecker) {
        self.revokedByAuthority = revokedByAuthority.mapValues { entries in
            Dictionary(entries.map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first })
        }
        self.otherwise = otherwise
    }

    public func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        guard let revoked = revokedByAuthority[issuer] else {
            return await otherwise.status(of: certificate, issuedBy: issuer, at: time)
        }
        return revoked[certificate.serialNumber].map { .revoked(date: $0.date, reason: $0.reason) } ?? .good
    }
}
