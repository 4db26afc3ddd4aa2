/// A ruled table with one row per entry of a list field of the document.
public struct DataTable: Sendable, Hashable, Codable {
    /// The document field that holds the rows (`TemplateValue.rows`).
    public let source: String
    public let columns: [TableColumn]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source, columns
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        source = try container.decode(String.self, forKey: .source)
        columns = try container.decode([TableColumn].self, forKey: .columns)
        guard !columns.isEmpty else {
            throw decoder.invalidValue(vi: "bảng cần ít nhất một cột", en: "a table needs at least one column")
        }
    }
}

public struct TableColumn: Sendable, Hashable, Codable {
    public let header: TemplateText
    /// The key of this column's text in each row.
    public let field: String
    /// The column's share of the width, relative to the others' (1 by default).
    public let weight: Double?
    public let align: TextAlignment?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case header, field, weight, align
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        header = try container.decode(TemplateText.self, forKey: .header)
        field = try container.decode(String.self, forKey: .field)
        weight = try container.decodeIfPresent(Double.self, forKey: .weight)
        align = try container.decodeIfPresent(TextAlignment.self, forKey: .align)
        if let weight, !(weight > 0) {
            throw decoder.invalidValue(vi: "weight phải lớn hơn 0", en: "weight must be greater than 0")
        }
    }
}
