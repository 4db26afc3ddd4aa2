import EduCore
import Foundation

/// A form as data: the page, the font, and the blocks printed from top to bottom, so that a form can
/// change without a code change.
///
/// JSON keys are snake_case; lengths are millimetres (as forms are specified), font sizes points.
/// Example:
///
///     {"title": "Học bạ – {{ho_ten}}",
///      "page": {"size": "A4", "orientation": "portrait", "margins": {"top": 20, "bottom": 20, "left": 30, "right": 15}},
///      "font": {"family": "Liberation Serif", "size": 13},
///      "page_mark": "BẢN MẪU DEMO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ",
///      "blocks": [{"type": "heading", "text": "HỌC BẠ"}, …]}
///
/// Block types are listed at `TemplateBlock`. Unknown keys, unknown block types, page sizes other than A4,
/// malformed placeholders and impossible geometry are refused with an `EduError` naming the place.
public struct DocumentTemplate: Sendable, Hashable, Codable {
    /// The PDF's title in its document information, e.g. `"Học bạ – {{ho_ten}}"`.
    public let title: TemplateText
    public let page: PageSetup
    public let font: FontSpec
    /// Printed small in the top margin of every page (a DEMO notice, say), so that no page passes for
    /// something else when it is separated from the rest.
    public let pageMark: TemplateText?
    public let blocks: [TemplateBlock]

    /// The smallest top margin that holds the page mark.
    static let pageMarkMargin = 10.0

    /// Reads a template from its JSON.
    public init(json: Data) throws(EduError) {
        do {
            self = try JSONDecoder().decode(DocumentTemplate.self, from: json)
        } catch let error as EduError {
            throw error
        } catch let error as DecodingError {
            throw .template(error)
        } catch {
            throw EduError("template.invalid", vi: "Mẫu văn bản không đọc được", en: "The template cannot be read: \(error)")
        }
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case title, page, font, pageMark = "page_mark", blocks
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(TemplateText.self, forKey: .title)
        page = try container.decode(PageSetup.self, forKey: .page)
        font = try container.decode(FontSpec.self, forKey: .font)
        pageMark = try container.decodeIfPresent(TemplateText.self, forKey: .pageMark)
        blocks = try container.decode([TemplateBlock].self, forKey: .blocks)

        if pageMark != nil, page.margins.top < Self.pageMarkMargin {
            throw decoder.invalidValue(vi: "page_mark cần lề trên ít nhất \(Self.pageMarkMargin) mm",
                                       en: "page_mark needs a top margin of at least \(Self.pageMarkMargin) mm")
        }
        try checkSignatureSlots(decoder)
    }

    /// Slots sit side by side in equal columns, and a signer finds its slot by role.
    private func checkSignatureSlots(_ decoder: any Decoder) throws {
        var roles: Set<String> = []
        for case .signatures(let row) in blocks {
            let columnWidth = page.contentWidth / Double(row.slots.count)
            let columnText = String(format: "%.1f", columnWidth)
            for slot in row.slots {
                guard roles.insert(slot.role).inserted else {
                    throw decoder.invalidValue(vi: "vai trò ký “\(slot.role)” xuất hiện hai lần", en: "the signer role “\(slot.role)” appears twice")
                }
                guard slot.width <= columnWidth else {
                    throw decoder.invalidValue(
                        vi: "ô ký “\(slot.role)” rộng \(slot.width) mm, quá phần \(columnText) mm dành cho mỗi ô",
                        en: "the slot “\(slot.role)” is \(slot.width) mm wide, more than the \(columnText) mm each slot has")
                }
            }
        }
    }
}

/// The font of the whole document. The family must be installed: the renderer refuses to let
/// fontconfig put another in its place.
public struct FontSpec: Sendable, Hashable, Codable {
    public let family: String
    /// Points.
    public let size: Double

    static let sizes = 6.0...72.0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case family, size
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        family = try container.decode(String.self, forKey: .family)
        size = try container.decode(Double.self, forKey: .size)
        try decoder.checkFontSize(size)
        guard !family.isEmpty else {
            throw decoder.invalidValue(vi: "tên phông chữ trống", en: "the font family is empty")
        }
    }
}

extension Decoder {
    func checkFontSize(_ size: Double?) throws {
        guard let size, !FontSpec.sizes.contains(size) else { return }
        throw invalidValue(vi: "cỡ chữ \(size) ngoài khoảng \(FontSpec.sizes.lowerBound)–\(FontSpec.sizes.upperBound) pt",
                           en: "the font size \(size) is outside \(FontSpec.sizes.lowerBound)–\(FontSpec.sizes.upperBound) pt")
    }
}
