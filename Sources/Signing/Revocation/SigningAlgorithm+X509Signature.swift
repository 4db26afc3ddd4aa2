import X509

extension SigningAlgorithm {
    /// The scheme an X.509 signature (a CRL's, a certificate's) names by its own identifier. Unlike CMS, X.509
    /// never names an RSA signature by the key type alone.
    init?(x509Signature identifier: AlgorithmIdentifier) {
        guard let algorithm = Self.allCases.first(where: { (try? $0.signatureAlgorithmIdentifier().algorithm) == identifier.algorithm })
        else { return nil }
        self = algorithm
    }
}
