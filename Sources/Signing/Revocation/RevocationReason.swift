import EduCore

/// Why a certificate was revoked: CRLReason (RFC 5280 §5.3.1). removeFromCRL (8) is left out because it belongs
/// to delta CRLs, which are neither written nor read here; 7 is unassigned.
public enum RevocationReason: Int, Sendable, Hashable, CaseIterable {
    case unspecified = 0
    case keyCompromise = 1
    case caCompromise = 2
    case affiliationChanged = 3
    case superseded = 4
    case cessationOfOperation = 5
    /// Suspended: listed until a later CRL drops it, and counted as revoked while listed.
    case certificateHold = 6
    case privilegeWithdrawn = 9
    case aaCompromise = 10

    public var message: Bilingual {
        switch self {
        case .unspecified: Bilingual(vi: "không nêu lý do", en: "unspecified")
        case .keyCompromise: Bilingual(vi: "lộ khoá bí mật", en: "key compromise")
        case .caCompromise: Bilingual(vi: "lộ khoá của tổ chức chứng thực", en: "CA compromise")
        case .affiliationChanged: Bilingual(vi: "thay đổi đơn vị hoặc thông tin", en: "affiliation changed")
        case .superseded: Bilingual(vi: "đã được thay bằng chứng thư số mới", en: "superseded")
        case .cessationOfOperation: Bilingual(vi: "ngừng sử dụng", en: "cessation of operation")
        case .certificateHold: Bilingual(vi: "tạm dừng hiệu lực", en: "certificate hold")
        case .privilegeWithdrawn: Bilingual(vi: "bị rút quyền", en: "privilege withdrawn")
        case .aaCompromise: Bilingual(vi: "lộ khoá của đơn vị cấp thuộc tính", en: "AA compromise")
        }
    }
}
