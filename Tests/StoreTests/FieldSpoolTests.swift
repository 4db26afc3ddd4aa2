import Tabular
import Testing

@Suite struct FieldSpoolTests {
    /// Enough rows to cross the spool's 1 MB buffer several times, with rows split across reads.
    @Test func rowsComeBackInOrderAcrossBufferBoundaries() throws {
        let spool = try FieldSpool()
        let rows: [[String?]] = (0..<30_000).map { index in
            [String(index), nil, String(repeating: "ễ", count: index % 50), index % 3 == 0 ? "" : "Nguyễn \(index)"]
        }
        for row in rows { try spool.append(row) }
        var reader = try spool.rows()
        var read: [[String?]] = []
        while let row = try reader.next() { read.append(row) }
        #expect(read == rows)
    }
}
