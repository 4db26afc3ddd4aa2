import Foundation
import X509

/// A demonstration certificate hierarchy: root CA → issuing CA → seal certificates for units and
/// personal certificates for staff. Every subject says DEMO (see `DemoNaming`); these certificates
/// exist so the signing features can be tried and tested without a real CA.
public struct DemoPKI: Sendable {
    public let root: CertifiedKey
    public let issuingCA: CertifiedKey

    /// Creates a root CA (valid 10 years) and an issuing CA (valid 5 years) named for the department.
    public init(department: String, algorithm: SigningAlgorithm = .ecdsaP256SHA256, now: Date = Date()) throws {
        let department = try DemoNaming.unitName(department)
        root = try Self.certify(
            DemoNaming.subject(commonName: "EduVN Root CA", organization: department),
            key: .generate(algorithm), profile: .rootCA, validity: Self.validity(years: 10, from: now),
            issuer: nil, intermediates: [])
        issuingCA = try Self.certify(
            DemoNaming.subject(commonName: "EduVN Issuing CA", organization: department),
            key: .generate(algorithm), profile: .issuingCA, validity: Self.validity(years: 5, from: now),
            issuer: root, intermediates: [])
    }

    /// A hierarchy made earlier, as stored.
    public init(root: CertifiedKey, issuingCA: CertifiedKey) {
        self.root = root
        self.issuingCA = issuingCA
    }

    /// Issues a signing certificate, with a new key, from the issuing CA.
    public func issue(for holder: DemoHolder, algorithm: SigningAlgorithm = .ecdsaP256SHA256,
                      validity: DateInterval = DemoPKI.validity(years: 2)) throws -> CertifiedKey {
        try Self.certify(DemoNaming.subject(of: holder), key: .generate(algorithm), profile: .signer,
                         validity: validity, issuer: issuingCA, intermediates: [issuingCA.certificate])
    }

    /// Issues the certificate of a demo time-stamp authority (see ``DemoTimestampAuthority``), with a new key,
    /// from the issuing CA. `unit` is the unit that runs it, normally the department.
    public func issueTimestampAuthority(unit: String, algorithm: SigningAlgorithm = .ecdsaP256SHA256,
                                        validity: DateInterval = DemoPKI.validity(years: 2)) throws -> CertifiedKey {
        let subject = try DemoNaming.subject(commonName: "EduVN Time-Stamp Authority", organization: DemoNaming.unitName(unit))
        return try Self.certify(subject, key: .generate(algorithm), profile: .timestampAuthority,
                                validity: validity, issuer: issuingCA, intermediates: [issuingCA.certificate])
    }

    /// Issues a signing certificate from the issuing CA for a key held elsewhere, such as on a PKCS#11
    /// token: only its public half ever reaches us.
    public func certificate(for holder: DemoHolder, publicKey: Certificate.PublicKey,
                            validity: DateInterval = DemoPKI.validity(years: 2)) throws -> Certificate {
        try Self.makeCertificate(DemoNaming.subject(of: holder), publicKey: publicKey, profile: .signer, validity: validity,
                                 issuer: issuingCA.certificate, issuerKey: issuingCA.key)
    }

    /// Starts five minutes back, so a verifier whose clock runs a little behind still sees a new certificate as valid.
    public static func validity(years: Int, from now: Date = Date()) -> DateInterval {
        DateInterval(start: now.addingTimeInterval(-300), duration: Double(years) * 365 * 86_400)
    }

    /// `issuer` nil makes the certificate self-signed.
    private static func certify(_ subject: DistinguishedName, key: SoftwareSigningKey, profile: CertificateProfile,
                                validity: DateInterval, issuer: CertifiedKey?, intermediates: [Certificate]) throws -> CertifiedKey {
        let certificate = try makeCertificate(subject, publicKey: key.publicKey, profile: profile, validity: validity,
                                              issuer: issuer?.certificate, issuerKey: issuer?.key ?? key)
        return CertifiedKey(certificate: certificate, key: key, intermediates: intermediates)
    }

    /// `issuerKey` signs: the subject's own key when `issuer` is nil.
    private static func makeCertificate(_ subject: DistinguishedName, publicKey: Certificate.PublicKey, profile: CertificateProfile,
                                        validity: DateInterval, issuer: Certificate?, issuerKey: SoftwareSigningKey) throws -> Certificate {
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
                issuerKeyIdentifier: issuer?.extensions.subjectKeyIdentifier?.keyIdentifier),
            issuerPrivateKey: issuerKey.certificatePrivateKey)
    }
}
