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
