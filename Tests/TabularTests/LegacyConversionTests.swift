import EduCore
import Foundation
import Testing
@testable import Tabular

/// Reading tables in legacy encodings with conversion on: CSV bytes, and cells typed with a legacy font in an XLSX file
/// or a UTF-8 CSV; Unicode tables are left alone.
@Suite struct LegacyConversionTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    static let columns = ["mã hs", "họ và tên", "lớp", "địa chỉ"]
    static let sampleRows: [[String]] = legacySample.split(separator: "\n").dropFirst().map { line in
        // The sample's address is quoted and holds commas.
        let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
        return parts[0].split(separator: ",").map(String.init) + [String(parts[1])]
    }

    func read(_ path: String, columns: [String] = Self.columns) throws -> (rows: [[String]], conversion: LegacyConversion?) {
        var rows: [[String]] = []
        let conversion = try CheckedTable.read(path, columns: { _ in columns }, unknownColumns: .refused, convertingLegacyText: true) { row in
            rows.append(columns.indices.map { row.cell($0) ?? "" })
        }
        return (rows, conversion)
    }

    @Test(arguments: [("legacy-tcvn3.csv", "TCVN3 (ABC)"), ("legacy-vni.csv", "VNI"), ("legacy-windows1258.csv", "Windows-1258")])
    func legacyCSVFilesAreConvertedWithAReport(fixtureName: String, encoding: String) throws {
        let (rows, conversion) = try read(fixture(fixtureName))
        #expect(rows == Self.sampleRows)
        let report = try #require(conversion)
        #expect(report.encoding == encoding)
        #expect(report.cells == 4 + 4 * 2, "the header's non-ASCII cells and each row's name and address (codes and classes are ASCII)")
        #expect(report.examples.first?.row == 1 && report.examples.first?.after == "Mã HS")
        #expect(report.summary.vi.contains("bảng mã \(encoding)") && report.summary.en.contains("from \(encoding)"))
    }

    /// An XLSX typed with .VnTime fonts holds the TCVN3 bytes as Windows-1252 characters; they are converted cell by cell.
    @Test func cellsTypedWithALegacyFontAreConverted() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture("legacy-tcvn3.csv"))))
        let lines = ByteView.text(bytes).split(separator: "\n").map(String.init)
        let path = scratch.path("vntime.xlsx")
        // The header from a Unicode template, the cells typed with the font.
        let writer = try TableWriter(path: path, format: .xlsx, header: ["Mã HS", "Họ và tên", "Lớp", "Địa chỉ"])
        for line in lines.dropFirst() {
            let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
            try writer.write(parts[0].split(separator: ",").map(String.init) + [String(parts[1])])
        }
        try writer.close()
        let (rows, conversion) = try read(path)
        #expect(rows == Self.sampleRows)
        #expect(conversion?.encoding == "TCVN3 (ABC)")
    }

    /// A Unicode file read once as Windows-1252 and saved again as UTF-8 ("Nguyá»…n"): repaired, with the report.
    @Test func unicodeGarbledThroughWindows1252IsRepaired() throws {
        let garbled = ByteView.text(Array(legacySample.utf8))
        let (rows, conversion) = try read(try scratch.write("mojibake.csv", text: garbled))
        #expect(rows == Self.sampleRows)
        let report = try #require(conversion)
        #expect(report.encoding == "UTF-8/Windows-1252 (mojibake)")
        #expect(report.examples.first?.after == "Mã HS" && report.examples.first?.before == "MÃ£ HS", "\(report.examples)")
        // Legacy bytes are almost never valid UTF-8: the TCVN3 and VNI fixtures, shown the same way, are still read as such.
        for (name, encoding) in [("legacy-tcvn3.csv", "TCVN3 (ABC)"), ("legacy-vni.csv", "VNI")] {
            let shown = ByteView.text([UInt8](try Data(contentsOf: URL(fileURLWithPath: fixture(name)))))
            #expect(try read(try scratch.write("shown-\(name)", text: shown)).conversion?.encoding == encoding)
        }
    }

    @Test func unicodeTablesAreLeftAlone() throws {
        let unicode = try read(try scratch.write("unicode.csv", text: legacySample))
        #expect(unicode.rows == Self.sampleRows && unicode.conversion == nil)
        // Unicode text that happens to fit in Windows-1252 (no ư ơ đ ă ạ …) is not enough evidence of a legacy font.
        let latin = try read(try scratch.write("latin.csv", text: "Mã HS,Họ và tên,Lớp,Địa chỉ\n001,Lê Hà,6A,Hà Tĩnh\n"))
        #expect(latin.rows == [["001", "Lê Hà", "6A", "Hà Tĩnh"]] && latin.conversion == nil)
        let small = try read(try scratch.write("small.csv", text: "name,place\nLê Hà,Hà Tĩnh\nĐỗ Mai,Hà Nội\n"), columns: ["name", "place"])
        #expect(small.conversion == nil, "one cell beyond Windows-1252 (Đỗ) shows the table is Unicode")
        let few = try read(try scratch.write("few.csv", text: "name,place\nLê Hà,Hà Nam\n"), columns: ["name", "place"])
        #expect(few.rows == [["Lê Hà", "Hà Nam"]] && few.conversion == nil, "three non-ASCII bytes are too few to call it a legacy font")
    }

    @Test func withoutConversionLegacyFilesAreStillRefused() throws {
        let error = expectError("file.encoding") {
            try CheckedTable.read(fixture("legacy-vni.csv"), columns: { _ in Self.columns }, unknownColumns: .refused) { _ in }
        }
        #expect(error?.message.en.contains("VNI") == true)
    }
}
