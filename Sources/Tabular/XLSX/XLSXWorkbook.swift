import Foundation

/// What reading the first worksheet needs from the workbook-level parts:
/// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels` → the sheet, shared strings and styles.
struct XLSXWorkbook {
    let sheetPart: String
    let usesDate1904: Bool
    /// Shared strings as stored (rich-text runs joined, phonetic hints left out); held in memory.
    let sharedStrings: [String]
    /// By cell style index (`s`): whether the style shows a number as a date.
    let dateStyles: [Bool]

    init(_ package: XLSXPackage) throws {
        guard let workbook = try package.extract("xl/workbook.xml") else { throw package.notAWorkbook() }
        var sheetID: String?
        var date1904 = false
        let events = XMLEvents()
        events.didStart = { name, attributes in
            switch name {
            case "workbookPr":
                date1904 = ["1", "true"].contains(attributes["date1904"])
            case "sheet" where sheetID == nil:
                // The relationship id's prefix is usually "r:", but any prefix bound to the namespace is valid.
                sheetID = attributes.first { $0.key.hasSuffix(":id") }?.value
            default: break
            }
        }
        try events.parse(workbook) { TableError.xlsxMalformed(package.path, part: "xl/workbook.xml") }

        let relationships = try Self.relationships(package)
        guard let sheetID, let sheetPart = relationships[sheetID]?.part else {
            throw TableError.xlsxMalformed(package.path, part: "xl/workbook.xml")
        }
        func part(ofType type: String) -> String? {
            relationships.values.first { $0.type.hasSuffix("/\(type)") }?.part
        }
        self.sheetPart = sheetPart
        usesDate1904 = date1904
        sharedStrings = try part(ofType: "sharedStrings").map { try Self.sharedStrings(package, part: $0) } ?? []
        dateStyles = try part(ofType: "styles").map { try XLSXStyles.dateStyles(package, part: $0) } ?? []
    }

    func isDate(style: Int) -> Bool {
        dateStyles.indices.contains(style) && dateStyles[style]
    }

    /// Relationship id → (type, part path inside the archive).
    private static func relationships(_ package: XLSXPackage) throws -> [String: (type: String, part: String)] {
        var found = [String: (type: String, part: String)]()
        let events = XMLEvents()
        events.didStart = { name, attributes in
            guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
            // Targets are relative to xl/, or absolute from the package root.
            let part = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            found[id] = (attributes["Type"] ?? "", part)
        }
        try package.parse("xl/_rels/workbook.xml.rels", with: events)
        return found
    }

    private static func sharedStrings(_ package: XLSXPackage, part: String) throws -> [String] {
        var strings = [String]()
        var current = ""
        var inPhonetic = false
        let events = XMLEvents()
        events.didStart = { [unowned events] name, _ in
            switch name {
            case "si": current = ""
            case "rPh": inPhonetic = true
            case "t" where !inPhonetic: events.collectText()
            default: break
            }
        }
        events.didEnd = { [unowned events] name in
            switch name {
            case "t" where !inPhonetic: current += events.takeText()
            case "rPh": inPhonetic = false
            case "si": strings.append(CellText.unescape(current))
            default: break
            }
        }
        try package.parse(part, with: events)
        return strings
    }
}
