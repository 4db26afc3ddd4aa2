import Foundation

/// CSV for Excel: UTF-8 with a BOM (without it Excel shows Vietnamese as mojibake), commas, CRLF,
/// RFC 4180 quoting of cells that hold a comma, a quote or a line break, and no formulas (`FormulaGuard`).
final class CSVSink: TableSink {
    private let output: AtomicOutput
    private let file: BufferedFile

    init(output: AtomicOutput) throws {
        self.output = output
        file = try output.writing { try BufferedFile(creating: output.partial) }
        try output.writing { try file.append("\u{FEFF}") }
    }

    func write(_ cells: [String]) throws {
        let line = cells.map { Self.quoted(FormulaGuard.escape($0)) }.joined(separator: ",") + "\r\n"
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
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
