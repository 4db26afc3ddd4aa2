import SwiftASN1

/// Object identifiers of revocation: certificate and CRL extensions of RFC 5280 (§4.2.1.13, §5.2.3, §5.3.1).
extension OID {
    static let crlDistributionPoints: ASN1ObjectIdentifier = [2, 5, 29, 31]
    static let crlNumber: ASN1ObjectIdentifier = [2, 5, 29, 20]
    static let crlReason: ASN1ObjectIdentifier = [2, 5, 29, 21]
}

/// Object identifiers of OCSP (RFC 6960 §4.2.1, §4.4.1) and the hash that names a certificate in a request.
extension OID {
    static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let ocspBasicResponse: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 48, 1, 1]
    static let ocspNonce: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 48, 1, 2]
}
