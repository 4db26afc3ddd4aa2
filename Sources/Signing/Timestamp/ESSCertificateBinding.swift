import Crypto
import SwiftASN1
import X509

/// The signed ESS attribute that names the authority's certificate, so another certificate for the same
/// key cannot be swapped in. RFC 5816 brings signing-certificate-v2 (RFC 5035); many authorities, and
/// OpenSSL by default, still write signing-certificate (RFC 2634 §5.4), whose ESSCertID is an ESSCertIDv2
/// without the hash algorithm, fixed to SHA-1: the same reader serves both.
enum ESSCertificateBinding {
    case v2(SigningCertificateV2)
    case v1(SigningCertificateV2)

    /// signing-certificate-v2 when present, else signing-certificate; nil when there is neither.
    init?(_ attributes: SignedAttributes) throws {
        if let value = try attributes.value(of: OID.signingCertificateV2) {
            self = .v2(try SigningCertificateV2(asn1Any: value))
        } else if let value = try attributes.value(of: OID.signingCertificate) {
            self = .v1(try SigningCertificateV2(asn1Any: value))
        } else {
            return nil
        }
    }

    /// Throws for a signing-certificate-v2 hash algorithm that is not computed here.
    func names(_ certificate: Certificate) throws -> Bool {
        switch self {
        case .v2(let binding):
            return try binding.names(certificate)
        case .v1(let binding):
            // A hash algorithm in front would make it a v2 entry under the v1 type: not one to trust.
            guard binding.signerHashAlgorithm == nil else { return false }
            return Insecure.SHA1.hash(data: try certificate.derBytes()).elementsEqual(binding.signerCertificateHash.bytes)
        }
    }
}
