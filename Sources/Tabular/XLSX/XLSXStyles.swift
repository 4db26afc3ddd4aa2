import Foundation

/// Which cell styles show numbers as dates: Excel stores a date as a day count, and only the
/// style's number format (`xl/styles.xml`) says it is one.
enum XLSXStyles {
    /// Built-in formats that show dates or times (ECMA-376 part 1, §18.8.30); classified like custom codes,
    /// so the time-only ones (18–21, 45–47) stay numbers.
    private static let builtInCodes: [Int: String] = [
        14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
        20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
    ]

    /// By `cellXfs` index, whether that style's number format shows a date.
    static func dateStyles(_ package: XLSXPackage, part: String) throws -> [Bool] {
        var customCodes = [Int: String]()
        var formatIDs = [Int]()
        var inCellXfs = false
        let events = XMLEvents()
        events.didStart = { name, attributes in
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap(Int.init) { customCodes[id] = attributes["formatCode"] }
            case "cellXfs": inCellXfs = true
            case "xf" where inCellXfs: formatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
            default: break
            }
        }
        events.didEnd = { name in
            if name == "cellXfs" { inCellXfs = false }
        }
        try package.parse(part, with: events)
        return formatIDs.map { id in (customCodes[id] ?? builtInCodes[id]).map(showsDate) ?? false }
    }

    /// A format shows a date when it has a day or year token, or a month token without hours or seconds
    /// (in "h:mm", "mm" means minutes). Quoted text, escaped characters, padding and [colour]/[locale] sections
    /// are not tokens; elapsed-time sections such as [h] are.
    static func showsDate(_ code: String) -> Bool {
        var tokens = Set<Character>()
        var characters = code.lowercased().makeIterator()
        while let character = characters.next() {
            switch character {
            case "\"": while let next = characters.next(), next != "\"" {}
            case "[":
                var section = ""
                while let next = characters.next(), next != "]" { section.append(next) }
                if section.allSatisfy({ "hms".contains($0) }) { tokens.formUnion(section) }  // elapsed [h], [mm], [ss]
            case "\\", "_", "*": _ = characters.next()
            default: tokens.insert(character)
            }
        }
        return tokens.contains("d") || tokens.contains("y")
            || (tokens.contains("m") && !tokens.contains("h") && !tokens.contains("s"))
    }
}
