import EduCore
import Foundation
import SwiftASN1
import X509

/// A responder's answer of good or revoked about one certificate, read only after its signature, its responder, its
/// nonce and its freshness have been checked (RFC 6960 §3.2, §4.2.2.2): there is no way to hold one that has not been.
struct OCSPAnswer: Sendable {
    let status: RevocationStatus
    /// What the answer speaks for, so that it can be reused within it.
    let period: RevocationPeriod

    /// Errors: `ocsp.malformed`, `ocsp.refused`, `ocsp.unsupported`, `ocsp.responder`, `ocsp.signature`,
    /// `ocsp.nonce`, `ocsp.not_answered`, `ocsp.stale`, and `ocsp.certificate_unknown` when the responder does not
    /// know the certificate. `maximumAge`: how long an answer without nextUpdate speaks for.
    init(der: [UInt8], about certificate: Certificate, issuedBy issuer: Certificate, nonce: [UInt8]?,
         at time: Date, maximumAge: TimeInterval) throws(EduError) {
        let response: OCSPResponse
        do {
            response = try OCSPResponse(derEncoded: der)
        } catch is OCSPUnsupported {
            throw .unsupportedOCSPResponse
        } catch {
            throw .malformedOCSPResponse
        }
        guard let basic = response.basic else { throw .ocspRefused(status: response.responseStatus) }
        try Self.checkSignature(of: basic, issuer: issuer, at: time)
        let data = basic.responseData
        if let nonce, let echoed = data.nonce, echoed != nonce { throw .ocspNonceMismatch }
        guard let single = data.responses.first(where: { $0.certID.names(certificate, issuedBy: issuer) }) else {
            throw .ocspNotAnswered
        }
        period = RevocationPeriod(thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, maximumAge: maximumAge)
        guard period.covers(time) else { throw .staleOCSPResponse(thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate) }

        switch single.status {
        case .good:
            status = .good
        case .revoked(let date, let code):
            status = .revoked(date: date, reason: code.flatMap(RevocationReason.init(rawValue:)) ?? .unspecified)
        case .unknown:
            throw .ocspCertificateUnknown
        }
    }

    /// The issuer signed the response itself, or a responder it delegated to: a certificate in the response,
    /// issued by it for id-kp-OCSPSigning and valid at `time` (§4.2.2.2). The delegate's own revocation is not
    /// asked: CAs mark their responders' certificates id-pkix-ocsp-nocheck (§4.2.2.2.1), and asking the same
    /// responder about itself would prove nothing.
    private static func checkSignature(of basic: BasicOCSPResponse, issuer: Certificate, at time: Date) throws(EduError) {
        let responderID = basic.responseData.responderID
        let signer: Certificate
        if responderID.identifies(issuer) {
            signer = issuer
        } else if let delegate = basic.certificates.first(where: responderID.identifies) {
            guard delegate.issuer == issuer.subject,
                  issuer.publicKey.isValidSignature(delegate.signature, for: delegate),
                  (try? delegate.extensions.extendedKeyUsage)??.contains(.ocspSigning) == true,
                  delegate.notValidBefore <= time.addingTimeInterval(RevocationPeriod.clockTolerance), time <= delegate.notValidAfter
            else { throw .unauthorisedOCSPResponder }
            signer = delegate
        } else {
            throw .unauthorisedOCSPResponder
        }
        guard let algorithm = SigningAlgorithm(x509Signature: basic.signatureAlgorithm) else { throw .unsupportedOCSPResponse }
        guard basic.signature.paddingBits == 0,
              signer.publicKey.isValidSignature(basic.signature.bytes, for: basic.signedBytes,
                                                signatureAlgorithm: algorithm.certificateSignatureAlgorithm)
        else { throw .badOCSPSignature }
    }
}
