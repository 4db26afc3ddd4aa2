// The blocks that print text: headings, paragraphs and label–value lines.

/// Centred bold text.
public struct Heading: Sendable, Hashable, Codable {
    public let text: TemplateText
    /// Points; by default 2 pt above the document's font.
    public let size: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, size
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(TemplateText.self, forKey: .text)
        size = try container.decodeIfPresent(Double.self, forKey: .size)
        try decoder.checkFontSize(size)
    }
}

/// Text wrapped to the width of the page; `\n` starts a new line.
public struct Paragraph: Sendable, Hashable, Codable {
    public let text: TemplateText
    public let align: TextAlignment?
    public let bold: Bool?
    public let italic: Bool?
    public let size: Double?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, align, bold, italic, size
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(TemplateText.self, forKey: .text)
        align = try container.decodeIfPresent(TextAlignment.self, forKey: .align)
        bold = try container.decodeIfPresent(Bool.self, forKey: .bold)
        italic = try container.decodeIfPresent(Bool.self, forKey: .italic)
        size = try container.decodeIfPresent(Double.self, forKey: .size)
        try decoder.checkFontSize(size)
    }
}

/// Label–value lines: the label on the left, the value in bold beside it.
public struct FieldList: Sendable, Hashable, Codable {
    public let rows: [LabeledField]
    /// The label column's share of the content width.
    public let labelWidth: Double?

    static let labelWidths = 0.1...0.9

    enum CodingKeys: String, CodingKey, CaseIterable {
        case rows, labelWidth = "label_width"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        rows = try container.decode([LabeledField].self, forKey: .rows)
        labelWidth = try container.decodeIfPresent(Double.self, forKey: .labelWidth)
        if let labelWidth, !Self.labelWidths.contains(labelWidth) {
            throw decoder.invalidValue(vi: "label_width phải từ 0,1 đến 0,9", en: "label_width must be between 0.1 and 0.9")
        }
    }
}

public struct LabeledField: Sendable, Hashable, Codable {
    public let label: TemplateText
    public let value: TemplateText

    enum CodingKeys: String, CodingKey, CaseIterable {
        case label, value
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(TemplateText.self, forKey: .label)
        value = try container.decode(TemplateText.self, forKey: .value)
    }
}
