import EduCore

/// One block of a form, printed below the one before. In JSON an object whose `type` is one of:
///
/// | type | keys | prints |
/// |---|---|---|
/// | `heading` | `text`, `size`? | centred bold text, by default 2 pt larger than the document font |
/// | `paragraph` | `text`, `align`?, `bold`?, `italic`?, `size`? | wrapped text; a long paragraph continues on the next page |
/// | `fields` | `rows` [{`label`, `value`}], `label_width`? | label–value lines (“Họ và tên: …”), the label column a fraction of the width (0.35) |
/// | `table` | `source`, `columns` [{`header`, `field`, `weight`?, `align`?}] | a ruled table, one row per entry of the list field `source`; header repeated on every page |
/// | `spacer` | `height` | empty space, millimetres |
/// | `signatures` | `slots` [{`role`, `label`?, `note`?, `name`?, `width`, `height`}] | side-by-side blank rectangles kept for signatures, reported by `PDFRenderer` |
/// | `qr` | `text`, `size`, `align`?, `caption`? | a QR code of the text (a verification link), `size` millimetres square, with its caption below |
public enum TemplateBlock: Sendable, Hashable, Codable {
    case heading(Heading)
    case paragraph(Paragraph)
    case fields(FieldList)
    case table(DataTable)
    case spacer(Spacer)
    case signatures(SignatureRow)
    case qr(QRCodeBlock)

    private enum Kind: String, CaseIterable {
        case heading, paragraph, fields, table, spacer, signatures, qr
    }

    static let typeKey = AnyTemplateKey(stringValue: "type")

    public init(from decoder: any Decoder) throws {
        let name = try decoder.container(keyedBy: AnyTemplateKey.self).decode(String.self, forKey: Self.typeKey)
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw EduError("template.unknown_block",
                           vi: "Loại khối “\(name)” tại \(decoder.codingPath.templatePath) không có; các loại có: \(known)",
                           en: "There is no block type “\(name)” (at \(decoder.codingPath.templatePath)); the types are: \(known)")
        }
        switch kind {
        case .heading: self = .heading(try Heading(from: decoder))
        case .paragraph: self = .paragraph(try Paragraph(from: decoder))
        case .fields: self = .fields(try FieldList(from: decoder))
        case .table: self = .table(try DataTable(from: decoder))
        case .spacer: self = .spacer(try Spacer(from: decoder))
        case .signatures: self = .signatures(try SignatureRow(from: decoder))
        case .qr: self = .qr(try QRCodeBlock(from: decoder))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let payload: any Encodable
        let kind: Kind
        switch self {
        case .heading(let block): (kind, payload) = (.heading, block)
        case .paragraph(let block): (kind, payload) = (.paragraph, block)
        case .fields(let block): (kind, payload) = (.fields, block)
        case .table(let block): (kind, payload) = (.table, block)
        case .spacer(let block): (kind, payload) = (.spacer, block)
        case .signatures(let block): (kind, payload) = (.signatures, block)
        case .qr(let block): (kind, payload) = (.qr, block)
        }
        var container = encoder.container(keyedBy: AnyTemplateKey.self)
        try container.encode(kind.rawValue, forKey: Self.typeKey)
        try payload.encode(to: encoder)
    }
}

extension Decoder {
    /// A block's keys: its own and `type`.
    func rejectUnknownBlockKeys<Keys: CodingKey & CaseIterable>(besides known: Keys.Type) throws {
        try rejectUnknownKeys(besides: known, alsoAllowed: [TemplateBlock.typeKey.stringValue])
    }
}

public enum TextAlignment: String, Sendable, Hashable, Codable {
    case left, center, right, justify
}

/// Empty space.
public struct Spacer: Sendable, Hashable, Codable {
    /// Millimetres.
    public let height: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case height
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        height = try decoder.container(keyedBy: CodingKeys.self).decode(Double.self, forKey: .height)
        guard height >= 0 else {
            throw decoder.invalidValue(vi: "height không được âm", en: "height cannot be negative")
        }
    }
}

/// A QR code of a text, such as the link to the document's verification page.
public struct QRCodeBlock: Sendable, Hashable, Codable {
    public let text: TemplateText
    /// Millimetres, the side of the square with its quiet zone.
    public let size: Double
    public let align: TextAlignment?
    public let caption: TemplateText?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, size, align, caption
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(TemplateText.self, forKey: .text)
        size = try container.decode(Double.self, forKey: .size)
        align = try container.decodeIfPresent(TextAlignment.self, forKey: .align)
        caption = try container.decodeIfPresent(TemplateText.self, forKey: .caption)
        // A phone reads a printed code of 15 mm and more; a code wider than a page is a mistake.
        guard (15...150).contains(size) else {
            throw decoder.invalidValue(vi: "size của mã QR từ 15 đến 150 mm", en: "a QR code's size is 15 to 150 mm")
        }
    }
}
