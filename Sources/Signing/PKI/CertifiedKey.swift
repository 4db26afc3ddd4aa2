import EduCore
import X509

/// A certificate with its private key and the CA certificates a verifier needs to reach the root.
public struct CertifiedKey: Sendable {
    public let certificate: Certificate
    public let key: SoftwareSigningKey
    /// The CA certificates between this certificate and the root, nearest first; the root is not included.
    public let intermediates: [Certificate]

    public init(certificate: Certificate, key: SoftwareSigningKey, intermediates: [Certificate]) {
        self.certificate = certificate
        self.key = key
        self.intermediates = intermediates
    }

    public func signer() throws(EduError) -> CMSSigner {
        try CMSSigner(key: key, certificate: certificate, intermediates: intermediates)
    }
}
