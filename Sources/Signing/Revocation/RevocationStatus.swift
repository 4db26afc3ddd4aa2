import EduCore
import Foundation

/// What is known about a certificate's revocation.
public enum RevocationStatus: Sendable, Hashable {
    /// A current CRL that the certificate's issuer signed does not list it, or its OCSP responder says good.
    case good
    /// A current CRL that the certificate's issuer signed lists it, or its OCSP responder says revoked.
    case revoked(date: Date, reason: RevocationReason)
    /// No current, authentic answer could be had; `reason` says why (nothing published, nothing fetched, a CRL
    /// or OCSP answer that is damaged, forged or out of date), for the person reading the result.
    case unknown(reason: Bilingual)

    /// Unknown after every place asked failed, saying what went wrong at each.
    static func unknown(after failures: [(url: String, error: EduError)]) -> RevocationStatus {
        .unknown(reasons: failures.map { Bilingual(vi: "\($0.error.message.vi) (\($0.url))", en: "\($0.error.message.en) (\($0.url))") })
    }

    static func unknown(reasons: [Bilingual]) -> RevocationStatus {
        .unknown(reason: Bilingual(vi: reasons.map(\.vi).joined(separator: "; "), en: reasons.map(\.en).joined(separator: "; ")))
    }

    /// A stable name for programs (the API, logs).
    public var code: String {
        switch self {
        case .good: "good"
        case .revoked: "revoked"
        case .unknown: "unknown"
        }
    }

    public var message: Bilingual {
        switch self {
        case .good:
            Bilingual(vi: "Chứng thư số chưa bị thu hồi", en: "The certificate has not been revoked")
        case .revoked(let date, let reason):
            Bilingual(vi: "Chứng thư số đã bị thu hồi lúc \(date.formatted(.iso8601)) (lý do: \(reason.message.vi))",
                      en: "The certificate was revoked at \(date.formatted(.iso8601)) (reason: \(reason.message.en))")
        case .unknown(let reason):
            Bilingual(vi: "Không kiểm tra được tình trạng thu hồi: \(reason.vi)",
                      en: "The revocation status could not be checked: \(reason.en)")
        }
    }
}
