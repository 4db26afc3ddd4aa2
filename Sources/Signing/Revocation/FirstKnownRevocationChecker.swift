import EduCore
import Foundation
import X509

/// Asks each checker in turn (OCSP, then CRLs) and takes the first answer that is good or revoked. When every one is
/// unknown, the status is unknown with each one's reason.
public struct FirstKnownRevocationChecker: RevocationChecker {
    private let checkers: [any RevocationChecker]

    public init(_ checkers: [any RevocationChecker]) {
        self.checkers = checkers
    }

    public func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        var reasons: [Bilingual] = []
        for checker in checkers {
            let status = await checker.status(of: certificate, issuedBy: issuer, at: time)
            guard case .unknown(let reason) = status else { return status }
            reasons.append(reason)
        }
        return .unknown(reasons: reasons)
    }
}
