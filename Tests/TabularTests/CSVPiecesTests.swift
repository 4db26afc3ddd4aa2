import EduCore
import Foundation
import Tabular
import Testing

/// Files larger than one piece (4 MB) are parsed on several cores: the records, their numbers and the errors must be
/// exactly those of reading front to back, whatever falls at a piece boundary (quoted line breaks, CRLF, a BOM).
@Suite struct CSVPiecesTests {
    private func expectedCells(_ index: Int) -> [String] {
        let note = switch index % 7 {
        case 0: "hai dòng\nmột, hai"
        case 3: "có \"ngoặc\" kép"
        default: "Nguyễn Văn \(index)"
        }
        return ["HS\(index)", note, String(index * 3)]
    }

    private func quoted(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    @Test(arguments: ["\n", "\r\n"])
    func aLargeFileReadsAsItWasWritten(lineEnd: String) throws {
        let scratch = try Scratch()
        let count = 300_000
        var text = "\u{FEFF}id,note,value" + lineEnd
        for index in 0..<count {
            text += expectedCells(index).map(quoted).joined(separator: ",") + lineEnd
            if index % 5000 == 4999 { text += lineEnd }  // blank lines count as records but give no row
        }
        let path = try scratch.write("large.csv", text: text)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int > 8 << 20, "several pieces")
        let file = try TableFile.open(path: path)
        var seen = 0, lastProgress = 0.0
        try file.forEachRecord(progress: { lastProgress = $0 }) { record in
            let expected = expectedCells(seen)
            // Row numbers count records: the header is 1, and each earlier blank line adds one.
            let row = 2 + seen + seen / 5000
            if record.cells != expected || record.row != row {
                Issue.record("record \(seen): \(record) expected row \(row) \(expected)")
                throw CancellationError()
            }
            seen += 1
        }
        #expect(seen == count)
        #expect(lastProgress == 1)
    }

    @Test func anErrorInALaterPieceNamesItsRow() throws {
        let scratch = try Scratch()
        var lines = ["id,value"] + (0..<400_000).map { "HS\($0),\($0)" }
        lines[350_000] = "HS350000,1,extra"
        let path = try scratch.write("wide.csv", text: lines.joined(separator: "\n") + "\n")
        let file = try TableFile.open(path: path)
        var seen = 0
        let error = try #require(throws: EduError.self) { try file.forEachRecord { _ in seen += 1 } }
        #expect(error.code == "csv.columns")
        #expect(error.message.en.hasPrefix("Row 350001 has data in 3 columns"))
        #expect(seen == 349_999, "every record before the bad one is handed over, in order")
    }

    /// `open` checks the file and notes where its pieces begin; a file rewritten before its records are read must not
    /// be cut where the old one's line ends were.
    @Test func aFileRewrittenAfterOpeningIsCheckedAgain() throws {
        let scratch = try Scratch()
        let path = try scratch.write("changed.csv", text: (["id,value"] + (0..<400_000).map { "HS\($0),\($0)" }).joined(separator: "\n") + "\n")
        let file = try TableFile.open(path: path)
        let rewritten = ["id,value"] + (0..<300_000).map { "Học sinh số \($0),\"\($0 * 7)\"" }
        _ = try scratch.write("changed.csv", text: rewritten.joined(separator: "\n") + "\n")
        var seen = 0
        try file.forEachRecord { record in
            if record.cells != ["Học sinh số \(seen)", String(seen * 7)] {
                Issue.record("record \(seen): \(record)")
                throw CancellationError()
            }
            seen += 1
        }
        #expect(seen == 300_000)
    }

    /// The same size is not the same file: a rewrite with other line ends must be checked again too.
    @Test func aFileRewrittenToTheSameSizeIsCheckedAgain() throws {
        let scratch = try Scratch()
        let header = "id,value\n"
        let path = try scratch.write("same-size.csv", text: header + (0..<400_000).map { String(format: "HS%06d,%08d\n", $0, $0) }.joined())
        let file = try TableFile.open(path: path)
        let rewritten = header + (0..<200_000).map { String(format: "HOCSINH%06d,%021d\n", $0, $0 * 3) }.joined()
        #expect(rewritten.utf8.count == (try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int))
        _ = try scratch.write("same-size.csv", text: rewritten)
        var seen = 0
        try file.forEachRecord { record in
            if record.cells != [String(format: "HOCSINH%06d", seen), String(format: "%021d", seen * 3)] {
                Issue.record("record \(seen): \(record)")
                throw CancellationError()
            }
            seen += 1
        }
        #expect(seen == 200_000)
    }

    /// A byte-order mark before a quoted header cell that holds a line break: in a file of several pieces the first
    /// piece must drop the mark as the structure check does, or the quote would count as text and split the header.
    @Test func aByteOrderMarkBeforeAQuotedHeaderCell() throws {
        let scratch = try Scratch()
        let text = "\u{FEFF}\"Mã\nhọc sinh\",value\n" + (0..<400_000).map { "HS\($0),\($0)\n" }.joined()
        let path = try scratch.write("bom.csv", text: text)
        let file = try TableFile.open(path: path)
        #expect(file.header == ["Mã\nhọc sinh", "value"])
        var seen = 0
        try file.forEachRecord { record in
            if record.cells != ["HS\(seen)", String(seen)] || record.row != seen + 2 {
                Issue.record("record \(seen): \(record)")
                throw CancellationError()
            }
            seen += 1
        }
        #expect(seen == 400_000)
    }
}
