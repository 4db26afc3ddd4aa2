import EduCore
import X509

/// What a stored signer signs with: a key (in memory or on a token), its certificate, and the CA
/// certificates a verifier needs to reach the root.
public struct SignerKey: Sendable {
    public let key: any SigningKey
    public let certificate: Certificate
    /// Nearest first; the root is not included.
    public let intermediates: [Certificate]

    public init(key: any SigningKey, certificate: Certificate, intermediates: [Certificate]) {
        self.key = key
        self.certificate = certificate
        self.intermediates = intermediates
    }

    public func cmsSigner() throws(EduError) -> CMSSigner {
        try CMSSigner(key: key, certificate: certificate, intermediates: intermediates)
    }

    public func jwsSigner() throws(EduError) -> JWSSigner {
        try JWSSigner(key: key, certificate: certificate, intermediates: intermediates)
    }
}
