import EduCore
import Foundation
import X509

/// A CRL (RFC 5280 §5) whose signature has been checked against its issuer's certificate: there is no way to hold
/// one that has not been. Only complete CRLs are accepted. §5.2 forbids using a CRL with a critical extension the
/// reader cannot process, and the critical ones in use (a delta CRL's indicator, an issuing distribution point that
/// narrows the scope, an indirect CRL's certificate issuer) would each change what "not listed" means.
public struct CertificateRevocationList: Sendable {
    public let issuer: DistinguishedName
    public let thisUpdate: Date
    /// When the next CRL is due. RFC 5280 §5.1.2.5 requires it; a CRL without it is never current.
    public let nextUpdate: Date?
    public let revokedCertificates: [RevokedEntry]
    private let revokedBySerial: [Certificate.SerialNumber: RevokedEntry]

    /// Reads a DER CRL that `issuer` must have signed. Errors: `crl.malformed`, `crl.unsupported`,
    /// `crl.issuer_mismatch`, `crl.not_crl_signer`, `crl.signature`.
    public init(der: [UInt8], issuer: Certificate) throws(EduError) {
        let list: CertificateList
        do {
            list = try CertificateList(derEncoded: der)
        } catch {
            throw .malformedCRL
        }
        try Self.checkSignature(of: list, by: issuer)
        let tbs = list.tbsCertList
        guard !tbs.extensions.contains(where: \.critical),
              !tbs.revokedCertificates.contains(where: { $0.extensions.contains(where: \.critical) })
        else { throw .unsupportedCRL }

        self.issuer = tbs.issuer
        thisUpdate = tbs.thisUpdate
        nextUpdate = tbs.nextUpdate
        revokedCertificates = tbs.revokedCertificates.map(\.entry)
        // A serial listed twice is revoked either way; the first entry is kept.
        revokedBySerial = Dictionary(revokedCertificates.map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func entry(for serial: Certificate.SerialNumber) -> RevokedEntry? {
        revokedBySerial[serial]
    }

    public func isRevoked(_ serial: Certificate.SerialNumber) -> Bool {
        entry(for: serial) != nil
    }

    /// Whether the CRL speaks for `time`: issued by then and not yet due to be replaced (RFC 5280 §6.3.3 a).
    public func isCurrent(at time: Date) -> Bool {
        RevocationPeriod(thisUpdate: thisUpdate, nextUpdate: nextUpdate, maximumAge: nil).covers(time)
    }

    private static func checkSignature(of list: CertificateList, by issuer: Certificate) throws(EduError) {
        guard list.tbsCertList.issuer == issuer.subject else { throw .crlIssuerMismatch }
        guard issuer.allowsCRLSigning else { throw .notCRLSigner }
        // §5.1.1.2: the unsigned algorithm must repeat the signed one, or it could be swapped without breaking the signature.
        guard list.signatureAlgorithm.algorithm == list.tbsCertList.signature.algorithm else { throw .malformedCRL }
        guard let algorithm = SigningAlgorithm(x509Signature: list.signatureAlgorithm) else { throw .unsupportedCRL }
        guard list.signatureValue.paddingBits == 0,
              issuer.publicKey.isValidSignature(list.signatureValue.bytes, for: list.signedBytes,
                                                signatureAlgorithm: algorithm.certificateSignatureAlgorithm)
        else { throw .badCRLSignature }
    }
}
