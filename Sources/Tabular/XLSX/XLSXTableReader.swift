import Foundation

/// Reads the first worksheet of an .xlsx row by row: the sheet XML is extracted to a temp file and
/// streamed through `XMLParser`; only the shared strings are held in memory.
struct XLSXTableReader {
    let path: String

    /// Calls `visit` with each `<row>`'s number and its cells placed by column reference (gaps are "").
    func readRows(progress: ((Double) -> Void)?, _ visit: (Int, [String]) throws -> Void) throws {
        let package = try XLSXPackage(path: path)
        let workbook = try XLSXWorkbook(package)
        guard let sheet = try package.extract(workbook.sheetPart) else {
            throw TableError.xlsxMalformed(path, part: workbook.sheetPart)
        }
        let size = (try? sheet.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
        let meter = ProgressMeter(progress, total: Int64(size))
        try withoutActuallyEscaping(visit) { visit in
            let rows = SheetRows(path: path, workbook: workbook, visit: visit, meter: meter)
            try rows.events.parse(sheet) { rows.malformed() }
        }
        meter?.finish()
    }
}

/// The state of one pass over `<sheetData>`.
private final class SheetRows {
    let events = XMLEvents()
    private(set) var row: Int?
    private let path: String
    private let workbook: XLSXWorkbook
    private let visit: (Int, [String]) throws -> Void
    private let meter: ProgressMeter?

    private var cells = [String]()
    private var column = -1
    private var type = ""
    private var style = 0
    private var value = ""
    private var inInlineString = false
    private var inPhonetic = false

    init(path: String, workbook: XLSXWorkbook, visit: @escaping (Int, [String]) throws -> Void, meter: ProgressMeter?) {
        self.path = path
        self.workbook = workbook
        self.visit = visit
        self.meter = meter
        events.didStart = { [unowned self] name, attributes in try start(name, attributes) }
        events.didEnd = { [unowned self] name in try end(name) }
    }

    private func start(_ name: String, _ attributes: [String: String]) throws {
        switch name {
        case "row":
            // `r` may be left out: rows and cells then simply follow one another.
            row = attributes["r"].flatMap(Int.init) ?? (row ?? 0) + 1
            cells.removeAll(keepingCapacity: true)
            column = -1
        case "c":
            if let reference = attributes["r"] {
                guard let referenced = CellText.column(of: reference) else { throw malformed() }
                column = referenced
            } else {
                column += 1
            }
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "is": inInlineString = true
        case "rPh": inPhonetic = true
        case "v": events.collectText()
        case "t" where inInlineString && !inPhonetic: events.collectText()
        default: break
        }
    }

    private func end(_ name: String) throws {
        switch name {
        case "v": value = events.takeText()
        case "t" where inInlineString && !inPhonetic: value += events.takeText()
        case "is": inInlineString = false
        case "rPh": inPhonetic = false
        case "c": try place(text())
        case "row":
            guard let row else { return }
            try visit(row, cells)
            meter?.update(consumed: events.consumedBytes)
        default: break
        }
    }

    private func text() throws -> String {
        switch type {
        case "s":
            guard let index = Int(value), workbook.sharedStrings.indices.contains(index) else { throw malformed() }
            return workbook.sharedStrings[index]
        case "inlineStr", "str": return CellText.unescape(value)
        case "e": return value
        case "b": return value == "1" ? "TRUE" : "FALSE"
        case "d": return String(value.prefix { $0 != "T" })  // ISO 8601; keep the date
        default:
            if workbook.isDate(style: style), let date = CellText.date(serial: value, date1904: workbook.usesDate1904) {
                return date
            }
            return CellText.number(value)
        }
    }

    private func place(_ text: String) throws {
        guard !text.isEmpty else { return }  // styled empty cells can reach column XFD; do not pad for them
        if column >= cells.count {
            cells.append(contentsOf: repeatElement("", count: column - cells.count + 1))
        }
        cells[column] = text
    }

    /// Names the last row started, which is where the damage is.
    func malformed() -> Error {
        TableError.xlsxMalformed(path, part: workbook.sheetPart, row: row)
    }
}
