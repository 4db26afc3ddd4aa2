import Foundation

/// Writes a table as CSV (UTF-8 with BOM so Excel shows diacritics, comma-separated, RFC 4180 quoting) or XLSX (one sheet; every cell a text cell so IDs with leading zeros survive). Streams to disk.
///
/// Output goes to a temporary file beside `path` and is renamed into place by `close()`, so an export
/// that fails half-way, or is never closed, leaves no truncated file behind.
public final class TableWriter {
    private let sink: any TableSink
    private var isClosed = false

    /// `csvStyle` applies to CSV only: `.excel` for people, `.plain` for files other programs read back.
    public init(path: String, format: TableFormat, header: [String], sheetName: String = "Sheet1", csvStyle: CSVStyle = .excel) throws {
        let output = AtomicOutput(path: path)
        sink = switch format {
        case .csv: try CSVSink(output: output, style: csvStyle)
        case .xlsx: try XLSXSink(output: output, sheetName: sheetName)
        }
        try write(header)
    }

    deinit {
        if !isClosed { sink.discard() }
    }

    public func write(_ cells: [String]) throws {
        precondition(!isClosed, "TableWriter.write after close()")
        try sink.write(cells)
    }

    /// Must be called; for XLSX assembles the zip.
    public func close() throws {
        guard !isClosed else { return }
        isClosed = true
        do {
            try sink.finish()
        } catch {
            sink.discard()
            throw error
        }
    }
}

/// One output format behind `TableWriter`.
protocol TableSink: AnyObject {
    func write(_ cells: [String]) throws
    func finish() throws
    /// Removes everything written so far.
    func discard()
}

/// A file that appears at `path` only when complete: written beside it, then renamed (atomic on one file system).
public struct AtomicOutput: Sendable {
    public let path: String
    public let partial: URL

    public init(path: String) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).part")
    }

    public func commit() throws {
        guard rename(partial.path, path) == 0 else { throw TableError.unwritable(path) }
    }

    public func discard() {
        try? FileManager.default.removeItem(at: partial)
    }

    /// Runs `body`, reporting any I/O failure as `file.unwritable` for `path`.
    public func writing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw TableError.unwritable(path) }
    }
}
