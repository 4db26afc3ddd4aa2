import EduCore
import Foundation

/// The errors of CRLs and revocation checks, with their stable codes. Vietnamese first. A checker turns each into
/// the reason of an `unknown` status rather than throwing it.
extension EduError {
    static let malformedCRL = EduError(
        "crl.malformed",
        vi: "CRL không đúng định dạng (DER, RFC 5280)",
        en: "The CRL is not well-formed (DER, RFC 5280)")

    static let unsupportedCRL = EduError(
        "crl.unsupported",
        vi: "CRL dùng thuật toán chữ ký hoặc phần mở rộng bắt buộc (critical) chưa được hỗ trợ, ví dụ CRL delta hay CRL gián tiếp",
        en: "The CRL uses a signature algorithm or a critical extension that is not supported, such as a delta or indirect CRL")

    static let crlIssuerMismatch = EduError(
        "crl.issuer_mismatch",
        vi: "CRL không do tổ chức chứng thực đã cấp chứng thư số phát hành",
        en: "The CRL was not issued by the certificate's issuer")

    static let notCRLSigner = EduError(
        "crl.not_crl_signer",
        vi: "Chứng thư số của tổ chức chứng thực không cho phép ký CRL (keyUsage thiếu cRLSign)",
        en: "The CA certificate does not allow signing CRLs (keyUsage lacks cRLSign)")

    static let badCRLSignature = EduError(
        "crl.signature",
        vi: "Chữ ký trên CRL không hợp lệ",
        en: "The CRL's signature is invalid")

    static func staleCRL(thisUpdate: Date, nextUpdate: Date?) -> EduError {
        let period = "thisUpdate \(thisUpdate.formatted(.iso8601)), nextUpdate \(nextUpdate?.formatted(.iso8601) ?? "—")"
        return EduError("crl.stale",
                        vi: "CRL không còn hoặc chưa có hiệu lực tại thời điểm kiểm tra (\(period))",
                        en: "The CRL is out of date or not yet valid at the time checked (\(period))")
    }

    static func invalidCRLRequest(_ reason: Bilingual) -> EduError {
        EduError("crl.invalid_request", vi: "Không lập được CRL: \(reason.vi)", en: "The CRL cannot be made: \(reason.en)")
    }

    static let noCRLDistributionPoint = EduError(
        "revocation.no_location",
        vi: "Chứng thư số không ghi nơi công bố CRL (CRL Distribution Points)",
        en: "The certificate names no place where its CRL is published (CRL Distribution Points)")

    static let revocationDataUnreachable = EduError(
        "revocation.unreachable",
        vi: "Không tải được CRL/OCSP",
        en: "The CRL/OCSP response could not be fetched")
}

/// The errors of OCSP answers, with their stable codes. The checker turns each into the reason of an `unknown` status.
extension EduError {
    static let malformedOCSPResponse = EduError(
        "ocsp.malformed",
        vi: "Phản hồi OCSP không đúng định dạng (DER, RFC 6960)",
        en: "The OCSP response is not well-formed (DER, RFC 6960)")

    static func ocspRefused(status: Int) -> EduError {
        let name = [1: "malformedRequest", 2: "internalError", 3: "tryLater", 5: "sigRequired", 6: "unauthorized"][status] ?? "\(status)"
        return EduError("ocsp.refused", vi: "Máy chủ OCSP không trả lời (\(name))", en: "The OCSP responder did not answer (\(name))")
    }

    static let unsupportedOCSPResponse = EduError(
        "ocsp.unsupported",
        vi: "Phản hồi OCSP dùng thuật toán chữ ký chưa được hỗ trợ",
        en: "The OCSP response uses a signature algorithm that is not supported")

    static let unauthorisedOCSPResponder = EduError(
        "ocsp.responder",
        vi: "Phản hồi OCSP không do tổ chức chứng thực đã cấp chứng thư số, hay đơn vị được tổ chức đó uỷ quyền trả lời OCSP, ký",
        en: "The OCSP response was signed neither by the certificate's issuer nor by a responder it authorised")

    static let badOCSPSignature = EduError(
        "ocsp.signature",
        vi: "Chữ ký trên phản hồi OCSP không hợp lệ",
        en: "The OCSP response's signature is invalid")

    static let ocspNonceMismatch = EduError(
        "ocsp.nonce",
        vi: "Phản hồi OCSP không phải cho yêu cầu vừa gửi (nonce khác)",
        en: "The OCSP response is not for the request just sent (another nonce)")

    static let ocspNotAnswered = EduError(
        "ocsp.not_answered",
        vi: "Phản hồi OCSP không nói về chứng thư số được hỏi",
        en: "The OCSP response does not speak of the certificate asked about")

    static func staleOCSPResponse(thisUpdate: Date, nextUpdate: Date?) -> EduError {
        let period = "thisUpdate \(thisUpdate.formatted(.iso8601)), nextUpdate \(nextUpdate?.formatted(.iso8601) ?? "—")"
        return EduError("ocsp.stale",
                        vi: "Phản hồi OCSP không còn hoặc chưa có hiệu lực tại thời điểm kiểm tra (\(period))",
                        en: "The OCSP response is out of date or not yet valid at the time checked (\(period))")
    }

    static let ocspCertificateUnknown = EduError(
        "ocsp.certificate_unknown",
        vi: "Máy chủ OCSP không biết chứng thư số này",
        en: "The OCSP responder does not know this certificate")

    static let noOCSPResponder = EduError(
        "revocation.no_ocsp",
        vi: "Chứng thư số không ghi máy chủ OCSP (Authority Information Access)",
        en: "The certificate names no OCSP responder (Authority Information Access)")
}
