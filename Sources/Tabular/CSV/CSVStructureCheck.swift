import EduCore
import Foundation

/// One pass over a UTF-8 CSV before CSV.swift parses it, to catch what CSV.swift 2.5.2 accepts silently:
/// bytes that are not UTF-8 (its decoder just stops, as if the file ended), an unclosed quote (the rest of
/// the file becomes one cell) and text after a closing quote (merged into the cell).
/// Records are counted with CSV.swift's own rules (CR, LF or CRLF outside quotes ends one), so the row
/// numbers in errors are the ones callers get in `TableRecord.row`.
struct CSVStructureCheck {
    enum Problem: Error {
        case notUTF8
        case unclosedQuote(row: Int)
        case textAfterQuote(row: Int)
    }

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }

    private let delimiter: UInt8
    private var state = State.fieldStart
    private var record = 1
    private var quoteRow = 1
    private var afterCR = false
    private var utf8 = UTF8Validator()

    init(delimiter: UInt8) {
        self.delimiter = delimiter
    }

    /// Where a piece of the file that CSV.swift can parse on its own begins: right after a line feed outside quotes.
    struct PieceStart: Equatable, Sendable {
        let offset: Int64
        /// The number of the record that starts there.
        let record: Int
    }

    /// Checks the file at `utf8Path`; errors name `path`, the file the user gave. Returns where pieces of about
    /// `pieceSize` bytes begin (the first at offset 0), so they can be parsed side by side.
    @discardableResult
    static func run(utf8Path: String, delimiter: UInt8, reportingAs path: String, pieceSize: Int64 = .max) throws -> [PieceStart] {
        guard let handle = FileHandle(forReadingAtPath: utf8Path) else { throw TableError.unreadable(path) }
        defer { try? handle.close() }
        var check = CSVStructureCheck(delimiter: delimiter)
        var starts = [PieceStart(offset: 0, record: 1)]
        var offset: Int64 = 0
        do {
            while true {
                let chunk: Data
                do { chunk = try handle.read(upToCount: 64 * 1024) ?? Data() } catch { throw TableError.unreadable(path) }
                if chunk.isEmpty { break }
                // CSV.swift drops a UTF-8 byte-order mark; so must the check, or a quote right after it would count as text.
                let start = check.record == 1 && check.state == .fieldStart && chunk.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
                try chunk.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
                    for index in start..<bytes.count {
                        try check.consume(bytes[index])
                        let end = offset + Int64(index) + 1
                        if bytes[index] == 0x0A && check.state == .fieldStart && end - starts[starts.count - 1].offset >= pieceSize {
                            starts.append(PieceStart(offset: end, record: check.record))
                        }
                    }
                }
                offset += Int64(chunk.count)
            }
            try check.finish()
        } catch let problem as Problem {
            throw error(for: problem, path: path)
        }
        if starts.count > 1 && starts[starts.count - 1].offset == offset { starts.removeLast() }
        return starts
    }

    mutating func consume(_ byte: UInt8) throws(Problem) {
        guard utf8.accept(byte) else { throw .notUTF8 }
        let endsLine = byte == 0x0D || byte == 0x0A
        defer { afterCR = byte == 0x0D }
        switch state {
        case .quoted:
            if byte == UInt8(ascii: "\"") { state = .quoteInQuoted }
        case .fieldStart where byte == UInt8(ascii: "\""):
            state = .quoted
            quoteRow = record
        case .quoteInQuoted where byte == UInt8(ascii: "\""):
            state = .quoted  // an escaped quote
        case .quoteInQuoted where byte != delimiter && !endsLine:
            throw .textAfterQuote(row: record)
        default:
            if endsLine {
                if !(byte == 0x0A && afterCR) { record += 1 }  // CRLF ends one record, not two
                state = .fieldStart
            } else {
                state = byte == delimiter ? .fieldStart : .unquoted
            }
        }
    }

    func finish() throws(Problem) {
        guard utf8.isComplete else { throw .notUTF8 }
        if state == .quoted { throw .unclosedQuote(row: quoteRow) }
    }

    private static func error(for problem: Problem, path: String) -> EduError {
        switch problem {
        case .notUTF8:
            TableError.encoding(path, likely: LegacyEncoding.guess(path: path))
        case .unclosedQuote(let row):
            TableError.csvMalformed(path, row: row, problem: Bilingual(
                vi: "có dấu ngoặc kép (\") mở ô nhưng không có dấu đóng",
                en: "a quoted cell is opened with \" but never closed"))
        case .textAfterQuote(let row):
            TableError.csvMalformed(path, row: row, problem: Bilingual(
                vi: "có ký tự ngay sau dấu ngoặc kép (\") đóng ô; dấu ngoặc kép bên trong ô phải viết đôi (\"\")",
                en: "there is text right after the closing \" of a cell; a quote inside a cell must be doubled (\"\")"))
        }
    }
}
