import EduCore
import Foundation
import X509

/// The outcome of checking a signature that could be read.
public struct CMSVerification: Sendable {
    public enum Status: Sendable, Hashable {
        /// Intact, and the signer's chain reaches a trusted root and meets the policy at the time checked.
        case trusted
        /// The signature value does not verify, or the signed attributes name another certificate than the signer's.
        case invalidSignature
        /// The signature is intact but was made over other bytes: the document was changed.
        case contentMismatch
        /// No chain from the signer's certificate to any trusted root.
        case untrustedRoot
        /// A certificate in the chain had expired at the time checked.
        case expired
        /// A certificate in the chain was not yet valid at the time checked.
        case notYetValid
        /// A chain to a trusted root exists but breaks a rule (CA constraints, key usage); the reasons are for logs.
        case rejectedChain(reasons: [String])
        /// The chain is good but one of its certificates has been revoked (only when a revocation checker is given).
        case revoked(date: Date, reason: RevocationReason)

        /// A stable name for programs (the API, logs).
        public var code: String {
            switch self {
            case .trusted: "trusted"
            case .invalidSignature: "invalid_signature"
            case .contentMismatch: "content_mismatch"
            case .untrustedRoot: "untrusted_root"
            case .expired: "expired"
            case .notYetValid: "not_yet_valid"
            case .rejectedChain: "rejected_chain"
            case .revoked: "revoked"
            }
        }

        public var message: Bilingual {
            switch self {
            case .trusted:
                Bilingual(vi: "Chữ ký hợp lệ, chứng thư số được tin cậy", en: "The signature is valid and the certificate is trusted")
            case .invalidSignature:
                Bilingual(vi: "Chữ ký không hợp lệ", en: "The signature is invalid")
            case .contentMismatch:
                Bilingual(vi: "Tài liệu đã bị thay đổi sau khi ký", en: "The document was changed after it was signed")
            case .untrustedRoot:
                Bilingual(vi: "Chứng thư số không do tổ chức chứng thực được tin cậy cấp",
                          en: "The certificate was not issued under a trusted root")
            case .expired:
                Bilingual(vi: "Chứng thư số đã hết hạn tại thời điểm kiểm tra", en: "A certificate had expired at the time checked")
            case .notYetValid:
                Bilingual(vi: "Chứng thư số chưa có hiệu lực tại thời điểm kiểm tra", en: "A certificate was not yet valid at the time checked")
            case .rejectedChain:
                Bilingual(vi: "Chuỗi chứng thư số không đạt yêu cầu", en: "The certificate chain does not meet the requirements")
            case .revoked(let date, let reason):
                RevocationStatus.revoked(date: date, reason: reason).message
            }
        }
    }

    public let status: Status
    public let signer: Certificate
    /// When the signer says it signed; see ``CMSVerifier/CheckTime/signingTime``.
    public let signingTime: Date
    /// From the signer to the trusted root when the chain validated (`.trusted`, `.revoked`); empty otherwise.
    public let chain: [Certificate]
    /// What the revocation checker found about the chain; nil when none was given or the chain did not validate.
    /// `.unknown` leaves the status `.trusted`: show it beside the result.
    public var revocation: RevocationStatus? = nil
    /// The signature-time-stamp of a CAdES-B-T signature; nil for B-B.
    public var timestamp: TimestampVerification? = nil

    /// Intact and trusted, and so is its time-stamp when it has one.
    public var isTrusted: Bool { status == .trusted && (timestamp?.isTrusted ?? true) }
}
