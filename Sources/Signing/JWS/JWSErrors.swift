import EduCore

/// What the JWS reader refuses, with stable codes. Vietnamese first.
extension EduError {
    static let malformedJWS = EduError(
        "jws.malformed",
        vi: "Chữ ký JWS không đúng định dạng (dạng rút gọn hoặc JSON theo RFC 7515)",
        en: "The JWS is not well-formed (compact or JSON serialisation, RFC 7515)")

    /// `feature` names what was refused, e.g. `alg "none"`; it is cut short because it comes from the input.
    static func unsupportedJWS(_ feature: String) -> EduError {
        let feature = String(feature.prefix(60))
        return EduError("jws.unsupported",
                        vi: "Chữ ký JWS dùng thành phần chưa được hỗ trợ: \(feature)",
                        en: "The JWS uses something that is not supported: \(feature)")
    }

    static let jwsCertificateMissing = EduError(
        "jws.certificate_missing",
        vi: "Tiêu đề được bảo vệ của chữ ký JWS không chứa chứng thư số của người ký (x5c)",
        en: "The JWS protected header does not carry the signer's certificate (x5c)")

    static let jwsSigningTimeMissing = EduError(
        "jws.signing_time_missing",
        vi: "Tiêu đề được bảo vệ của chữ ký JWS không có thời điểm ký (iat)",
        en: "The JWS protected header does not state the signing time (iat)")

    static func jwsAlgorithmMismatch(_ algorithm: SigningAlgorithm) -> EduError {
        EduError("jws.algorithm_mismatch",
                 vi: "Thuật toán \(algorithm.rawValue) của chữ ký JWS không khớp với khoá trong chứng thư số của người ký",
                 en: "The JWS algorithm \(algorithm.rawValue) does not match the key in the signer's certificate")
    }

    static let compactNeedsOneSignature = EduError(
        "jws.signature_count",
        vi: "Dạng rút gọn (compact) và dạng JSON phẳng chỉ chứa được đúng một chữ ký",
        en: "The compact and flattened JSON serialisations hold exactly one signature")
}
