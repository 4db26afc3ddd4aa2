import EduCore
import Foundation

/// A table read against the columns a caller expects. The header is checked first (a missing column, or an unknown one
/// where unknown columns are refused); then each data row is handed over with its cells by column, and the caller
/// reports problems in it. Problems are collected with their row and column (up to a limit) and thrown together as
/// `InputRejected` naming the file, so nothing is computed from a file with problems.
public enum CheckedTable {
    public enum UnknownColumns: Sendable { case refused, ignored }

    /// `columns` picks, from the header (trimmed, lower-cased), the columns wanted, in the order `CheckedRow` indexes
    /// them; a name the header lacks is a missing column, unless it is in `optional` (its cells then read as empty).
    /// `required`: columns whose cells may not be empty. `convertingLegacyText`: text in TCVN3, VNI or Windows-1258 (a
    /// CSV file in those bytes, or cells typed with a legacy font) is converted to Unicode instead of refused, and what
    /// was converted is returned. `name`: the file's name in messages (an upload's own name rather than its temporary
    /// path's). `progress`: the share of the file read so far, 0 to 1.
    @discardableResult
    public static func read(
        _ path: String,
        name: String? = nil,
        columns: ([String]) -> [String],
        optional: Set<String> = [],
        required: Set<String> = [],
        unknownColumns: UnknownColumns,
        maximumProblems: Int = 1000,
        convertingLegacyText: Bool = false,
        progress: ((Double) -> Void)? = nil,
        _ visit: (inout CheckedRow) throws -> Void
    ) throws -> LegacyConversion? {
        let name = name ?? URL(fileURLWithPath: path).lastPathComponent
        do {
            return try readRows(path, name: name, columns: columns, optional: optional, required: required, unknownColumns: unknownColumns,
                                maximumProblems: maximumProblems, convertingLegacyText: convertingLegacyText, progress: progress, visit)
        } catch let error as EduError {
            // A file that cannot be read as a table (encoding, quoting, a row wider than the header): its name first.
            throw EduError(error.code, vi: "\(name): \(error.message.vi)", en: "\(name): \(error.message.en)")
        }
    }

