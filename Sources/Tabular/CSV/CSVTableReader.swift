import CSV
import Foundation

/// Reads a CSV file as raw records with CSV.swift's streaming reader, after `CSVStructureCheck` has vouched for it.
/// UTF-16 input is first converted to a temporary UTF-8 copy; UTF-8 input is read in place.
struct CSVTableReader {
    let path: String

    /// Checks the whole file (`CSVStructureCheck`), then calls `visit` with each record's number (from 1, blank records
    /// included) and its cells as written, for as long as it returns true. Returns what `CSVPieceReader` needs to
    /// parse the file in pieces without checking it again.
    func checkThenRead(while visit: (Int, [String]) throws -> Bool) throws -> CSVLayout {
        var layout: CSVLayout?
        let stamp = FileStamp(path: path)
        try withUTF8 { utf8Path, head in
            let delimiter = Self.delimiter(in: head.bytes)
            let starts = try CSVStructureCheck.run(utf8Path: utf8Path, delimiter: delimiter, reportingAs: path, pieceSize: CSVPieceReader.pieceSize)
            layout = CSVLayout(source: stamp, pieceStarts: starts)
            try stream(utf8Path: utf8Path, head: head, delimiter: delimiter, progress: nil, visit)
        }
        return layout!
    }

    /// Runs `body` on the file as UTF-8: in place, or a temporary UTF-8 copy of UTF-16 input.
    func withUTF8(_ body: (String, FileHead) throws -> Void) throws {
        let head = try FileHead.read(path: path)
        switch TextEncoding(head: head) {
        case .utf8:
            // NUL never appears in UTF-8 text: this is UTF-16 without a byte-order mark, or not text at all.
            guard !head.bytes.contains(0) else { throw TableError.encoding(path, appearsToBe: TextEncoding.utf16WithoutMark) }
            try body(path, head)
        case let encoding:
            let folder = try TemporaryFolder()
            defer { folder.remove() }
            let copy = folder.file("utf8.csv")
            try UTF16Transcoder.utf8Copy(of: path, bigEndian: encoding == .utf16BigEndian, to: copy)
            try body(copy.path, FileHead.read(path: copy.path))
        }
    }

    /// Parses a file the structure check has vouched for, front to back, while `visit` returns true.
    func stream(utf8Path: String, head: FileHead, delimiter: UInt8, progress: ((Double) -> Void)?,
                _ visit: (Int, [String]) throws -> Bool) throws {
        guard let stream = InputStream(fileAtPath: utf8Path),
              let reader = try? CSVReader(stream: stream, delimiter: Unicode.Scalar(delimiter))
        else { throw TableError.unreadable(path) }
        let meter = ProgressMeter(progress, total: head.size)
        var record = 0
        while let cells = reader.next() {
            record += 1
            guard try visit(record, cells) else { return }
            meter?.update(consumed: stream.fileOffset)
        }
        // CSV.swift also reports reaching the end of a file stream as an error, so only an error before the
        // end counts; with the bytes proved well formed by the structure check, that is a failed read.
        guard reader.error == nil || stream.fileOffset >= head.size else { throw TableError.unreadable(path) }
        meter?.finish()
    }

    /// The delimiter the header line uses most among `,` `;` and TAB (Vietnamese Excel saves “CSV” with `;`);
    /// `,` when the header has a single column.
    static func delimiter(in head: [UInt8]) -> UInt8 {
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]
        var counts = [UInt8: Int]()
        var quoted = false
        // The header line: past a byte-order mark and blank lines, up to a line break outside quotes.
        for byte in head.drop(while: { [0xEF, 0xBB, 0xBF, 0x0A, 0x0D].contains($0) }) {
            if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if !quoted && (byte == 0x0A || byte == 0x0D) {
                break
            } else if !quoted && candidates.contains(byte) {
                counts[byte, default: 0] += 1
            }
        }
        var best = candidates[0]
        for candidate in candidates where counts[candidate, default: 0] > counts[best, default: 0] {
            best = candidate
        }
        return best
    }
}

extension InputStream {
    /// Bytes read so far from a stream over a file.
    var fileOffset: Int64 {
        (property(forKey: .fileCurrentOffsetKey) as? NSNumber)?.int64Value ?? 0
    }
}

/// What the structure check found in a CSV file: where pieces that parse on their own begin, and which version of
/// the file that holds for.
struct CSVLayout: Sendable {
    let source: FileStamp?
    let pieceStarts: [CSVStructureCheck.PieceStart]
}

/// A file's size, modification time and inode: a file rewritten (or replaced) since has another stamp.
struct FileStamp: Sendable, Equatable {
    let size: Int
    let modified: Date
    let inode: Int

    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path), let size = attributes[.size] as? Int,
              let modified = attributes[.modificationDate] as? Date, let inode = attributes[.systemFileNumber] as? Int else { return nil }
        self.size = size
        self.modified = modified
        self.inode = inode
    }
}
