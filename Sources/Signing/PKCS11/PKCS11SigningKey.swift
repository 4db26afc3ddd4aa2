internal import CPKCS11
import Crypto
import EduCore
import X509

/// A private key that stays on a PKCS#11 token (a staff member's USB token, an HSM): the token makes
/// each signature over a digest computed here, and the result has the same form as
/// ``SoftwareSigningKey``'s, so CMS signatures from either cannot be told apart.
public struct PKCS11SigningKey: SigningKey {
    public let algorithm: SigningAlgorithm
    public let publicKey: Certificate.PublicKey
    /// The certificate stored beside the key (same CKA_ID), as on the tokens CAs issue; nil when there is none.
    public let certificate: Certificate?
    private let session: PKCS11Session
    private let object: CK_OBJECT_HANDLE

    /// The SHA-256 DigestInfo up to the digest itself (RFC 8017 §9.2, note 1).
    private static let sha256DigestInfoPrefix: [UInt8] = [
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
    ]

    /// Finds the private key and its public half: from the certificate stored beside it, else from its
    /// public key object.
    init(_ selector: PKCS11ObjectSelector, in session: PKCS11Session) throws(EduError) {
        let keys = try session.find([.number(CKA_CLASS, CKO_PRIVATE_KEY), selector.attribute], limit: 2)
        guard let object = keys.first else { throw .pkcs11KeyNotFound(selector) }
        guard keys.count == 1 else { throw .pkcs11KeyAmbiguous(selector) }
        guard let id = try session.attribute(CKA_ID, of: object), !id.isEmpty else { throw .pkcs11KeyUnsupported(selector) }
        let certificate = try session.certificate(id: id)
        let publicKey: Certificate.PublicKey? = if let certificate { certificate.publicKey } else { try session.publicKey(id: id) }
        guard let publicKey, let algorithm = SigningAlgorithm(signingWith: publicKey) else { throw .pkcs11KeyUnsupported(selector) }
        self.algorithm = algorithm
        self.publicKey = publicKey
        self.certificate = certificate
        self.session = session
        self.object = object
    }

    public func sign(_ data: [UInt8]) async throws -> [UInt8] {
        let digest = algorithm.digest.hash(data)
        let signature = try await session.seriallyInBackground { [session, object, algorithm] () throws(EduError) in
            switch algorithm {
            case .ecdsaP256SHA256, .ecdsaP384SHA384:
                try session.sign(digest, with: object, mechanism: CKM_ECDSA)
            // CKM_RSA_PKCS only pads: naming the hash is ours to do. Hashing here rather than asking for
            // CKM_SHA256_RSA_PKCS also suits tokens that do not offer the combined mechanism.
            case .rsaPKCS1SHA256:
                try session.sign(Self.sha256DigestInfoPrefix + digest, with: object, mechanism: CKM_RSA_PKCS)
            }
        }
        return try cmsForm(of: signature)
    }

    /// PKCS#11 returns an ECDSA signature as r ‖ s, where CMS and X.509 carry a DER ECDSA-Sig-Value.
    private func cmsForm(of signature: [UInt8]) throws(EduError) -> [UInt8] {
        do {
            switch algorithm {
            case .ecdsaP256SHA256: return Array(try P256.Signing.ECDSASignature(rawRepresentation: signature).derRepresentation)
            case .ecdsaP384SHA384: return Array(try P384.Signing.ECDSASignature(rawRepresentation: signature).derRepresentation)
            case .rsaPKCS1SHA256: return signature
            }
        } catch {
            throw .pkcs11MalformedSignature
        }
    }
}
