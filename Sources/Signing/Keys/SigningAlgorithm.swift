import SwiftASN1
import X509

/// The signature schemes the platform signs with. Each one fixes its hash, so the digest of a
/// document and the signature over it can never use different hashes.
public enum SigningAlgorithm: String, Sendable, Hashable, CaseIterable, Codable {
    /// ECDSA on P-256 with SHA-256: small keys and signatures, the default.
    case ecdsaP256SHA256 = "ES256"
    /// ECDSA on P-384 with SHA-384.
    case ecdsaP384SHA384 = "ES384"
    /// RSA with PKCS#1 v1.5 padding and SHA-256, for RSA keys of 2048 bits or more (tokens and CAs that issue RSA).
    case rsaPKCS1SHA256 = "RS256"

    var digest: DigestAlgorithm {
        switch self {
        case .ecdsaP256SHA256, .rsaPKCS1SHA256: .sha256
        case .ecdsaP384SHA384: .sha384
        }
    }

    /// The same scheme as swift-certificates names it, for issuing and checking signatures.
    public var certificateSignatureAlgorithm: Certificate.SignatureAlgorithm {
        switch self {
        case .ecdsaP256SHA256: .ecdsaWithSHA256
        case .ecdsaP384SHA384: .ecdsaWithSHA384
        case .rsaPKCS1SHA256: .sha256WithRSAEncryption
        }
    }

    /// The identifier a SignerInfo carries. RSA takes an explicit NULL parameter (RFC 4055 §5), ECDSA none (RFC 5758 §3.2).
    func signatureAlgorithmIdentifier() throws -> AlgorithmIdentifier {
        switch self {
        case .ecdsaP256SHA256: AlgorithmIdentifier(algorithm: OID.ecdsaWithSHA256)
        case .ecdsaP384SHA384: AlgorithmIdentifier(algorithm: OID.ecdsaWithSHA384)
        case .rsaPKCS1SHA256: AlgorithmIdentifier(algorithm: OID.sha256WithRSAEncryption, parameters: try ASN1Any(erasing: ASN1Null()))
        }
    }

    /// The scheme a SignerInfo names, or nil when the platform does not accept it. Many CMS producers
    /// (OpenSSL among them) name an RSA signature by the key type, rsaEncryption, and leave the hash
    /// to digestAlgorithm (RFC 3370 §3.2), so that pairing is read as well.
    init?(signatureAlgorithm: ASN1ObjectIdentifier, digestAlgorithm: ASN1ObjectIdentifier) {
        let candidate: SigningAlgorithm? = switch signatureAlgorithm {
        case OID.ecdsaWithSHA256: .ecdsaP256SHA256
        case OID.ecdsaWithSHA384: .ecdsaP384SHA384
        case OID.sha256WithRSAEncryption, OID.rsaEncryption: .rsaPKCS1SHA256
        default: nil
        }
        guard let candidate, candidate.digest.identifier.algorithm == digestAlgorithm else { return nil }
        self = candidate
    }
}
