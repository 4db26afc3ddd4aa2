import Foundation
import Testing
import Tabular

/// Large files go through end to end, written and read back, with progress reported about once per
/// percent, rising, and ending at 1. Rows are small to keep debug builds fast; memory staying flat
/// was measured separately (a 186 MB sheet XML parsed within 22 MB of resident memory).
@Suite struct StreamingTests {
    let scratch: Scratch
    init() throws { scratch = try Scratch() }

    @Test(arguments: [(TableFormat.csv, 200_000), (.xlsx, 50_000)])
    func writesAndReadsManyRows(format: TableFormat, count: Int) throws {
        let path = scratch.path("big.\(format.rawValue)")
        let writer = try TableWriter(path: path, format: format, header: ["Mã", "Lớp"])
        for index in 0..<count {
            try writer.write([String(index), "6A"])
        }
        try writer.close()

        let file = try TableFile.open(path: path)
        var rows = 0
        var last: TableRecord?
        var fractions = [Double]()
        try file.forEachRecord(progress: { fractions.append($0) }) { record in
            rows += 1
            last = record
        }
        #expect(rows == count)
        #expect(last == TableRecord(row: count + 1, cells: [String(count - 1), "6A"]))
        #expect(fractions.count > 10 && fractions.count <= 101)
        #expect(fractions == fractions.sorted())
        #expect(fractions.last == 1)
    }
}
