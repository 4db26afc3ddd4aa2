import X509

/// A private key that can sign, wherever it lives: in memory (``SoftwareSigningKey``), on a PKCS#11
/// token, or behind a remote signing service. Callers never see the key material, only signatures.
public protocol SigningKey: Sendable {
    var algorithm: SigningAlgorithm { get }

    /// The public half, to match the key against its certificate.
    var publicKey: Certificate.PublicKey { get }

    /// Hashes `data` with the algorithm's digest and signs it. Returns the signature as CMS and X.509
    /// carry it: a DER `ECDSA-Sig-Value` for ECDSA, the big-endian integer for RSA.
    /// Asynchronous because a token or a remote service may take a while to answer.
    func sign(_ data: [UInt8]) async throws -> [UInt8]
}
