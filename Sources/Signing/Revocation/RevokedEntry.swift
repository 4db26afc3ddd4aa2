import Foundation
import X509

/// One revoked certificate as a CRL lists it.
public struct RevokedEntry: Sendable, Hashable {
    public let serial: Certificate.SerialNumber
    /// When the CA revoked it; a CRL keeps whole seconds.
    public let date: Date
    public let reason: RevocationReason

    public init(serial: Certificate.SerialNumber, date: Date, reason: RevocationReason = .unspecified) {
        self.serial = serial
        self.date = date
        self.reason = reason
    }
}
