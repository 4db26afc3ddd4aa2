import EduCore

/// What kind of credential a register entry records.
public enum CredentialKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// Bằng tốt nghiệp THPT.
    case upperSecondary = "THPT"
    /// Bằng tốt nghiệp THCS (issued until the 2025 Education Law replaced it with a completion confirmation).
    case lowerSecondary = "THCS"
    /// Chứng chỉ.
    case certificate = "CC"

    /// The last graduation year a THCS diploma was issued for: the amended Education Law (Luật 123/2025/QH15, in force
    /// from 1 January 2026) replaced it with a confirmation of completing the THCS programme (rules.md).
    public static let lastLowerSecondaryYear = 2025

    public var label: Bilingual {
        switch self {
        case .upperSecondary: Bilingual(vi: "Bằng tốt nghiệp THPT", en: "Upper secondary diploma")
        case .lowerSecondary: Bilingual(vi: "Bằng tốt nghiệp THCS", en: "Lower secondary diploma")
        case .certificate: Bilingual(vi: "Chứng chỉ", en: "Certificate")
        }
    }

    /// `THPT`, `THCS`, `CC` or the Vietnamese names, in any case and with or without diacritics.
    public init?(parsing text: String) {
        switch PersonName.foldedKey(text) {
        case "thpt", "bang tot nghiep thpt", "tot nghiep thpt", "tn thpt": self = .upperSecondary
        case "thcs", "bang tot nghiep thcs", "tot nghiep thcs", "tn thcs": self = .lowerSecondary
        case "cc", "chung chi": self = .certificate
        default: return nil
        }
    }
}

/// Where an entry stands: valid, corrected by an appendix entry, or revoked.
public enum EntryStatus: String, Sendable, Hashable, Codable {
    case valid, corrected, revoked

    public var label: Bilingual {
        switch self {
        case .valid: Bilingual(vi: "Còn hiệu lực", en: "Valid")
        case .corrected: Bilingual(vi: "Đã đính chính", en: "Corrected")
        case .revoked: Bilingual(vi: "Đã thu hồi", en: "Revoked")
        }
    }
}

/// The legal grounds for revoking a credential (TT 21/2019 Điều 25).
public enum RevocationGround: String, Sendable, Hashable, Codable, CaseIterable {
    case fraud = "a", ineligible = "b", withoutAuthority = "c", altered = "d", lentToAnother = "dd", issuerError = "e"

    public var label: Bilingual {
        switch self {
        case .fraud: Bilingual(vi: "a) Gian lận trong học tập, thi cử, tuyển sinh hoặc hồ sơ", en: "a) Fraud in study, exams, admission or the dossier")
        case .ineligible: Bilingual(vi: "b) Cấp cho người không đủ điều kiện", en: "b) Issued to an ineligible person")
        case .withoutAuthority: Bilingual(vi: "c) Cấp không đúng thẩm quyền", en: "c) Issued without authority")
        case .altered: Bilingual(vi: "d) Bị tẩy xoá, sửa chữa", en: "d) Erased or altered")
        case .lentToAnother: Bilingual(vi: "đ) Để người khác sử dụng", en: "đ) Let someone else use it")
        case .issuerError: Bilingual(vi: "e) Do lỗi của cơ quan cấp", en: "e) An error of the issuing body")
        }
    }
}

/// One line of the register (sổ gốc), as first written; corrections and revocation are events on it, never edits
/// that lose what was there.
public struct RegisterEntryDraft: Sendable, Hashable {
    public var kind: CredentialKind
    /// Số hiệu: the blank's printed serial.
    public var serial: String
    /// Số vào sổ gốc: the entry's number in the register.
    public var registerNumber: String
    public var fullName: String
    public var dateOfBirth: CalendarDate
    public var gender: Gender?
    public var birthplace: String
    public var nationalID: NationalID?
    /// The school (or exam council) the holder graduated from.
    public var school: String
    public var graduationYear: Int
    public var classification: String
    public var decisionNumber: String
    public var decisionDate: CalendarDate
    /// Dân tộc, as the register writes it (Kinh, Tày, …); empty when not recorded.
    public var ethnicity: String
    /// Who signed the diploma for the issuing body (người ký, e.g. the director of the department); empty when not recorded.
    public var signer: String

    public init(kind: CredentialKind, serial: String, registerNumber: String, fullName: String, dateOfBirth: CalendarDate,
                gender: Gender? = nil, birthplace: String = "", nationalID: NationalID? = nil, school: String, graduationYear: Int,
                classification: String = "", decisionNumber: String, decisionDate: CalendarDate, ethnicity: String = "", signer: String = "") {
        self.ethnicity = ethnicity
        self.signer = signer
        self.kind = kind
        self.serial = serial
        self.registerNumber = registerNumber
        self.fullName = fullName
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.birthplace = birthplace
        self.nationalID = nationalID
        self.school = school
        self.graduationYear = graduationYear
        self.classification = classification
        self.decisionNumber = decisionNumber
        self.decisionDate = decisionDate
    }

    /// Serials compare without case or spaces: “AB 0123456” and “ab0123456” are one blank.
    public static func normalizedSerial(_ text: String) -> String {
        text.uppercased().filter { !$0.isWhitespace }
    }
}

/// What anyone may learn about a credential by its serial, name and date of birth: nothing more (no personal ID, no
/// birthplace, no register number).
public struct PublicCredential: Sendable, Hashable, Codable {
    public let fullName: String
    public let dateOfBirth: String
    public let kind: String
    public let kindLabel: Bilingual
    public let graduationYear: Int
    public let issuedBy: String
    public let status: String
    public let statusLabel: Bilingual
}
