import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import TestSupport
import X509

/// Another CA, played by `openssl ocsp` answering from its index file: the demo issuing CA's certificates that name an
/// OCSP responder, one good, one revoked and one the index does not know, and the responder that signs the answers
/// (the CA itself unless a delegate is made).
struct OCSPFixture {
    static let responderURL = "http://ocsp.ca.example.vn/"

    let pki: DemoPKI
    let openssl: OpenSSL
    let good: Certificate
    let revoked: Certificate
    let stranger: Certificate
    /// Whole seconds, as OCSP keeps them.
    let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
    var revocationDate: Date { now.addingTimeInterval(-3_600) }
    var issuer: Certificate { pki.issuingCA.certificate }

    init(_ algorithm: SigningAlgorithm = .ecdsaP256SHA256) throws {
        pki = try DemoPKI(department: Demo.department, algorithm: algorithm)
        openssl = try OpenSSL()
        let issuing = pki.issuingCA
        let extensions = try Certificate.Extensions {
            AuthorityInformationAccess([.init(method: .ocspServer, location: .uniformResourceIdentifier(Self.responderURL))])
        }
        good = try Self.certificate("good", key: SoftwareSigningKey.generate(algorithm), issuedBy: issuing, extensions: extensions, now: now)
        revoked = try Self.certificate("revoked", key: SoftwareSigningKey.generate(algorithm), issuedBy: issuing, extensions: extensions, now: now)
        stranger = try Self.certificate("stranger", key: SoftwareSigningKey.generate(algorithm), issuedBy: issuing, extensions: extensions, now: now)
        try openssl.write("""
            V\t491231235959Z\t\t\(RevocationFixture.hex(good.serialNumber))\tunknown\t/CN=good
            R\t491231235959Z\t\(OpenSSLIndex.time(revocationDate)),keyCompromise\t\(RevocationFixture.hex(revoked.serialNumber))\tunknown\t/CN=revoked

            """, to: "index.txt")
        try openssl.write(certificates: [issuing.certificate], to: "ca.pem")
        try respond(as: issuing)
    }

    /// Has `responder` sign the answers from now on.
    func respond(as responder: CertifiedKey) throws {
        try openssl.write(certificates: [responder.certificate], to: "responder.pem")
        try openssl.write(responder.key.pkcs8PEM, to: "responder.key")
    }

    /// A responder certificate for a fresh key, issued by `issuer`, for OCSP signing only when `forOCSP`.
    func delegate(issuedBy issuer: CertifiedKey, forOCSP: Bool) throws -> CertifiedKey {
        let key = try SoftwareSigningKey.generate(.ecdsaP256SHA256)
        let extensions = try Certificate.Extensions {
            if forOCSP { try ExtendedKeyUsage([.ocspSigning]) } else { try ExtendedKeyUsage([.emailProtection]) }
        }
        return CertifiedKey(certificate: try Self.certificate("OCSP responder", key: key, issuedBy: issuer, extensions: extensions, now: now),
                            key: key, intermediates: [])
    }

    /// `openssl ocsp` as the responder, with `options` added (for example `-nmin 10` for a nextUpdate).
    func responder(_ options: String...) -> OpenSSLResponder {
        OpenSSLResponder(openssl: openssl, options: options)
    }

    private static func certificate(_ name: String, key: SoftwareSigningKey, issuedBy issuer: CertifiedKey,
                                    extensions: Certificate.Extensions, now: Date) throws -> Certificate {
        try Certificate(version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: key.publicKey,
                        notValidBefore: now.addingTimeInterval(-86_400), notValidAfter: now.addingTimeInterval(30 * 86_400),
                        issuer: issuer.certificate.subject, subject: DistinguishedName { CommonName(name) },
                        signatureAlgorithm: issuer.key.algorithm.certificateSignatureAlgorithm, extensions: extensions,
                        issuerPrivateKey: issuer.key.certificatePrivateKey)
    }
}

/// `openssl ocsp -index … -reqin … -respout …`: another implementation's responder answering our request as a file,
/// so no network is needed. Counts the requests it answered.
final class OpenSSLResponder: OCSPClient, @unchecked Sendable {
    let openssl: OpenSSL
    let options: [String]
    private let lock = NSLock()
    private var answered: [[UInt8]] = []

    init(openssl: OpenSSL, options: [String]) {
        self.openssl = openssl
        self.options = options
    }

    /// The responses given so far, oldest first.
    var responses: [[UInt8]] { lock.withLock { answered } }

    func response(to request: [UInt8], from url: String) async throws(EduError) -> [UInt8] {
        let name = UUID().uuidString
        do {
            try openssl.write(request, to: "\(name).req")
            let run = try OpenSSL.run(OpenSSL.executable, ["ocsp", "-index", "index.txt", "-CA", "ca.pem", "-rsigner", "responder.pem",
                                                           "-rkey", "responder.key", "-reqin", "\(name).req", "-respout", "\(name).resp"] + options,
                                      in: openssl.folder)
            guard run.status == 0 else { throw EduError.revocationDataUnreachable }
            let response = try openssl.read("\(name).resp")
            lock.withLock { answered.append(response) }
            return response
        } catch {
            throw .revocationDataUnreachable
        }
    }
}
