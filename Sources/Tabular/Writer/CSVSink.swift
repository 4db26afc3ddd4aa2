import Foundation

/// The two kinds of CSV the platform writes. Both use commas and RFC 4180 quoting of cells that hold a comma, a
/// quote or a line break.
public enum CSVStyle: Sendable {
    /// For people opening the file in Excel: UTF-8 with a BOM (without it Excel shows Vietnamese as mojibake), CRLF,
    /// and no formulas (`FormulaGuard`).
    case excel
    /// For programs (the CLI's machine-readable contracts): UTF-8 without a BOM, LF, every cell exactly as given.
    case plain
}

final class CSVSink: TableSink {
    private let output: AtomicOutput
    private let file: BufferedFile
    private let style: CSVStyle

    init(output: AtomicOutput, style: CSVStyle = .excel) throws {
        self.output = output
        self.style = style
        file = try output.writing { try BufferedFile(creating: output.partial) }
        if style == .excel { try output.writing { try file.append("\u{FEFF}") } }
    }

    func write(_ cells: [String]) throws {
        var line = ""
        line.reserveCapacity(cells.reduce(2) { $0 + $1.utf8.count + 1 })
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "," }
            line += Self.quoted(style == .excel ? FormulaGuard.escape(cell) : cell)
        }
        line += style == .excel ? "\r\n" : "\n"
        try output.writing { try file.append(line) }
    }

    func finish() throws {
        try output.writing { try file.close() }
        try output.commit()
    }

    func discard() {
        try? file.close()
        output.discard()
    }

    static func quoted(_ cell: String) -> String {
        // Bytes, not characters: the four that matter are ASCII, and most cells need no quotes.
        guard cell.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else {
            return cell
        }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
