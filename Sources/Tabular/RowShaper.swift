import EduCore
import Foundation

/// Turns raw rows into what callers see: cells trimmed and NFC-normalised, blank rows dropped,
/// every row exactly as wide as the header.
struct RowShaper {
    let format: TableFormat
    let width: Int

    /// Trimming also removes the BOM and zero-width space that copy-paste leaves in spreadsheets.
    private static let trimmed = CharacterSet.whitespacesAndNewlines.union(CharacterSet(charactersIn: "\u{FEFF}\u{200B}"))

    static func clean(_ cell: String) -> String {
        // Most cells need neither step; checking first keeps large files fast.
        let scalars = cell.unicodeScalars
        let needsTrim = scalars.first.map(trimmed.contains) == true || scalars.last.map(trimmed.contains) == true
        let text = needsTrim ? cell.trimmingCharacters(in: trimmed) : cell
        return text.nfc
    }

    /// The header from a raw row, without trailing empty cells; nil when the row is blank.
    static func header(from raw: [String]) -> [String]? {
        var cells = raw.map(clean)
        while cells.last?.isEmpty == true { cells.removeLast() }
        return cells.isEmpty ? nil : cells
    }

    /// nil for a blank row. Empty cells past the header are dropped (spreadsheets pad rows that way);
    /// a value past the header is an error, never silently lost.
    func record(row: Int, raw: [String]) throws -> TableRecord? {
        var cells = raw.map { FormulaGuard.unescape(Self.clean($0)) }
        guard let lastValue = cells.lastIndex(where: { !$0.isEmpty }) else { return nil }
        guard lastValue < width else {
            throw TableError.columns(format, row: row, cells: lastValue + 1, headerWidth: width)
        }
        if cells.count > width {
            cells.removeLast(cells.count - width)
        } else {
            cells.append(contentsOf: repeatElement("", count: width - cells.count))
        }
        return TableRecord(row: row, cells: cells)
    }
}
