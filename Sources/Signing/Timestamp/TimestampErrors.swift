import EduCore

/// The errors of time-stamping (RFC 3161), with their stable codes. Vietnamese first.
extension EduError {
    static let malformedTimestamp = EduError(
        "tsa.malformed",
        vi: "Dấu thời gian không đúng định dạng RFC 3161 (DER)",
        en: "The time-stamp is not well-formed RFC 3161 (DER)")

    static let malformedTimestampRequest = EduError(
        "tsa.request_malformed",
        vi: "Yêu cầu cấp dấu thời gian không đúng định dạng RFC 3161 (DER)",
        en: "The time-stamp request is not well-formed RFC 3161 (DER)")

    static let unsupportedTimestamp = EduError(
        "tsa.unsupported",
        vi: "Dấu thời gian dùng thuật toán chưa được hỗ trợ",
        en: "The time-stamp uses an algorithm that is not supported")

    static let timestampCertificateMissing = EduError(
        "tsa.certificate_missing",
        vi: "Không tìm thấy chứng thư số của đơn vị cấp dấu thời gian trong dấu thời gian hay trong các chứng thư số được cung cấp",
        en: "The time-stamp authority's certificate is neither in the time-stamp nor among the certificates given")

    static let notTimestampingCertificate = EduError(
        "tsa.certificate_purpose",
        vi: "Chứng thư số không dành cho cấp dấu thời gian (cần extendedKeyUsage duy nhất là id-kp-timeStamping, đánh dấu critical)",
        en: "The certificate is not for time-stamping (it needs id-kp-timeStamping as its only extended key usage, marked critical)")

    static func timestampRejected(_ status: PKIStatusInfo) -> EduError {
        let reasons = (status.failures.map { "\($0)" }.sorted() + status.text).joined(separator: "; ")
        return EduError("tsa.rejected",
                        vi: "Đơn vị cấp dấu thời gian từ chối yêu cầu (\(status.status)): \(reasons)",
                        en: "The time-stamp authority refused the request (\(status.status)): \(reasons)")
    }
}
