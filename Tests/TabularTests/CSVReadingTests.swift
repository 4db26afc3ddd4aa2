import EduCore
import Foundation
import Testing
import Tabular

@Suite struct CSVReadingTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    @Test func skipsBlankRowsAndKeepsRowNumbers() throws {
        let path = try scratch.write("lop.csv", text: "Mã,Tên,Lớp\r\n001,An,6A\r\n\r\n002,Bình\r\n , ,\r\n003,\"Cường, Lê\",7B\r\n")
        let file = try TableFile.open(path: path)
        #expect(file.format == .csv)
        #expect(file.header == ["Mã", "Tên", "Lớp"])
        #expect(try records(of: file) == [
            TableRecord(row: 2, cells: ["001", "An", "6A"]),
            TableRecord(row: 4, cells: ["002", "Bình", ""]),  // fewer cells: padded
            TableRecord(row: 6, cells: ["003", "Cường, Lê", "7B"]),
        ])
    }

    @Test func blankLinesBeforeHeaderShiftRowNumbers() throws {
        let path = try scratch.write("lead.csv", text: "\n\nMã,Tên\n001,An\n")
        let file = try TableFile.open(path: path)
        #expect(file.header == ["Mã", "Tên"])
        #expect(try records(of: file) == [TableRecord(row: 4, cells: ["001", "An"])])
    }

    @Test func rowNumbersCountRecordsNotLines() throws {
        let path = try scratch.write("multi.csv", text: "Mã,Ghi chú\n001,\"dòng 1\ndòng 2\"\n002,\"nói \"\"chào\"\"\"\n")
        #expect(try records(atPath: path) == [
            TableRecord(row: 2, cells: ["001", "dòng 1\ndòng 2"]),
            TableRecord(row: 3, cells: ["002", "nói \"chào\""]),
        ])
    }

    @Test func acceptsCRAndCRLFLineEnds() throws {
        let path = try scratch.write("cr.csv", text: "a,b\r1,2\r\n3,4\n5,6")
        #expect(try records(atPath: path).map(\.row) == [2, 3, 4])
    }

    @Test(arguments: [";", "\t"])
    func detectsDelimiterFromHeader(delimiter: String) throws {
        let text = ["Mã", "Họ tên", "Ghi chú"].joined(separator: delimiter) + "\n"
            + ["001", "Nguyễn, Văn An", "\"a\(delimiter)b\""].joined(separator: delimiter) + "\n"
        let file = try TableFile.open(path: scratch.write("delimited.csv", text: text))
        #expect(file.header == ["Mã", "Họ tên", "Ghi chú"])
        #expect(try records(of: file) == [TableRecord(row: 2, cells: ["001", "Nguyễn, Văn An", "a\(delimiter)b"])])
    }

    @Test func bomIsDroppedAndTextComesBackNFC() throws {
        let decomposed = "Ho\u{323} te\u{302}n"  // "Họ tên" as NFD
        let path = try scratch.write("bom.csv", Data([0xEF, 0xBB, 0xBF]) + Data("\"Mã HS\",\(decomposed)\n  001 ,\(decomposed)\n".utf8))
        let file = try TableFile.open(path: path)
        #expect(file.header == ["Mã HS", "Họ tên"])
        #expect(file.header.allSatisfy(isNFC))
        let cells = try #require(records(of: file).first).cells
        #expect(cells == ["001", "Họ tên"])
        #expect(cells.allSatisfy(isNFC))
    }

    /// Excel's "Unicode Text" export: UTF-16 with a BOM, TAB-separated. The emoji cell is long enough
    /// to cross the 64 KiB conversion chunk; the padding moves the boundary onto either half of a surrogate pair.
    @Test(arguments: [(false, 0), (false, 1), (true, 0), (true, 1)])
    func readsUTF16WithBOM(bigEndian: Bool, padding: Int) throws {
        let emoji = String(repeating: "😀", count: 20_000)
        let text = "Mã\tTên\n001\tNguyễn Thị Ánh\n002\t\(String(repeating: "x", count: padding))\(emoji)\n"
        let bom: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        let body = try #require(text.data(using: bigEndian ? .utf16BigEndian : .utf16LittleEndian))
        let file = try TableFile.open(path: scratch.write("unicode.txt", Data(bom) + body))
        #expect(file.header == ["Mã", "Tên"])
        #expect(try records(of: file) == [
            TableRecord(row: 2, cells: ["001", "Nguyễn Thị Ánh"]),
            TableRecord(row: 3, cells: ["002", String(repeating: "x", count: padding) + emoji]),
        ])
    }

    @Test func trailingEmptyCellsAreNotExtraColumns() throws {
        let path = try scratch.write("padded.csv", text: "a,b,,\n1,2,,\n")
        let file = try TableFile.open(path: path)
        #expect(file.header == ["a", "b"])
        #expect(try records(of: file) == [TableRecord(row: 2, cells: ["1", "2"])])
    }

    @Test func rowWiderThanHeaderIsRejectedWithRowAndCounts() throws {
        let file = try TableFile.open(path: scratch.write("wide.csv", text: "a,b\n1,2\n\n3,4,5\n"))
        let error = expectError("csv.columns") { _ = try records(of: file) }
        #expect(error?.message.vi.contains("Dòng 4 có dữ liệu ở 3 cột") == true)
        #expect(error?.message.en.contains("Row 4 has data in 3 columns but the header has only 2") == true)
    }

    @Test func unclosedQuoteIsReportedAtTheRowThatOpensIt() throws {
        let path = try scratch.write("open.csv", text: "a,b\n1,\"x\ny\"\n\n2,\"never closed\n3,4\n")
        let error = expectError("csv.malformed") { _ = try TableFile.open(path: path) }
        #expect(error?.message.vi.contains("dòng 4") == true)
        #expect(error?.message.en.contains("row 4") == true)
    }

    @Test func textAfterClosingQuoteIsReported() throws {
        let path = try scratch.write("stray.csv", text: "a,b\n1,2\n3,\"x\"y\n")
        let error = expectError("csv.malformed") { _ = try TableFile.open(path: path) }
        #expect(error?.message.en.contains("row 3") == true)
    }

    @Test func emptyFilesAreRefused() throws {
        expectError("file.empty") { _ = try TableFile.open(path: scratch.write("zero.csv", Data())) }
        expectError("file.empty") { _ = try TableFile.open(path: scratch.write("blank.csv", text: "\n , \n\n")) }
    }

    @Test func headerOnlyFileHasNoRecords() throws {
        let file = try TableFile.open(path: scratch.write("header.csv", text: "Mã,Tên\n"))
        #expect(file.header == ["Mã", "Tên"])
        #expect(try records(of: file).isEmpty)
    }

    @Test func missingOrUnreadablePathsAreRefused() throws {
        let missing = expectError("file.unreadable") { _ = try TableFile.open(path: scratch.path("khong-co.csv")) }
        #expect(missing?.message.vi.contains("khong-co.csv") == true)
        #expect(missing?.message.vi.contains(scratch.folder.path) == false)  // no server paths in messages
        expectError("file.unreadable") { _ = try TableFile.open(path: scratch.folder.path) }
    }
}
