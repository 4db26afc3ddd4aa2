import Foundation

/// An input table (CSV or XLSX, first worksheet), read as a stream: memory stays flat for large files.
public struct TableFile: Sendable {
    public let path: String
    public let format: TableFormat
    public let header: [String]          // trimmed, Unicode NFC
    /// The header's row number: 1 unless blank rows come first. Data rows are the ones after it.
    let headerRow: Int
    /// CSV only: the structure check's findings, so reading the records does not check the file again.
    let csvLayout: CSVLayout?

    /// Detects the format from the content (a ZIP signature means XLSX), not only the name; reads the header row.
    /// For CSV this also checks the whole file's encoding and quoting, so a bad file is refused at once.
    public static func open(path: String) throws -> TableFile {
        let head = try FileHead.read(path: path)
        guard head.size > 0 else { throw TableError.empty(path) }
        let format = try format(of: path, head: head)
        var found: (row: Int, header: [String])?
        var csvLayout: CSVLayout?
        switch format {
        case .csv:
            csvLayout = try CSVTableReader(path: path).checkThenRead { row, raw in
                found = RowShaper.header(from: raw).map { (row, $0) }
                return found == nil
            }
        case .xlsx:
            do {
                try XLSXTableReader(path: path).readRows(progress: nil) { row, raw in
                    guard let header = RowShaper.header(from: raw) else { return }
                    found = (row, header)
                    throw HeaderFound()
                }
            } catch is HeaderFound {}
        }
        guard let found else { throw TableError.empty(path) }
        return TableFile(path: path, format: format, header: found.header, headerRow: found.row, csvLayout: csvLayout)
    }

    /// Calls `body` for every non-empty data row in order; cells trimmed and NFC-normalised, padded with "" to the header's width.
    /// `progress` (optional) gets the fraction 0...1 of the file consumed, at most about 100 times per file.
    /// Large CSV files are parsed on all cores (`CSVPieceReader`); `body` always runs on the calling thread, in order.
    public func forEachRecord(progress: ((Double) -> Void)? = nil, _ body: (TableRecord) throws -> Void) throws {
        let shaper = RowShaper(format: format, width: header.count)
        switch format {
        case .csv:
            try CSVPieceReader(path: path, layout: csvLayout!, shaper: shaper, headerRow: headerRow).read(progress: progress, body)
        case .xlsx:
            try XLSXTableReader(path: path).readRows(progress: progress) { row, raw in
                guard row > headerRow, let record = try shaper.record(row: row, raw: raw) else { return }
                try body(record)
            }
        }
    }

    /// Ends the first pass of `open` once the header is in hand.
    private struct HeaderFound: Error {}

    /// The content decides: a ZIP is read as XLSX whatever its name, and a file named .xlsx/.xls must be a ZIP.
    private static func format(of path: String, head: FileHead) throws -> TableFormat {
        let named = URL(fileURLWithPath: path).pathExtension.lowercased()
        switch head.kind {
        case .zip:
            return .xlsx
        case .ole2:
            throw TableError.notXLSX(path, appearsToBe: head.impostorDescription)
        case _ where named == "xlsx" || named == "xls":
            throw TableError.notXLSX(path, appearsToBe: head.impostorDescription)
        default:
            return .csv
        }
    }
}
