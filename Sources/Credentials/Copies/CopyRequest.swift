import EduCore

/// Who may ask for a copy from the register (Nghị định 23/2015): the holder, the holder's legal or authorised
/// representative, or, when the holder has died, a parent, child, spouse, sibling or heir.
public enum CopyRequester: String, Sendable, CaseIterable, Codable {
    case holder, representative, relative

    public var label: Bilingual {
        switch self {
        case .holder: Bilingual(vi: "Người được cấp văn bằng", en: "The holder")
        case .representative: Bilingual(vi: "Người đại diện theo pháp luật hoặc theo uỷ quyền", en: "A legal or authorised representative")
        case .relative: Bilingual(vi: "Cha, mẹ, con, vợ, chồng, anh chị em ruột, người thừa kế (người được cấp đã mất)",
                                  en: "A parent, child, spouse, sibling or heir (the holder has died)")
        }
    }
}

/// Where a request stands; each step is audited and shown to the requester.
public enum CopyStatus: String, Sendable, CaseIterable, Codable {
    case received, issued, refused

    public var label: Bilingual {
        switch self {
        case .received: Bilingual(vi: "Đã tiếp nhận, đang xử lý", en: "Received, in progress")
        case .issued: Bilingual(vi: "Đã cấp bản sao điện tử", en: "Electronic copy issued")
        case .refused: Bilingual(vi: "Từ chối", en: "Refused")
        }
    }
}

/// What a requester submits: the credential as on the diploma (serial, holder's name and date of birth, all three
/// needed, as for the public lookup) and who asks.
public struct CopyRequestDraft: Sendable {
    public let serial: String
    public let holderName: String
    public let holderBirth: CalendarDate
    public let requester: CopyRequester
    public let requesterName: String
    /// The number of the identity document the requester shows (CCCD, passport); kept encrypted.
    public let identityDocument: String
    /// Phone or e-mail for the answer; kept encrypted.
    public let contact: String
    /// For a representative or relative: the authorisation or the family tie, as the requester states it.
    public let note: String

    public init(serial: String, holderName: String, holderBirth: CalendarDate, requester: CopyRequester, requesterName: String,
                identityDocument: String, contact: String, note: String = "") {
        self.serial = serial
        self.holderName = holderName
        self.holderBirth = holderBirth
        self.requester = requester
        self.requesterName = requesterName
        self.identityDocument = identityDocument
        self.contact = contact
        self.note = note
    }
}

/// A request as staff and the requester see it.
public struct CopyRequest: Sendable, Hashable {
    public let id: Int
    /// The requester's key to follow the request (and to download the copy).
    public let code: String
    public let serial: String
    public let holderName: String
    public let requester: CopyRequester
    public let requesterName: String
    public let receivedAt: String
    public let deadline: CalendarDate
    public let status: CopyStatus
    public let refusal: String?
    public let decidedBy: String?
    public let decidedAt: String?
    /// The scanned register page the entry was transcribed from, when one is attached.
    public let pageScan: PageScanReference?

    /// Past its deadline and still waiting, on `today`.
    public func isOverdue(on today: CalendarDate) -> Bool { status == .received && today > deadline }

    private static let keywordPrefix = "eduvn-ban-sao:"

    /// The copy PDF's `/Keywords`: its request code, so an uploaded copy leads back to its register entry.
    public static func keyword(code: String) -> String { keywordPrefix + code }

    /// The request code a copy's `/Keywords` carries; nil for any other PDF.
    public static func code(fromKeyword keyword: String) -> String? {
        keyword.hasPrefix(keywordPrefix) ? String(keyword.dropFirst(keywordPrefix.count)) : nil
    }
}

/// A stored page scan by its id and kind, for a page that links to it.
public struct PageScanReference: Sendable, Hashable {
    public let id: Int
    public let mediaType: PageScan.MediaType
}
