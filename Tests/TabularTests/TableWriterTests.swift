import EduCore
import Foundation
import Testing
import Tabular

/// Cells that break naive writers: delimiters, quotes, line breaks, leading zeros, Vietnamese, empty cells.
private let header = ["Mã HS", "Họ và tên", "Ghi chú"]
private let rows = [
    ["00123", "Nguyễn Thị Ánh", "Lớp 6A, \"chuyên\" Toán"],
    ["0045", "Trần Văn Đức", "dòng 1\ndòng 2\r\ndòng 3"],
    ["007", "", "a;b\tc & <d> _x0041_"],
    ["1e5", "Lê Hoàng", ""],
]

@Suite struct TableWriterTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    private func write(_ format: TableFormat, to name: String, rows: [[String]] = rows) throws -> String {
        let path = scratch.path(name)
        let writer = try TableWriter(path: path, format: format, header: header, sheetName: "Danh sách: 6A/7B")
        for row in rows { try writer.write(row) }
        try writer.close()
        return path
    }

    @Test(arguments: TableFormat.allCases)
    func roundTripKeepsEveryCell(format: TableFormat) throws {
        let file = try TableFile.open(path: write(format, to: "out.\(format.rawValue)"))
        #expect(file.format == format)
        #expect(file.header == header)
        #expect(try records(of: file) == rows.enumerated().map { TableRecord(row: $0.offset + 2, cells: $0.element) })
    }

    @Test func csvIsExcelFriendly() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: write(.csv, to: "out.csv")))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(text.hasPrefix("Mã HS,Họ và tên,Ghi chú\r\n00123,Nguyễn Thị Ánh,\"Lớp 6A, \"\"chuyên\"\" Toán\"\r\n"))
        #expect(text.contains("\r\n007,,a;b\tc & <d> _x0041_\r\n"))
    }

    /// A cell that a spreadsheet would run as a formula is written as text, and reads back as it was.
    @Test(arguments: ["=HYPERLINK(\"http://x\",\"x\")", "+84 912", "-1", "@SUM(A1)"])
    func formulasAreNeutralisedInCSVAndReadBack(cell: String) throws {
        let path = try write(.csv, to: "formula.csv", rows: [[cell, "'quoted", "=" ]])
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(!text.contains("\r\n\(cell.hasPrefix("=") ? "\"=" : cell)"))
        #expect(text.contains("'\(cell.first!)"))
        #expect(try records(atPath: path).first?.cells == [cell, "'quoted", "="])
    }

    /// Our .xlsx also opens in openpyxl 3.1.5 (checked by hand: load_workbook gave the same cells, every one
    /// a str with number format "@", and the sheet name "Danh sách_ 6A_7B"; openpyxl alone shows the literal
    /// "_x0041_" as its Excel escape "_x005F_x0041_").
    @Test func xlsxCellsAreTextAndControlCharactersAreDropped() throws {
        let path = try write(.xlsx, to: "out.xlsx", rows: [["00123", "a\u{1}b\u{FFFF}c", "1.50"]])
        #expect(try records(atPath: path) == [TableRecord(row: 2, cells: ["00123", "abc", "1.50"])])
    }

    @Test func unclosedWriterLeavesNothingBehind() throws {
        for format in TableFormat.allCases {
            let writer = try TableWriter(path: scratch.path("never.\(format.rawValue)"), format: format, header: header)
            try writer.write(rows[0])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path).isEmpty)
    }

    @Test func closeReplacesAnExistingFile() throws {
        let path = try scratch.write("out.csv", text: "old,content\n")
        _ = try write(.csv, to: "out.csv")
        #expect(try TableFile.open(path: path).header == header)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.folder.path) == ["out.csv"])
    }

    @Test func missingFolderIsUnwritable() throws {
        let error = expectError("file.unwritable") {
            _ = try TableWriter(path: scratch.path("no/such/folder/out.csv"), format: .csv, header: header)
        }
        #expect(error?.message.en.contains("out.csv") == true)
    }
}
