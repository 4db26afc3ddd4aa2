import _CryptoExtras
import Crypto
import EduCore
import X509

/// Our algorithms as JWA (RFC 7518 §3) uses them. The names are the same ("ES256", "ES384", "RS256"),
/// but an ECDSA signature travels as the fixed-length R ‖ S (§3.4), not as the DER that a
/// `SigningKey` returns, and each name allows exactly one key type and curve.
extension SigningAlgorithm {
    /// The JWS signature value for what `SigningKey.sign` returned.
    func jwsSignatureValue(fromKeyOutput signature: [UInt8]) throws -> [UInt8] {
        switch self {
        case .ecdsaP256SHA256: Array(try P256.Signing.ECDSASignature(derRepresentation: signature).rawRepresentation)
        case .ecdsaP384SHA384: Array(try P384.Signing.ECDSASignature(derRepresentation: signature).rawRepresentation)
        case .rsaPKCS1SHA256: signature
        }
    }

    /// Whether `signature` is this algorithm's signature over `signingInput` by `key`. A key of another
    /// type or curve throws instead of being tried: X.509 verification alone would accept, say, SHA-384
    /// with a P-256 key, which JWA's ES384 does not allow.
    func isValidJWSSignature(_ signature: [UInt8], over signingInput: [UInt8], by key: Certificate.PublicKey) throws(EduError) -> Bool {
        switch self {
        case .ecdsaP256SHA256:
            guard let key = P256.Signing.PublicKey(key) else { throw .jwsAlgorithmMismatch(self) }
            // A value that is not exactly 64 bytes cannot be R ‖ S: an invalid signature, not unreadable input.
            guard let value = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(value, for: SHA256.hash(data: signingInput))
        case .ecdsaP384SHA384:
            guard let key = P384.Signing.PublicKey(key) else { throw .jwsAlgorithmMismatch(self) }
            guard let value = try? P384.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(value, for: SHA384.hash(data: signingInput))
        case .rsaPKCS1SHA256:
            guard let key = _RSA.Signing.PublicKey(key) else { throw .jwsAlgorithmMismatch(self) }
            // RFC 7518 §3.3: a key of 2048 bits or larger MUST be used.
            guard key.keySizeInBits >= 2048 else { throw .unsupportedJWS("RSA key under 2048 bits") }
            return key.isValidSignature(_RSA.Signing.RSASignature(rawRepresentation: signature),
                                        for: SHA256.hash(data: signingInput), padding: .insecurePKCS1v1_5)
        }
    }
}
