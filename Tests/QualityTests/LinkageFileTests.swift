import EduCore
import Foundation
import Quality
import Tabular
import Testing
import TestSupport

/// `persons.csv` with one row in ten broken: every broken row is named with its column, none of the good rows is, and
/// nothing is returned to link.
@Suite struct LinkageFileTests {
    @Test func aFileWithOneRowInTenBrokenNamesEveryBrokenRow() throws {
        let rows = LinkageDemoData.generate(entities: 300, seed: 8).map(\.cells)
        // Each broken row breaks one field, in turn: the ID, the date, the gender, then a record_id used before.
        let breakages: [(column: String, index: Int, value: String)] = [
            ("national_id", 2, "03120812345"), ("date_of_birth", 4, "2010-02-30"), ("gender", 5, "x"), ("record_id", 0, "r1"),
        ]
        var expected: [(row: Int, column: String)] = []
        let cells = rows.enumerated().map { index, cells -> [String] in
            var cells = cells
            cells[0] = "r\(index + 1)"
            if index % 10 == 9 {
                let breakage = breakages[(index / 10) % breakages.count]
                cells[breakage.index] = breakage.value
                expected.append((index + 2, breakage.column))  // the header is row 1
            }
            return cells
        }
        let path = try TestDatabase.csv(LinkageDemoData.personsHeader, cells, name: "persons.csv")
        let rejected = try #require(throws: InputRejected.self) { try LinkageFiles.readPersons(path) }
        #expect(rejected.problems.map { "\($0.row) \($0.column)" } == expected.map { "\($0.row) \($0.column)" })
        #expect(expected.count == rows.count / 10 && rejected.problems.allSatisfy { !$0.reason.vi.isEmpty && !$0.reason.en.isEmpty })
    }
}
