import X509

/// What a certificate in the demo hierarchy may do, as its extensions say (RFC 5280 §4.2.1).
enum CertificateProfile {
    case rootCA, issuingCA, signer, timestampAuthority

    /// `crlURL`: where the issuer publishes the CRL that would list this certificate (RFC 5280 §4.2.1.13); nil names none.
    func extensions(subjectKey: Certificate.PublicKey, issuerKeyIdentifier: ArraySlice<UInt8>?,
                    crlURL: String?) throws -> Certificate.Extensions {
        try Certificate.Extensions {
            Critical(basicConstraints)
            Critical(keyUsage)
            // RFC 3161 §2.3: time-stamping must be the one extended key usage, and the extension critical.
            if self == .timestampAuthority {
                Critical(try ExtendedKeyUsage([.timeStamping]))
            }
            SubjectKeyIdentifier(hash: subjectKey)
            // A self-signed root has no issuer to point at (RFC 5280 §4.2.1.1 lets it omit the extension).
            if let issuerKeyIdentifier {
                AuthorityKeyIdentifier(keyIdentifier: issuerKeyIdentifier)
            }
            if let crlURL {
                CRLDistributionPoints(urls: [crlURL])
            }
        }
    }

    private var basicConstraints: BasicConstraints {
        switch self {
        // Path lengths allow exactly root → issuing CA → signer.
        case .rootCA: .isCertificateAuthority(maxPathLength: 1)
        case .issuingCA: .isCertificateAuthority(maxPathLength: 0)
        case .signer, .timestampAuthority: .notCertificateAuthority
        }
    }

    private var keyUsage: KeyUsage {
        switch self {
        case .rootCA, .issuingCA: KeyUsage(keyCertSign: true, cRLSign: true)
        case .signer: KeyUsage(digitalSignature: true, nonRepudiation: true)
        case .timestampAuthority: KeyUsage(digitalSignature: true)
        }
    }
}
