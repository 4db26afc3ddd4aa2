/// One value of a document: text for a `{{field}}`, or the rows of a data table (each row maps a
/// column's `field` to its text). In JSON a string or an array of objects of strings.
public enum TemplateValue: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    case text(String)
    case rows([[String: String]])

    public init(stringLiteral value: String) {
        self = .text(value)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .text(text)
        } else {
            self = .rows(try container.decode([[String: String]].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let text): try container.encode(text)
        case .rows(let rows): try container.encode(rows)
        }
    }
}
