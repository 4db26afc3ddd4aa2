import EduCore

/// A document's values as the renderer asks for them.
///
/// A field that is absent, or of the other kind, is remembered and answered with empty text so that
/// rendering can go on and find every gap; `checkComplete()` then throws one error naming them all,
/// and the half-made PDF is discarded. Nothing is ever printed with a silent blank.
struct FieldLookup {
    private let values: [String: TemplateValue]
    private var missing: [String] = []
    private var wrongKind: [String] = []

    init(_ values: [String: TemplateValue]) {
        self.values = values
    }

    mutating func text(_ template: TemplateText) -> String {
        var text = ""
        for piece in template.pieces {
            switch piece {
            case .literal(let literal):
                text += literal
            case .field(let name):
                switch values[name] {
                case .text(let value): text += value
                case .rows: Self.note(name, in: &wrongKind)
                case nil: Self.note(name, in: &missing)
                }
            }
        }
        return text.nfc
    }

    mutating func rows(_ name: String) -> [[String: String]] {
        switch values[name] {
        case .rows(let rows): return rows
        case .text: Self.note(name, in: &wrongKind)
        case nil: Self.note(name, in: &missing)
        }
        return []
    }

    /// One cell of a data table; `row` counts from 1, as the names in errors do.
    mutating func cell(_ column: String, of row: [String: String], number: Int, in table: String) -> String {
        guard let value = row[column] else {
            Self.note("\(table)[\(number)].\(column)", in: &missing)
            return ""
        }
        return value.nfc
    }

    func checkComplete() throws(EduError) {
        if !missing.isEmpty {
            let names = missing.joined(separator: ", ")
            throw EduError("document.field_missing",
                           vi: "Văn bản thiếu dữ liệu cho trường: \(names)",
                           en: "The document has no value for the field(s): \(names)")
        }
        if !wrongKind.isEmpty {
            let names = wrongKind.joined(separator: ", ")
            throw EduError("document.field_kind",
                           vi: "Dữ liệu sai loại (văn bản thay cho bảng, hoặc ngược lại) ở trường: \(names)",
                           en: "The value is of the wrong kind (text where a table is expected, or the reverse) for the field(s): \(names)")
        }
    }

    private static func note(_ name: String, in list: inout [String]) {
        if !list.contains(name) { list.append(name) }
    }
}
