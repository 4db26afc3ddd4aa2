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

    /// What a rule checks: students, staff, classes (the current school year's) or schools; the file's `entity`,
    /// students when absent.
    public enum Entity: String, Sendable, Hashable, Codable, CaseIterable {
        case student, staff
        case schoolClass = "class"
        case school
    }

    /// Which records a rule is about: those whose `field` is one of `in` (a class size limit for the primary grades
    /// only, say). A rule without it is about every record of its entity.
    public struct Condition: Sendable, Hashable, Codable {
        public let field: String
        public let `in`: [String]

        public func holds(for record: QualityRecord) -> Bool { self.in.contains(record.fields[field] ?? "") }
    }

    public enum Check: Sendable, Hashable, Codable {
        case required(field: String)
        case personName
        case ageBetween(minimum: Int, maximum: Int)
        case phone(field: String)
        case nationalIDMatches
        case unique(fields: [String])
        case updatedWithinDays(Int)
        /// A whole number (a class's students, a school's staff) within bounds; either bound may be absent.
        case numberBetween(field: String, minimum: Int?, maximum: Int?)
        /// Two fields agree when both are present (a homeroom teacher's school and the class's).
        case sameAs(field: String, other: String)
        /// A present field holds one of the values.
        case oneOf(field: String, values: [String])
        /// A class's grade is taught at one of its school's levels.
        case gradeFitsLevels

        private enum CodingKeys: String, CodingKey { case kind, field, minimum, maximum, fields, days, other, values }

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
            case "number_between":
                self = .numberBetween(field: try container.decode(String.self, forKey: .field), minimum: try container.decodeIfPresent(Int.self, forKey: .minimum),
                                      maximum: try container.decodeIfPresent(Int.self, forKey: .maximum))
            case "same_as": self = .sameAs(field: try container.decode(String.self, forKey: .field), other: try container.decode(String.self, forKey: .other))
            case "one_of": self = .oneOf(field: try container.decode(String.self, forKey: .field), values: try container.decode([String].self, forKey: .values))
            case "grade_fits_levels": self = .gradeFitsLevels
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
            case .numberBetween(let field, let minimum, let maximum):
                try container.encode("number_between", forKey: .kind); try container.encode(field, forKey: .field)
                try container.encodeIfPresent(minimum, forKey: .minimum); try container.encodeIfPresent(maximum, forKey: .maximum)
            case .sameAs(let field, let other):
                try container.encode("same_as", forKey: .kind); try container.encode(field, forKey: .field); try container.encode(other, forKey: .other)
            case .oneOf(let field, let values):
                try container.encode("one_of", forKey: .kind); try container.encode(field, forKey: .field); try container.encode(values, forKey: .values)
            case .gradeFitsLevels: try container.encode("grade_fits_levels", forKey: .kind)
            }
        }
    }

    public let id: String
    public let entity: Entity
    public let family: Family
    public let severity: Severity
    public let check: Check
    public let message: Bilingual
    public let when: Condition?

    private enum CodingKeys: String, CodingKey { case id, entity, family, severity, check, message, when }

    /// Whether the rule is about `record` (of the rule's entity).
    public func applies(to record: QualityRecord) -> Bool { when?.holds(for: record) ?? true }

    /// A rule without `entity` is about students (the files written before staff had rules).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        entity = try container.decodeIfPresent(Entity.self, forKey: .entity) ?? .student
        family = try container.decode(Family.self, forKey: .family)
        severity = try container.decode(Severity.self, forKey: .severity)
        check = try container.decode(Check.self, forKey: .check)
        message = try container.decode(Bilingual.self, forKey: .message)
        when = try container.decodeIfPresent(Condition.self, forKey: .when)
    }

    /// The rules shipped with the platform (students, staff, classes and schools).
    public static func standard() throws -> [QualityRule] {
        guard let url = Bundle.module.url(forResource: "quality-rules", withExtension: "json", subdirectory: "Resources") else {
            throw EduError("quality.rules", vi: "Thiếu tệp quy tắc chất lượng dữ liệu", en: "The data-quality rules file is missing")
        }
        return try JSONDecoder().decode([QualityRule].self, from: Data(contentsOf: url))
    }
}
