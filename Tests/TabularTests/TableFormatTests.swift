import Testing
import Tabular

@Test func formatFromExtensionIgnoresCase() {
    #expect(TableFormat.of(path: "/data/DanhSach.CSV") == .csv)
    #expect(TableFormat.of(path: "hoc-sinh.XlSx") == .xlsx)
    #expect(TableFormat.of(path: "old.xls") == nil)
    #expect(TableFormat.of(path: "notes.txt") == nil)
    #expect(TableFormat.of(path: "no-extension") == nil)
}
