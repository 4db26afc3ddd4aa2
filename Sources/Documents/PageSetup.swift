import EduCore

/// Paper, orientation and margins.
public struct PageSetup: Sendable, Hashable, Codable {
    public let size: PaperSize
    public let orientation: Orientation
    public let margins: Margins

    /// The least room left for content, each way.
    static let minimumContent = 50.0

    enum CodingKeys: String, CodingKey, CaseIterable {
        case size, orientation, margins
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        size = try container.decode(PaperSize.self, forKey: .size)
        orientation = try container.decode(Orientation.self, forKey: .orientation)
        margins = try container.decode(Margins.self, forKey: .margins)
        guard contentWidth >= Self.minimumContent, contentHeight >= Self.minimumContent else {
            throw decoder.invalidValue(vi: "lề quá rộng: phần nội dung phải rộng và cao ít nhất \(Self.minimumContent) mm",
                                       en: "the margins are too wide: the content needs at least \(Self.minimumContent) mm each way")
        }
    }

    /// Page width in millimetres.
    public var width: Double { orientation == .portrait ? size.shortSide : size.longSide }
    /// Page height in millimetres.
    public var height: Double { orientation == .portrait ? size.longSide : size.shortSide }
    var contentWidth: Double { width - margins.left - margins.right }
    var contentHeight: Double { height - margins.top - margins.bottom }
}

/// Paper sizes. Only A4 for now: Vietnamese administrative documents are printed on A4.
public enum PaperSize: String, Sendable, Hashable, Codable, CaseIterable {
    case a4 = "A4"

    var shortSide: Double { 210 }
    var longSide: Double { 297 }

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let size = PaperSize(rawValue: name) else {
            let known = Self.allCases.map(\.rawValue).joined(separator: ", ")
            throw EduError("template.page_size",
                           vi: "Khổ giấy “\(name)” tại \(decoder.codingPath.templatePath) không được hỗ trợ; dùng: \(known)",
                           en: "The paper size “\(name)” at \(decoder.codingPath.templatePath) is not supported; use: \(known)")
        }
        self = size
    }
}

public enum Orientation: String, Sendable, Hashable, Codable, CaseIterable {
    case portrait, landscape

    public init(from decoder: any Decoder) throws {
        let name = try decoder.singleValueContainer().decode(String.self)
        guard let orientation = Orientation(rawValue: name) else {
            throw EduError("template.page_size",
                           vi: "Hướng giấy “\(name)” tại \(decoder.codingPath.templatePath) không có; dùng: portrait (dọc), landscape (ngang)",
                           en: "The orientation “\(name)” at \(decoder.codingPath.templatePath) does not exist; use: portrait, landscape")
        }
        self = orientation
    }
}

/// Margins in millimetres.
public struct Margins: Sendable, Hashable, Codable {
    public let top: Double
    public let bottom: Double
    public let left: Double
    public let right: Double

    enum CodingKeys: String, CodingKey, CaseIterable {
        case top, bottom, left, right
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(besides: CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        top = try container.decode(Double.self, forKey: .top)
        bottom = try container.decode(Double.self, forKey: .bottom)
        left = try container.decode(Double.self, forKey: .left)
        right = try container.decode(Double.self, forKey: .right)
        guard [top, bottom, left, right].allSatisfy({ $0 >= 0 }) else {
            throw decoder.invalidValue(vi: "lề không được âm", en: "margins cannot be negative")
        }
    }
}
