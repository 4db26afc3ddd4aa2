import EduCore
import Foundation
import Testing
import Tabular

@Suite struct XLSXReadingTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    /// Written by XlsxWriter: shared strings, text IDs, custom and built-in date formats, gaps, a blank row 4.
    @Test func readsSpreadsheetLibraryFile() throws {
        let file = try TableFile.open(path: fixture("students.xlsx"))
        #expect(file.format == .xlsx)
        #expect(file.header == ["Mã HS", "Họ và tên", "Ngày sinh", "Lớp", "Điểm TB", "Số buổi nghỉ", "Ghi chú"])
        #expect(isNFC(file.header[6]))  // stored decomposed in the file
        #expect(try records(of: file) == [
            TableRecord(row: 2, cells: ["00123", "Nguyễn Thị Ánh", "2010-03-15", "6A", "8.75", "3", ""]),
            TableRecord(row: 3, cells: ["00456", "Trần Văn Đức", "2011-12-01", "6A", "9", "0", "Chuyển trường"]),
            TableRecord(row: 5, cells: ["00789", "Lê Hoàng Long", "", "", "7.5", "", "Học bổng, loại \"khá\""]),
            TableRecord(row: 6, cells: ["", "Nguyễn Thị Ánh", "", "", "", "", ""]),
        ])
    }

    /// Hand-written parts: prefixed elements, relationships to renamed parts, inline and rich strings,
    /// formulas, booleans, errors, _xHHHH_ escapes, cells and rows without references, date and time styles.
    @Test func readsEveryCellKind() throws {
        let file = try TableFile.open(path: fixture("handmade.xlsx"))
        #expect(file.header == ["Tên", "Kiểu", "Giá trị"])
        #expect(try records(of: file) == [
            TableRecord(row: 2, cells: ["Phạm Minh", "công thức", "2"]),
            TableRecord(row: 3, cells: ["TRUE", "FALSE", "#N/A"]),
            TableRecord(row: 4, cells: ["dòng 1\r\ndòng 2 _x0041_", "", "inline"]),
            TableRecord(row: 6, cells: ["2021-01-01", "2021-01-01", "0.5"]),  // h:mm is a time, not a date
            TableRecord(row: 7, cells: ["1900-02-28", "1900-02-29", "1900-03-01"]),  // Excel's 1900 leap-year bug
            TableRecord(row: 8, cells: ["1.25", "1500", "0.1"]),
        ])
    }

    @Test func readsThe1904DateSystem() throws {
        let dates = try records(atPath: fixture("handmade-1904.xlsx")).filter { [6, 7].contains($0.row) }.map(\.cells)
        #expect(dates == [["2025-01-02", "2025-01-02", "0.5"], ["1904-02-29", "1904-03-01", "1904-03-02"]])
    }

    @Test func contentDecidesTheFormat() throws {
        let renamed = scratch.path("hoc-sinh.csv")
        try FileManager.default.copyItem(atPath: fixture("students.xlsx"), toPath: renamed)
        let file = try TableFile.open(path: renamed)
        #expect(file.format == .xlsx)
        #expect(try records(of: file).count == 4)
    }

    @Test func truncatedSheetIsMalformedAtItsRow() throws {
        let file = try TableFile.open(path: fixture("broken-sheet.xlsx"))
        var seen = [Int]()
        let error = expectError("xlsx.malformed") { try file.forEachRecord { seen.append($0.row) } }
        #expect(seen == [2])
        #expect(error?.message.vi.contains("dòng 3") == true)
        #expect(error?.message.en.contains("row 3") == true)
    }

    @Test(arguments: [
        ("renamed.xlsx", Data("Mã,Tên\n001,An\n".utf8), "text or CSV file"),
        ("old.xls", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504)), "Excel 97–2003"),
        ("export.xls", Data("<html><body><table><tr><td>Mã</td></tr></table></body></html>".utf8), "web page (HTML)"),
        ("cut.xlsx", Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 200)), "damaged or partly uploaded ZIP"),
    ])
    func impostorsAreNamed(name: String, bytes: Data, appearsToBe: String) throws {
        let path = try scratch.write(name, bytes)
        let error = expectError("file.not_xlsx") { _ = try TableFile.open(path: path) }
        #expect(error?.message.en.contains(appearsToBe) == true)
        #expect(error?.message.vi.contains("Excel Workbook (.xlsx)") == true)
    }

    @Test func zipWithoutWorkbookIsNotXLSX() throws {
        let error = expectError("file.not_xlsx") { _ = try TableFile.open(path: fixture("zip-without-workbook.xlsx")) }
        #expect(error?.message.en.contains("ZIP archive without an Excel workbook") == true)
    }

    @Test func oldBinaryWorkbookIsRefusedWhateverItsName() throws {
        let path = try scratch.write("really-xls.csv", Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]))
        expectError("file.not_xlsx") { _ = try TableFile.open(path: path) }
    }

    @Test func sheetWithoutValuesIsEmpty() throws {
        let path = scratch.path("blank.xlsx")
        let writer = try TableWriter(path: path, format: .xlsx, header: ["", " "])
        try writer.write(["", ""])
        try writer.close()
        expectError("file.empty") { _ = try TableFile.open(path: path) }
    }

    @Test func valueWithoutHeaderIsRejected() throws {
        let path = scratch.path("wide.xlsx")
        let writer = try TableWriter(path: path, format: .xlsx, header: ["a", "b"])
        try writer.write(["1", "2"])
        try writer.write(["3", "", "", "ghi chú lạc"])
        try writer.close()
        let error = expectError("xlsx.columns") { _ = try records(atPath: path) }
        #expect(error?.message.en.contains("Row 3 has data in 4 columns") == true)
    }
}
