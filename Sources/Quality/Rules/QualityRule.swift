import EduCore
import Foundation

/// One data-quality rule, as data (Resources/quality-rules.json, or a department's own file): which check, on which
/// field, how serious, and what to tell the school in both languages. The checks themselves are the fixed vocabulary
/// below; a new rule is a new entry, not new code.
public struct QualityRule: Sendable, Hashable, Codable {
    public enum Family: String, Sendable, Hashable, Codable, CaseIterable {
        case validity, completeness, uniqueness, consistency, timeliness

        public var label: Bilingual {
            switch self {
            case .validity: Bilingual(vi: "Đúng", en: "Valid")
            case .completeness: Bilingual(vi: "Đủ", en: "Complete")
            case .uniqueness: Bilingual(vi: "Sạch (không trùng)", en: "Unique")
            case .consistency: Bilingual(vi: "Thống nhất", en: "Consistent")
            case .timeliness: Bilingual(vi: "Sống (cập nhật)", en: "Timely")
            }
        }
    }

    public enum Severity: String, Sendable, Hashable, Codable { case error, warning }

    /// What a rule checks: students or staff (the registry's people; the file's `entity`, students when absent).
    public enum Entity: String, Sendable, Hashable, Codable, CaseIterable { case student, staff }

    public enum Check: Sendable, Hashable, Codable {
        case required(field: String)
        case personName
        case ageBetween(minimum: Int, maximum: Int)
        case phone(field: String)
        case nationalIDMatches
        case unique(fields: [String])
        case updatedWithinDays(Int)

        private enum CodingKeys: String, CodingKey { case kind, field, minimum, maximum, fields, days }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .kind) {
            case "required": self = .required(field: try container.decode(String.self, forKey: .field))
            case "person_name": self = .personName
            case "age_between": self = .ageBetween(minimum: try container.decode(Int.self, forKey: .minimum), maximum: try container.decode(Int.self, forKey: .maximum))
            case "phone": self = .phone(field: try container.decode(String.self, forKey: .field))
            case "national_id_matches": self = .nationalIDMatches
            case "unique": self = .unique(fields: try container.decode([String].self, forKey: .fields))
            case "updated_within_days": self = .updatedWithinDays(try container.decode(Int.self, forKey: .days))
            case let kind:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown check kind \(kind)")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .required(let field): try container.encode("required", forKey: .kind); try container.encode(field, forKey: .field)
            case .personName: try container.encode("person_name", forKey: .kind)
            case .ageBetween(let minimum, let maximum):
                try container.encode("age_between", forKey: .kind); try container.encode(minimum, forKey: .minimum); try container.encode(maximum, forKey: .maximum)
            case .phone(let field): try container.encode("phone", forKey: .kind); try container.encode(field, forKey: .field)
            case .nationalIDMatches: try container.encode("national_id_matches", forKey: .kind)
            case .unique(let fields): try container.encode("unique", forKey: .kind); try container.encode(fields, forKey: .fields)
            case .updatedWithinDays(let days): try container.encode("updated_within_days", forKey: .kind); try container.encode(days, forKey: .days)
            }
        }
    }

    public let id: String
    public let entity: Entity
    public let family: Family
    public let severity: Severity
    public let check: Check
    public let message: Bilingual

    private enum CodingKeys: String, CodingKey { case id, entity, family, severity, check, message }

    /// A rule without `entity` is about students (the files written before staff had rules).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        entity = try container.decodeIfPresent(Entity.self, forKey: .entity) ?? .student
        family = try container.decode(Family.self, forKey: .family)
        severity = try container.decode(Severity.self, forKey: .severity)
        check = try container.decode(Check.self, forKey: .check)
        message = try container.decode(Bilingual.self, forKey: .message)
    }

    /// The rules shipped with the platform (students and staff).
    public static func standard() throws -> [QualityRule] {
        guard let url = Bundle.module.url(forResource: "quality-rules", withExtension: "json", subdirectory: "Resources") else {
            throw EduError("quality.rules", vi: "Thiếu tệp quy tắc chất lượng dữ liệu", en: "The data-quality rules file is missing")
        }
        return try JSONDecoder().decode([QualityRule].self, from: Data(contentsOf: url))
    }
}
