import EduCore
import Foundation
import SwiftASN1
import X509

/// The outcome of checking a time-stamp that could be read.
public struct TimestampVerification: Sendable {
    public enum Status: Sendable, Hashable {
        /// Intact, for the data given, and the authority's chain reaches a trusted root and meets the policy.
        case trusted
        /// The signature value does not verify, the TSTInfo is not the one signed, or the signed
        /// attributes name another certificate than the authority's.
        case invalidSignature
        /// Intact, but for other data.
        case imprintMismatch
        /// Intact and for the data, but not the answer to the request given: the nonce or the policy differ
        /// (a replayed or substituted reply).
        case requestMismatch
        /// No chain from the authority's certificate to any trusted root.
        case untrustedRoot
        /// A certificate in the chain had expired at the time checked.
        case expired
        /// A certificate in the chain was not yet valid at the time checked.
        case notYetValid
        /// A chain to a trusted root exists but breaks a rule, e.g. the certificate is not for time-stamping; the reasons are for logs.
        case rejectedChain(reasons: [String])

        /// A chain check answers in CMS terms; the two integrity outcomes never come from it but keep their sense.
        init(chain status: CMSVerification.Status) {
            self = switch status {
            case .trusted: .trusted
            case .invalidSignature: .invalidSignature
            case .contentMismatch: .imprintMismatch
            case .untrustedRoot: .untrustedRoot
            case .expired: .expired
            case .notYetValid: .notYetValid
            case .rejectedChain(let reasons): .rejectedChain(reasons: reasons)
            // TimestampVerifier asks no revocation checker yet; should one be given, a revoked authority must still not pass.
            case .revoked: .rejectedChain(reasons: [status.message.en])
            }
        }

        /// A stable name for programs (the API, logs).
        public var code: String {
            switch self {
            case .trusted: "trusted"
            case .invalidSignature: "invalid_signature"
            case .imprintMismatch: "imprint_mismatch"
            case .requestMismatch: "request_mismatch"
            case .untrustedRoot: "untrusted_root"
            case .expired: "expired"
            case .notYetValid: "not_yet_valid"
            case .rejectedChain: "rejected_chain"
            }
        }

        public var message: Bilingual {
            switch self {
            case .trusted:
                Bilingual(vi: "Dấu thời gian hợp lệ, đơn vị cấp dấu thời gian được tin cậy",
                          en: "The time-stamp is valid and its authority is trusted")
            case .invalidSignature:
                Bilingual(vi: "Dấu thời gian không hợp lệ (chữ ký sai hoặc nội dung đã bị sửa)",
                          en: "The time-stamp is invalid (bad signature or altered content)")
            case .imprintMismatch:
                Bilingual(vi: "Dấu thời gian được cấp cho dữ liệu khác", en: "The time-stamp was issued for other data")
            case .requestMismatch:
                Bilingual(vi: "Dấu thời gian không phải là phản hồi cho yêu cầu này (nonce hoặc chính sách khác)",
                          en: "The time-stamp does not answer this request (the nonce or the policy differ)")
            case .untrustedRoot:
                Bilingual(vi: "Chứng thư số của đơn vị cấp dấu thời gian không do tổ chức chứng thực được tin cậy cấp",
                          en: "The time-stamp authority's certificate was not issued under a trusted root")
            case .expired:
                Bilingual(vi: "Chứng thư số đã hết hạn tại thời điểm kiểm tra", en: "A certificate had expired at the time checked")
            case .notYetValid:
                Bilingual(vi: "Chứng thư số chưa có hiệu lực tại thời điểm kiểm tra", en: "A certificate was not yet valid at the time checked")
            case .rejectedChain:
                Bilingual(vi: "Chuỗi chứng thư số của đơn vị cấp dấu thời gian không đạt yêu cầu",
                          en: "The time-stamp authority's certificate chain does not meet the requirements")
            }
        }
    }

    public let status: Status
    /// When the authority says the data existed (TSTInfo genTime), to the precision the authority wrote.
    public let genTime: Date
    /// How far genTime may be from the true time, either way, when the authority says.
    public let accuracy: TimeInterval?
    public let policy: ASN1ObjectIdentifier
    public let serialNumber: Certificate.SerialNumber
    /// The authority's certificate, the one that signed.
    public let authority: Certificate
    /// From the authority to the trusted root when the status is `.trusted`; empty otherwise.
    public let chain: [Certificate]
    /// The TimeStampToken's DER, as a CAdES-B-T or PAdES-B-T signature embeds it.
    public let token: [UInt8]

    public var isTrusted: Bool { status == .trusted }
}
