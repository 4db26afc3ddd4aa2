import Foundation

/// The table formats the platform reads and writes.
public enum TableFormat: String, Sendable, CaseIterable {
    case csv, xlsx

    /// By file extension (case-insensitive); nil for anything else.
    public static func of(path: String) -> TableFormat? {
        TableFormat(rawValue: URL(fileURLWithPath: path).pathExtension.lowercased())
    }
}

/// One data row. `row` is the row number a spreadsheet user sees (header = 1, first data row = 2; for CSV the record number counting the header as 1).
public struct TableRecord: Sendable, Equatable {
    public let row: Int
    public let cells: [String]

    public init(row: Int, cells: [String]) {
        self.row = row
        self.cells = cells
    }
}
