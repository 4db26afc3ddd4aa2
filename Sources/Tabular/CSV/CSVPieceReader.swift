import CSV
import Foundation

/// Reads the records of a large CSV file on all cores: the structure check (run when the file was opened) finds line ends outside quotes about every
/// `pieceSize` bytes, CSV.swift parses one piece per core and shapes its rows, and the caller gets them in file order
/// on its own thread, a batch of pieces at a time (memory stays at a few pieces whatever the file size).
/// The records, their numbers and the errors are the same as reading the file front to back.
struct CSVPieceReader {
    static let pieceSize: Int64 = 4 << 20

    let path: String
    /// From `TableFile.open`'s check of the same file; checked again if the file has changed since.
    let layout: CSVLayout
    let shaper: RowShaper
    /// Records up to this number (the header and blank lines before it) are skipped.
    let headerRow: Int

    func read(progress: ((Double) -> Void)?, _ body: (TableRecord) throws -> Void) throws {
        let reader = CSVTableReader(path: path)
        try reader.withUTF8 { utf8Path, head in
            let delimiter = CSVTableReader.delimiter(in: head.bytes)
            let starts = layout.source != nil && layout.source == FileStamp(path: path) ? layout.pieceStarts
                : try CSVStructureCheck.run(utf8Path: utf8Path, delimiter: delimiter, reportingAs: path, pieceSize: Self.pieceSize)
            guard starts.count > 1 else {
                // One piece: stream it as it is, without holding it in memory.
                return try reader.stream(utf8Path: utf8Path, head: head, delimiter: delimiter, progress: progress) { row, raw in
                    guard row > headerRow, let record = try shaper.record(row: row, raw: raw) else { return true }
                    try body(record)
                    return true
                }
            }
            let ends = starts.dropFirst().map(\.offset) + [head.size]
            let pieces = zip(starts, ends).map { Piece(start: $0, end: $1) }
            let meter = ProgressMeter(progress, total: head.size)
            let cores = max(2, ProcessInfo.processInfo.activeProcessorCount)
            for batchStart in stride(from: 0, to: pieces.count, by: cores) {
                let batch = Array(pieces[batchStart..<min(batchStart + cores, pieces.count)])
                let results = PieceResults(count: batch.count)
                DispatchQueue.concurrentPerform(iterations: batch.count) { index in
                    results.set(index, records(of: batch[index], utf8Path: utf8Path, delimiter: delimiter))
                }
                for result in results.all {
                    for record in result.records { try body(record) }
                    if let failure = result.failure { throw failure }
                }
                meter?.update(consumed: batch[batch.count - 1].end)
            }
            meter?.finish()
        }
    }

    private struct Piece: Sendable {
        let start: CSVStructureCheck.PieceStart
        let end: Int64
    }

    /// A piece's records up to the first error, and that error: the caller gets the records before it, as when
    /// reading front to back.
    struct ParsedPiece {
        var records: [TableRecord] = []
        var failure: (any Error)?
    }

    private func records(of piece: Piece, utf8Path: String, delimiter: UInt8) -> ParsedPiece {
        var parsed = ParsedPiece()
        do {
            try parse(piece, utf8Path: utf8Path, delimiter: delimiter) { parsed.records.append($0) }
        } catch {
            parsed.failure = error
        }
        return parsed
    }

    private func parse(_ piece: Piece, utf8Path: String, delimiter: UInt8, _ emit: (TableRecord) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: utf8Path) else { throw TableError.unreadable(path) }
        defer { try? handle.close() }
        let data: Data
        do {
            try handle.seek(toOffset: UInt64(piece.start.offset))
            data = try handle.read(upToCount: Int(piece.end - piece.start.offset)) ?? Data()
        } catch {
            throw TableError.unreadable(path)
        }
        // Reading a String's scalars skips CSV.swift's byte decoder; validating costs far less than that decoder, and
        // holds even if the file changed after its check. CSV.swift drops a byte-order mark only from a stream.
        let bytes = piece.start.offset == 0 && data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data[...]
        guard let text = String(validating: bytes, as: UTF8.self) else { throw TableError.encoding(path, likely: nil) }
        guard let reader = try? CSVReader(string: text, delimiter: Unicode.Scalar(delimiter)) else { throw TableError.unreadable(path) }
        var row = piece.start.record - 1
        while let cells = reader.next() {
            row += 1
            guard row > headerRow, let record = try shaper.record(row: row, raw: cells) else { continue }
            emit(record)
        }
    }
}

/// One slot per piece of a batch, filled by the parsing threads.
private final class PieceResults: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [CSVPieceReader.ParsedPiece?]

    init(count: Int) {
        slots = Array(repeating: nil, count: count)
    }

    func set(_ index: Int, _ result: CSVPieceReader.ParsedPiece) {
        lock.withLock { slots[index] = result }
    }

    var all: [CSVPieceReader.ParsedPiece] {
        lock.withLock { slots.map { $0! } }
    }
}