    private static func readRows(
        _ path: String, name: String, columns choose: ([String]) -> [String], optional: Set<String>, required: Set<String>,
        unknownColumns: UnknownColumns, maximumProblems: Int, convertingLegacyText: Bool, progress: ((Double) -> Void)?,
        _ visit: (inout CheckedRow) throws -> Void
    ) throws -> LegacyConversion? {
        let (file, temporary, legacy) = try open(path, convertingLegacyText: convertingLegacyText)
        defer { temporary?.remove() }
        var conversion = legacy.map { LegacyConversion(encoding: $0.name) }
        func text(_ cell: String, row: Int, column: String) throws -> String {
            guard let legacy, cell.utf8.contains(where: { $0 >= 0x80 }), let bytes = ByteView.bytes(cell) else { return cell }
            let converted = try legacy.decode(bytes)
            if converted != cell {
                conversion?.cells += 1
                if conversion!.examples.count < LegacyConversion.exampleLimit {
                    conversion?.examples.append(.init(row: row, column: column, before: cell, after: converted))
                }
            }
            return converted
        }
        // The header as written, or converted when that names more of the wanted columns: a legacy file's header is
        // legacy text too, but a template's Unicode header may sit above cells typed with a legacy font.
        let written = file.header.map { $0.lowercased() }
        let converted = try legacy.map { encoding in try file.header.map { try ByteView.bytes($0).map(encoding.decode) ?? $0 }.map { $0.lowercased() } }
        func named(_ header: [String]) -> Int { choose(header).filter(header.contains).count }
        let header = converted.flatMap { named($0) > named(written) ? $0 : nil } ?? written
        if header != written { _ = try file.header.map { try text($0, row: file.headerRow, column: $0) } }
        let columns = choose(header)
        var problems: [RowProblem] = []
        for column in columns where !header.contains(column) && !optional.contains(column) {
            problems.append(RowProblem(row: file.headerRow, column: column, value: "", vi: "Thiếu cột \(column)", en: "The column \(column) is missing"))
        }
        var seen: Set<String> = []
        for title in header where !title.isEmpty {
            if !seen.insert(title).inserted {
                problems.append(RowProblem(row: file.headerRow, column: title, value: title, vi: "Cột có hai lần", en: "The column appears twice"))
            } else if unknownColumns == .refused && !columns.contains(title) {
                problems.append(RowProblem(row: file.headerRow, column: title, value: title, vi: "Cột không được hỗ trợ", en: "Unknown column"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems, file: name) }
        let positions = columns.map { header.firstIndex(of: $0) ?? -1 }
        let requiredIndexes = columns.indices.filter { required.contains(columns[$0]) }
        try file.forEachRecord(progress: progress) { record in
            guard problems.count < maximumProblems else { return }
            let cells = legacy == nil ? record.cells
                : try record.cells.enumerated().map { try text($1, row: record.row, column: header.indices.contains($0) ? header[$0] : "") }
            var row = CheckedRow(row: record.row, cells: cells, positions: positions, columns: columns)
            for index in requiredIndexes where row.cell(index) == nil {
                row.problem(index, vi: "Ô bắt buộc đang trống", en: "This cell is required")
            }
            if row.problems.isEmpty { try visit(&row) }
            problems.append(contentsOf: row.problems)
        }
        guard problems.isEmpty else { throw InputRejected(problems, file: name) }
        return conversion
    }

    /// The table, and when converting: a CSV file that is not UTF-8 but looks like a legacy encoding is read through a
    /// UTF-8 copy of its bytes shown as Windows-1252 (removed by the caller), and the encoding of the cells is decided
    /// by a first pass over them.
    private static func open(_ path: String, convertingLegacyText: Bool) throws -> (TableFile, TemporaryFolder?, LegacyEncoding?) {
        guard convertingLegacyText else { return (try TableFile.open(path: path), nil, nil) }
        var temporary: TemporaryFolder?
        let file: TableFile
        do {
            file = try TableFile.open(path: path)
        } catch let error as EduError where error.code == "file.encoding" && LegacyEncoding.guess(path: path) != nil {
            let folder = try TemporaryFolder()
            temporary = folder
            do {
                file = try TableFile.open(path: try ByteView.writeUTF8Copy(of: path, to: folder.file("legacy.csv")))
            } catch {
                folder.remove()
                throw error
            }
        }
        // The header is left out: a template's Unicode header often sits above cells typed with a legacy font.
        var detector = LegacyTextDetector()
        try file.forEachRecord { record in record.cells.forEach { detector.add($0) } }
        let legacy = detector.encoding(certain: temporary != nil)
        if let temporary, legacy == nil {
            temporary.remove()
            throw TableError.encoding(path, likely: nil)
        }
        return (file, temporary, legacy)
    }
}

/// One data row of a `CheckedTable`, its cells by the caller's column order.
public struct CheckedRow {
    public let row: Int
    private let cells: [String]
    private let positions: [Int]
    private let columns: [String]
    public fileprivate(set) var problems: [RowProblem] = []

    init(row: Int, cells: [String], positions: [Int], columns: [String]) {
        self.row = row
        self.cells = cells
        self.positions = positions
        self.columns = columns
    }

    /// The cell of the `index`th chosen column; nil when empty.
    public func cell(_ index: Int) -> String? {
        guard positions[index] >= 0 else { return nil }
        let value = cells[positions[index]]
        return value.isEmpty ? nil : value
    }

    public func cell(_ column: String) -> String? {
        columns.firstIndex(of: column).flatMap(cell)
    }

    public func columnName(_ index: Int) -> String {
        columns[index]
    }

    public var hasProblems: Bool { !problems.isEmpty }

    public mutating func problem(_ index: Int, vi: String, en: String) {
        problems.append(RowProblem(row: row, column: columns[index], value: cell(index) ?? "", vi: vi, en: en))
    }

    /// A problem whose cell must not be repeated in the report (a personal ID typed wrong is one typo from a real one).
    public mutating func problemWithoutValue(_ column: String, vi: String, en: String) {
        problems.append(RowProblem(row: row, column: column, value: "", vi: vi, en: en))
    }

    public mutating func problem(_ column: String, vi: String, en: String) {
        problems.append(RowProblem(row: row, column: column, value: self.cell(column) ?? "", vi: vi, en: en))
    }
}
