/// Signature slots side by side, each in an equal share of the width, kept together on one page.
public struct SignatureRow: Sendable, Hashable, Codable {
    public let slots: [SignatureSlotSpec]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case slots
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownBlockKeys(besides: CodingKeys.self)
        slots = try decoder.container(keyedBy: CodingKeys.self).decode([SignatureSlotSpec].self, forKey: .slots)
        guard !slots.isEmpty else {
            throw decoder.invalidValue(vi: "cần ít nhất một ô ký", en: "at least one slot is needed")
        }
    }
}

/// A blank rectangle kept for one signer's visible signature (or a seal), with its caption:
/// the label above (“HIỆU TRƯỞNG”), an optional note under it (“(Ký, ghi rõ họ tên)”), the
/// rectangle, and the signer's name below.
public struct SignatureSlotSpec: Sendable, Hashable, Codable {
    /// How the signer finds its slot: `teacher`, `principal`, `seal`… Unique within a template.
    public let role: String
    public let label: TemplateText?
    public let note: TemplateText?
    public let name: TemplateText?
    /// Millimetres.
    public let width: Double
    /// Millimetres.
    public let height: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case role, label, note, name, width, height
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(String.self, forKey: .role)
        label = try container.decodeIfPresent(TemplateText.self, forKey: .label)
        note = try container.decodeIfPresent(TemplateText.self, forKey: .note)
        name = try container.decodeIfPresent(TemplateText.self, forKey: .name)
        width = try container.decode(Double.self, forKey: .width)
        height = try container.decode(Double.self, forKey: .height)
        guard !role.isEmpty else {
            throw decoder.invalidValue(vi: "role trống", en: "role is empty")
        }
        guard width > 0, height > 0 else {
            throw decoder.invalidValue(vi: "width và height phải lớn hơn 0", en: "width and height must be greater than 0")
        }
    }
}
