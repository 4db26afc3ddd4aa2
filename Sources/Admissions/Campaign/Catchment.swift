import EduCore

/// Where a child lives, as the catchment rules read it: a commune, ward or special zone (by its unit code) and, within
/// it, a village, neighbourhood or street (thôn, tổ dân phố, đường); empty when only the commune is known.
public struct Residence: Sendable, Hashable {
    public let communeCode: String
    public let locality: String

    public init(communeCode: String, locality: String = "") {
        self.communeCode = communeCode.trimmingCharacters(in: .whitespaces)
        self.locality = locality.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// How localities are matched: case and spacing aside ("Thôn 3", "thôn  3"), diacritics kept, since they tell
    /// places apart (Thôn Đông, Thôn Đồng).
    public var localityKey: String { locality.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    /// The longest locality kept: a village or street name, not an address.
    public static let localityLimit = 120
}

/// A school's catchment (tuyến) in one campaign, one version of it: the areas whose children it takes first. An area
/// with an empty locality is the whole commune. Versions are never edited: a change is a new version, and the
/// allocation uses the latest.
public struct Catchment: Sendable, Hashable {
    public let schoolID: Int
    public let version: Int
    public let areas: [Residence]
    public let createdBy: String
    public let createdAt: String

    /// Whether a child living at `residence` is in this catchment.
    public func contains(_ residence: Residence) -> Bool {
        areas.contains { $0.communeCode == residence.communeCode && ($0.locality.isEmpty || $0.localityKey == residence.localityKey) }
    }
}

/// Whether a stated residence counts for the catchment. A family's statement waits (`pending`) until the population
/// register confirms it or an officer who saw the papers decides; only a `verified` residence puts a child in a
/// catchment.
public enum ResidenceStatus: String, Sendable, Codable {
    case pending, verified, refused
}

/// When a campaign takes applications, by the calendar in Vietnam, both days included; nil is open-ended (the
/// campaign's status still decides).
public struct CampaignSchedule: Sendable, Hashable {
    public let opensOn: CalendarDate?
    public let closesOn: CalendarDate?

    public init(opensOn: CalendarDate?, closesOn: CalendarDate?) {
        self.opensOn = opensOn
        self.closesOn = closesOn
    }

    public func admits(_ day: CalendarDate) -> Bool {
        (opensOn.map { !(day < $0) } ?? true) && (closesOn.map { !($0 < day) } ?? true)
    }
}
