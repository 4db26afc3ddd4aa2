import EduCore

/// Errors of keys, certificates and CMS signatures, with their stable codes (JWS, time-stamp and
/// transparency-log errors sit beside their code). Vietnamese first.
extension EduError {
    static let unreadablePrivateKey = EduError(
        "key.unreadable",
        vi: "Không đọc được khoá bí mật (cần PEM PKCS#8 của khoá P-256, P-384 hoặc RSA từ 2048 bit)",
        en: "The private key cannot be read (expected PKCS#8 PEM of a P-256, P-384 or RSA key of 2048 bits or more)")

    static let rsaSigningFailed = EduError(
        "key.rsa_failed",
        vi: "Thư viện mật mã không ký được bằng khoá RSA",
        en: "The cryptographic library could not sign with the RSA key")

    static let keyDoesNotMatchCertificate = EduError(
        "cms.key_mismatch",
        vi: "Khoá ký không khớp với chứng thư số",
        en: "The signing key does not match the certificate")

    static let malformedCertificate = EduError(
        "cert.malformed",
        vi: "Chứng thư số không đúng định dạng",
        en: "The certificate is not well-formed")

    static func invalidName(_ reason: Bilingual) -> EduError {
        EduError("pki.invalid_name", vi: "Tên trong chứng thư số không hợp lệ: \(reason.vi)", en: "Invalid name for a certificate: \(reason.en)")
    }

    static let malformedSignature = EduError(
        "cms.malformed",
        vi: "Tệp chữ ký không đúng định dạng CMS (DER)",
        en: "The signature is not well-formed CMS (DER)")

    static let notOneSigner = EduError(
        "cms.signer_count",
        vi: "Tệp chữ ký phải có đúng một người ký",
        en: "The signature must have exactly one signer")

    static let notDetached = EduError(
        "cms.not_detached",
        vi: "Chữ ký phải tách rời khỏi tài liệu (không chứa nội dung tài liệu)",
        en: "The signature must be detached (it must not contain the document)")

    static let unsupportedSignature = EduError(
        "cms.unsupported",
        vi: "Chữ ký dùng thuật toán hoặc loại nội dung chưa được hỗ trợ",
        en: "The signature uses an algorithm or a content type that is not supported")

    static func missingAttribute(_ name: String) -> EduError {
        EduError("cms.not_cades",
                 vi: "Chữ ký thiếu thuộc tính bắt buộc theo CAdES: \(name)",
                 en: "The signature lacks an attribute CAdES requires: \(name)")
    }

    static let signerCertificateMissing = EduError(
        "cms.signer_certificate_missing",
        vi: "Tệp chữ ký không chứa chứng thư số của người ký",
        en: "The signature does not include the signer's certificate")
}
