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

/// The state a school, student or staff record is in. Files and forms may give the code (`on_leave`) or either
/// label (`Tạm nghỉ`, `On leave`), or an alias, in any case and with or without diacritics; the code is stored.
public protocol RecordStatus: RawRepresentable<String>, CaseIterable, Hashable, Sendable, Codable {
    /// What a new record is, and what an empty cell means.
    static var initial: Self { get }
    var label: Bilingual { get }
    /// Other ways people write it.
    var aliases: [String] { get }
}

extension RecordStatus {
    public var aliases: [String] { [] }

    public init?(parsing text: String) {
        // Exports and most files give the code itself: no folding needed.
        if let status = Self(rawValue: text) {
            self = status
            return
        }
        let key = Self.matchKey(text)
        guard let match = Self.allCases.first(where: { status in
            ([status.rawValue, status.label.vi, status.label.en] + status.aliases).contains { Self.matchKey($0) == key }
        }) else { return nil }
        self = match
    }

    /// The Vietnamese labels and the codes, for a refusal and for the import guide.
    public static var choices: Bilingual {
        Bilingual(vi: allCases.map { "\($0.label.vi) (\($0.rawValue))" }.joined(separator: ", "),
                  en: allCases.map { "\($0.label.en) (\($0.rawValue))" }.joined(separator: ", "))
    }

    private static func matchKey(_ text: String) -> String {
        PersonName.foldedKey(text.replacingOccurrences(of: "_", with: " "))
    }
}

public enum SchoolStatus: String, RecordStatus {
    case active, closed, merged

    public static let initial = SchoolStatus.active

    public var label: Bilingual {
        switch self {
        case .active: Bilingual(vi: "Đang hoạt động", en: "Active")
        case .closed: Bilingual(vi: "Đã giải thể", en: "Closed")
        case .merged: Bilingual(vi: "Đã sáp nhập", en: "Merged")
        }
    }

    public var aliases: [String] {
        switch self {
        case .active: ["Hoạt động"]
        case .closed: ["Giải thể", "Ngừng hoạt động"]
        case .merged: ["Sáp nhập"]
        }
    }
}

/// Where a student stands: only `studying` students count on the home page and in the quality rules; class lists,
/// gradebooks and học bạ still hold a student who left during the year (docs/import-export.md).
public enum StudentStatus: String, RecordStatus {
    case studying
    case onLeave = "on_leave"
    case transferred, left, completed

    public static let initial = StudentStatus.studying

    public var label: Bilingual {
        switch self {
        case .studying: Bilingual(vi: "Đang học", en: "Studying")
        case .onLeave: Bilingual(vi: "Tạm nghỉ học", en: "On leave")
        case .transferred: Bilingual(vi: "Đã chuyển trường", en: "Transferred out")
        case .left: Bilingual(vi: "Thôi học", en: "Left school")
        case .completed: Bilingual(vi: "Hoàn thành chương trình", en: "Completed")
        }
    }

    public var aliases: [String] {
        switch self {
        case .studying: []
        case .onLeave: ["Tạm nghỉ", "Bảo lưu"]
        case .transferred: ["Chuyển trường", "Chuyển đi"]
        case .left: ["Bỏ học", "Nghỉ học"]
        case .completed: ["Hoàn thành", "Tốt nghiệp", "Đã tốt nghiệp", "Graduated"]
        }
    }
}

/// Where a staff member stands: only `active` staff count on the home page and in the quality rules, sign or are named
/// as principal on a học bạ, and can be given a new account.
public enum StaffStatus: String, RecordStatus {
    case active
    case onLeave = "on_leave"
    case transferred, retired, left

    public static let initial = StaffStatus.active

    public var label: Bilingual {
        switch self {
        case .active: Bilingual(vi: "Đang công tác", en: "Active")
        case .onLeave: Bilingual(vi: "Tạm nghỉ", en: "On leave")
        case .transferred: Bilingual(vi: "Đã chuyển công tác", en: "Transferred out")
        case .retired: Bilingual(vi: "Nghỉ hưu", en: "Retired")
        case .left: Bilingual(vi: "Thôi việc", en: "Left")
        }
    }

    public var aliases: [String] {
        switch self {
        case .active: []
        case .onLeave: ["Nghỉ phép"]
        case .transferred: ["Chuyển công tác"]
        case .retired: ["Đã nghỉ hưu"]
        case .left: ["Nghỉ việc", "Đã nghỉ việc"]
        }
    }
}
