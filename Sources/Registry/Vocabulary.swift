import EduCore

/// Kinds of administrative unit the platform keeps.
public enum UnitKind: String, Sendable, Codable, CaseIterable {
    case department, commune, ward
    case specialZone = "special_zone"

    public var label: Bilingual {
        switch self {
        case .department: Bilingual(vi: "Sở GDĐT", en: "Department of Education")
        case .commune: Bilingual(vi: "Xã", en: "Commune")
        case .ward: Bilingual(vi: "Phường", en: "Ward")
        case .specialZone: Bilingual(vi: "Đặc khu", en: "Special zone")
        }
    }
}

/// School levels (cấp học). A school may have several (liên cấp).
public enum SchoolLevel: String, Sendable, Codable, CaseIterable {
    case preschool, primary
    case lowerSecondary = "lower_secondary"
    case upperSecondary = "upper_secondary"
    case continuing

    public var label: Bilingual {
        switch self {
        case .preschool: Bilingual(vi: "Mầm non", en: "Preschool")
        case .primary: Bilingual(vi: "Tiểu học", en: "Primary")
        case .lowerSecondary: Bilingual(vi: "THCS", en: "Lower secondary")
        case .upperSecondary: Bilingual(vi: "THPT", en: "Upper secondary")
        case .continuing: Bilingual(vi: "GDTX", en: "Continuing education")
        }
    }

    /// Grades taught at this level (preschool age groups are grade 0).
    public var grades: ClosedRange<Int> {
        switch self {
        case .preschool: 0...0
        case .primary: 1...5
        case .lowerSecondary: 6...9
        case .upperSecondary, .continuing: 10...12
        }
    }

    /// Whether a school of this level takes pupils into `entryGrade` in entry admissions: grade 1 primary, grade 6
    /// lower secondary, grade 10 upper secondary (continuing education enrols on its own, outside the allocation).
    public func admits(entryGrade: Int) -> Bool {
        self != .continuing && grades.contains(entryGrade)
    }

    /// Reads `tieu_hoc`, `Tiểu học`, `THCS`, `primary`, … in any case and with or without diacritics.
    public init?(parsing text: String) {
        let key = PersonName.foldedKey(text).replacingOccurrences(of: "_", with: " ")
        switch key {
        case "mam non", "preschool": self = .preschool
        case "tieu hoc", "primary", "th": self = .primary
        case "thcs", "trung hoc co so", "lower secondary": self = .lowerSecondary
        case "thpt", "trung hoc pho thong", "upper secondary": self = .upperSecondary
        case "gdtx", "giao duc thuong xuyen", "continuing": self = .continuing
        default: return nil
        }
    }

    /// `primary;lower_secondary` ↔ a set; `;`, `,` and `+` all separate.
    public static func parseList(_ text: String) -> [SchoolLevel]? {
        let parts = text.split(whereSeparator: { ";,+".contains($0) }).map { String($0) }
        let levels = parts.compactMap(SchoolLevel.init(parsing:))
        guard !levels.isEmpty, levels.count == parts.count else { return nil }
        return SchoolLevel.allCases.filter(levels.contains)
    }

    public static func format(_ levels: [SchoolLevel]) -> String { levels.map(\.rawValue).joined(separator: ";") }
}

public enum Ownership: String, Sendable, Codable, CaseIterable {
    case `public`, `private`

    public init?(parsing text: String) {
        switch PersonName.foldedKey(text) {
        case "public", "cong lap": self = .public
        case "private", "tu thuc", "ngoai cong lap", "dan lap": self = .private
        default: return nil
        }
    }
}
