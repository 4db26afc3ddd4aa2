import Foundation
import X509

/// A demonstration certificate hierarchy: root CA → issuing CA → seal certificates for units and
/// personal certificates for staff. Every subject says DEMO (see `DemoNaming`); these certificates
/// exist so the signing features can be tried and tested without a real CA.
public struct DemoPKI: Sendable {
    public let root: CertifiedKey
    public let issuingCA: CertifiedKey
    /// Where the CAs' CRLs are served, such as `http://127.0.0.1:8080/crl` (no slash at the end): every certificate
    /// a CA issues names that CA's CRL below it, ``rootCRLURL`` or ``issuingCRLURL``. nil: certificates name no CRL.
    public let crlBaseURL: String?

    /// Creates a root CA (valid 10 years) and an issuing CA (valid 5 years) named for the department.
    public init(department: String, algorithm: SigningAlgorithm = .ecdsaP256SHA256, now: Date = Date(),
                crlBaseURL: String? = nil) throws {
        let department = try DemoNaming.unitName(department)
        self.crlBaseURL = crlBaseURL
        root = try Self.certify(
            DemoNaming.subject(commonName: "EduVN Root CA", organization: department),
            key: .generate(algorithm), profile: .rootCA, validity: Self.validity(years: 10, from: now),
            issuer: nil, crlURL: nil, intermediates: [])
        issuingCA = try Self.certify(
            DemoNaming.subject(commonName: "EduVN Issuing CA", organization: department),
            key: .generate(algorithm), profile: .issuingCA, validity: Self.validity(years: 5, from: now),
            issuer: root, crlURL: Self.crlURL(crlBaseURL, of: Self.rootCRLName), intermediates: [])
    }

    /// A hierarchy made earlier, as stored.
    public init(root: CertifiedKey, issuingCA: CertifiedKey, crlBaseURL: String? = nil) {
        self.root = root
        self.issuingCA = issuingCA
        self.crlBaseURL = crlBaseURL
    }

    /// The file names follow the names the signer store gives the two CAs.
    private static let rootCRLName = "demo-root", issuingCRLName = "demo-issuing"

    /// Where the root's CRL is served, which lists revoked issuing CA certificates.
    public var rootCRLURL: String? { Self.crlURL(crlBaseURL, of: Self.rootCRLName) }
    /// Where the issuing CA's CRL is served, which lists revoked signer and time-stamp authority certificates.
    public var issuingCRLURL: String? { Self.crlURL(crlBaseURL, of: Self.issuingCRLName) }

    private static func crlURL(_ base: String?, of name: String) -> String? {
        base.map { "\($0)/\(name).crl" }
    }

    /// Issues a signing certificate, with a new key, from the issuing CA.
    public func issue(for holder: DemoHolder, algorithm: SigningAlgorithm = .ecdsaP256SHA256,
                      validity: DateInterval = DemoPKI.validity(years: 2)) throws -> CertifiedKey {
        try Self.certify(DemoNaming.subject(of: holder), key: .generate(algorithm), profile: .signer,
                         validity: validity, issuer: issuingCA, crlURL: issuingCRLURL, intermediates: [issuingCA.certificate])
    }

    /// Issues the certificate of a demo time-stamp authority (see ``DemoTimestampAuthority``), with a new key,
    /// from the issuing CA. `unit` is the unit that runs it, normally the department.
    public func issueTimestampAuthority(unit: String, algorithm: SigningAlgorithm = .ecdsaP256SHA256,
                                        validity: DateInterval = DemoPKI.validity(years: 2)) throws -> CertifiedKey {
        let subject = try DemoNaming.subject(commonName: "EduVN Time-Stamp Authority", organization: DemoNaming.unitName(unit))
        return try Self.certify(subject, key: .generate(algorithm), profile: .timestampAuthority, validity: validity,
                                issuer: issuingCA, crlURL: issuingCRLURL, intermediates: [issuingCA.certificate])
    }

    /// Issues a signing certificate from the issuing CA for a key held elsewhere, such as on a PKCS#11
    /// token: only its public half ever reaches us.
    public func certificate(for holder: DemoHolder, publicKey: Certificate.PublicKey,
                            validity: DateInterval = DemoPKI.validity(years: 2)) throws -> Certificate {
        try Self.makeCertificate(DemoNaming.subject(of: holder), publicKey: publicKey, profile: .signer, validity: validity,
                                 issuer: issuingCA.certificate, issuerKey: issuingCA.key, crlURL: issuingCRLURL)
    }

    /// Starts five minutes back, so a verifier whose clock runs a little behind still sees a new certificate as valid.
    public static func validity(years: Int, from now: Date = Date()) -> DateInterval {
        DateInterval(start: now.addingTimeInterval(-300), duration: Double(years) * 365 * 86_400)
    }

    /// `issuer` nil makes the certificate self-signed.
    private static func certify(_ subject: DistinguishedName, key: SoftwareSigningKey, profile: CertificateProfile,
                                validity: DateInterval, issuer: CertifiedKey?, crlURL: String?,
                                intermediates: [Certificate]) throws -> CertifiedKey {
        let certificate = try makeCertificate(subject, publicKey: key.publicKey, profile: profile, validity: validity,
                                              issuer: issuer?.certificate, issuerKey: issuer?.key ?? key, crlURL: crlURL)
        return CertifiedKey(certificate: certificate, key: key, intermediates: intermediates)
    }

    /// `issuerKey` signs: the subject's own key when `issuer` is nil.
    private static func makeCertificate(_ subject: DistinguishedName, publicKey: Certificate.PublicKey, profile: CertificateProfile,
                                        validity: DateInterval, issuer: Certificate?, issuerKey: SoftwareSigningKey,
                                        crlURL: String?) throws -> Certificate {
        try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: publicKey,
            notValidBefore: validity.start,
            notValidAfter: validity.end,
            issuer: issuer?.subject ?? subject,
            subject: subject,
            signatureAlgorithm: issuerKey.algorithm.certificateSignatureAlgorithm,
            extensions: profile.extensions(
                subjectKey: publicKey,
                issuerKeyIdentifier: issuer?.extensions.subjectKeyIdentifier?.keyIdentifier,
                crlURL: crlURL),
            issuerPrivateKey: issuerKey.certificatePrivateKey)
    }
}
