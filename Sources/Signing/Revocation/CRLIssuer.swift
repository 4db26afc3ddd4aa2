import EduCore
import Foundation
import SwiftASN1
import X509

/// Issues the CRLs of our own CAs (RFC 5280 §5), to be served at the URL their certificates name.
public enum CRLIssuer {
    /// A DER CRL v2 listing `revoked`, signed with the CA's key, with the authorityKeyIdentifier and cRLNumber
    /// extensions §5.2 requires. `number` must grow with every CRL the CA issues (§5.2.3): the caller keeps the
    /// count. Times are written in whole seconds.
    public static func makeCRL(issuer: CertifiedKey, revoked: [RevokedEntry], number: Int,
                               thisUpdate: Date, nextUpdate: Date) async throws -> [UInt8] {
        guard issuer.certificate.allowsCRLSigning else { throw EduError.notCRLSigner }
        guard number >= 0 else {
            throw EduError.invalidCRLRequest(Bilingual(vi: "số CRL (cRLNumber) không được âm", en: "the CRL number must not be negative"))
        }
        guard thisUpdate < nextUpdate else {
            throw EduError.invalidCRLRequest(Bilingual(vi: "nextUpdate phải sau thisUpdate", en: "nextUpdate must come after thisUpdate"))
        }
        guard Set(revoked.map(\.serial)).count == revoked.count else {
            throw EduError.invalidCRLRequest(Bilingual(vi: "một số hiệu chứng thư số có mặt hai lần", en: "a serial number is listed twice"))
        }
        let certificate = issuer.certificate
        // Our CAs carry a subject key identifier; one made elsewhere without it gets the RFC 5280 method 1 value.
        let keyIdentifier = try certificate.extensions.subjectKeyIdentifier ?? SubjectKeyIdentifier(hash: certificate.publicKey)
        let tbs = TBSCertList(
            signature: try issuer.key.algorithm.signatureAlgorithmIdentifier(),
            issuer: certificate.subject, thisUpdate: thisUpdate, nextUpdate: nextUpdate,
            revokedCertificates: try revoked.map { try RevokedCertificate($0) },
            extensions: try Certificate.Extensions([
                AuthorityKeyIdentifier(keyIdentifier: keyIdentifier.keyIdentifier).makeCertificateExtension(),
                Certificate.Extension(oid: OID.crlNumber, critical: false, value: number.derBytes()[...]),
            ]))
        return try await sign(tbs, with: issuer.key)
    }

    static func sign(_ tbs: TBSCertList, with key: any SigningKey) async throws -> [UInt8] {
        let signedBytes = try tbs.derBytes()
        let signature = try await key.sign(signedBytes)
        return try CertificateList(tbsCertList: tbs, signedBytes: signedBytes[...], signatureAlgorithm: tbs.signature,
                                   signatureValue: ASN1BitString(bytes: signature[...])).derBytes()
    }
}
