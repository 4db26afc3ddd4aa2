import SwiftASN1

/// Object identifiers of revocation: certificate and CRL extensions of RFC 5280 (§4.2.1.13, §5.2.3, §5.3.1).
extension OID {
    static let crlDistributionPoints: ASN1ObjectIdentifier = [2, 5, 29, 31]
    static let crlNumber: ASN1ObjectIdentifier = [2, 5, 29, 20]
    static let crlReason: ASN1ObjectIdentifier = [2, 5, 29, 21]
}
