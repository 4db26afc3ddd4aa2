import SwiftASN1

/// Object identifiers of time-stamping (RFC 3161).
extension OID {
    /// id-ct-TSTInfo: the eContentType of a time-stamp token.
    static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 1, 4]
    /// id-aa-signingCertificate (RFC 2634 §5.4): the SHA-1 predecessor of signing-certificate-v2.
    static let signingCertificate: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 2, 12]

    /// The demo authority's policy. It sits under enterprise number 32473, which IANA reserves for
    /// documentation (RFC 5612), so it can never be mistaken for a real authority's policy.
    static let demoTimestampPolicy: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 32_473, 3161, 1]
}
