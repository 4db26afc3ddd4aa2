import EduCore
import Foundation

/// Text of a template with `{{field}}` placeholders, e.g. `"Họ và tên: {{ho_ten}}"`.
///
/// It is parsed when the template is read, so a broken placeholder is the template's error, found
/// before any document is rendered. A field name is ASCII letters, digits, `_`, `.` or `-`;
/// spaces inside the braces are ignored (`{{ ho_ten }}`). Text is kept in NFC.
public struct TemplateText: Sendable, Hashable, Codable {
    enum Piece: Sendable, Hashable {
        case literal(String)
        case field(String)
    }

    /// The text as the template wrote it (NFC), which is also what encoding writes back.
    public let source: String
    let pieces: [Piece]

    public init(from decoder: any Decoder) throws {
        source = try decoder.singleValueContainer().decode(String.self).nfc
        switch Self.parse(source) {
        case .success(let pieces):
            self.pieces = pieces
        case .failure(let reason):
            throw EduError("template.placeholder",
                           vi: "Chỗ điền dữ liệu sai tại \(decoder.codingPath.templatePath): \(reason.vi)",
                           en: "A placeholder is malformed at \(decoder.codingPath.templatePath): \(reason.en)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(source)
    }

    private static func parse(_ source: String) -> Result<[Piece], Bilingual> {
        var pieces: [Piece] = []
        var rest = Substring(source)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return .failure(Bilingual(vi: "thiếu “}}” sau “{{” trong “\(source)”", en: "“{{” without “}}” in “\(source)”"))
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard isFieldName(name) else {
                return .failure(Bilingual(vi: "tên trường “\(name)” không hợp lệ (chỉ dùng chữ cái ASCII, chữ số, _ . -)",
                                          en: "“\(name)” is not a field name (ASCII letters, digits, _ . - only)"))
            }
            pieces.append(.field(name))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.literal(String(rest))) }
        return .success(pieces)
    }

    private static func isFieldName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "_", ".", "-": true
            default: false
            }
        }
    }
}
