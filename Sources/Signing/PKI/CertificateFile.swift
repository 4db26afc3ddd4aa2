import EduCore
import SwiftASN1
import X509

/// Certificates to and from the files other tools read: DER (`.cer`) and PEM (`.pem`, one or more blocks).
public enum CertificateFile {
    public static func der(_ certificate: Certificate) throws -> [UInt8] {
        try certificate.derBytes()
    }

    public static func pem(_ certificates: [Certificate]) throws -> String {
        try certificates.map { try $0.serializeAsPEM().pemString }.joined(separator: "\n") + "\n"
    }

    /// Every certificate in the text; none at all is an error, since a trust list or chain must hold one.
    public static func certificates(fromPEM pem: String) throws(EduError) -> [Certificate] {
        let certificates: [Certificate]
        do {
            certificates = try PEMDocument.parseMultiple(pemString: pem).map(Certificate.init(pemDocument:))
        } catch {
            throw .malformedCertificate
        }
        guard !certificates.isEmpty else { throw .malformedCertificate }
        return certificates
    }
}
