import EduCore
import X509

/// Where a certificate's issuer says its revocation can be looked up: the URLs of its CRL distribution points
/// (RFC 5280 §4.2.1.13) and of the OCSP responders in its authority information access (§4.2.2.1). The edge
/// fetches from them; a ``CRLSource`` is asked for the CRLs.
public struct RevocationLocations: Sendable, Hashable {
    /// Points that serve the issuer's complete CRL, in the certificate's order (see `CRLDistributionPoints`).
    public let crlURLs: [String]
    public let ocspURLs: [String]

    /// `cert.malformed` when either extension cannot be read.
    public init(of certificate: Certificate) throws(EduError) {
        do {
            crlURLs = try certificate.extensions[oid: OID.crlDistributionPoints].map { try CRLDistributionPoints($0).urls } ?? []
            ocspURLs = try certificate.extensions.authorityInformationAccess?.compactMap { access -> String? in
                guard access.method == .ocspServer, case .uniformResourceIdentifier(let url) = access.location else { return nil }
                return url
            } ?? []
        } catch {
            throw .malformedCertificate
        }
    }
}
