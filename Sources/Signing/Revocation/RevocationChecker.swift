import Foundation
import X509

/// Answers whether a certificate has been revoked by its issuer. `time` is when the answer must hold, normally
/// now: the revocation data used must be current then.
public protocol RevocationChecker: Sendable {
    func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus
}

extension RevocationChecker {
    /// A validated chain, leaf first: revoked when any certificate is, else unknown when any is, else good. The
    /// root is not asked about: a trust anchor is trusted because it was configured, and no one above it could revoke it.
    func status(ofChain chain: [Certificate], at time: Date) async -> RevocationStatus {
        var firstUnknown: RevocationStatus?
        for (certificate, issuer) in zip(chain, chain.dropFirst()) {
            let status = await self.status(of: certificate, issuedBy: issuer, at: time)
            switch status {
            case .good: continue
            case .revoked: return status
            case .unknown: firstUnknown = firstUnknown ?? status
            }
        }
        return firstUnknown ?? .good
    }
}
