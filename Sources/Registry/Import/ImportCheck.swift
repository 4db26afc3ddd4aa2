import EduCore
import Tabular

/// Phase 1 of an import: every row, every rule, duplicates within the file. Touches no database.
/// Rows are spooled (row number, then cells) for phase 2 while they are all valid; after the
/// first rejected row nothing will be written, so spooling stops.
struct ImportCheck<W: SheetWriter> {
    let header: HeaderMap
    let writer: W
    /// nil: no limit (the command line).
    let reach: Reach?
    let spool: FieldSpool
    let today: CalendarDate
    private(set) var rows = 0
    private(set) var rejectedRows = 0
    private(set) var problems: [RowProblem] = []
    private(set) var warnings: [RowProblem] = []
    private var seen: [String: Int] = [:]
    private var legacyText = LegacyFontCheck()
    private let columnNames: [Int: String]

    init(header: HeaderMap, writer: W, reach: Reach?, spool: FieldSpool, today: CalendarDate) {
        self.header = header
        self.writer = writer
        self.reach = reach
        self.spool = spool
        self.today = today
        columnNames = Dictionary(uniqueKeysWithValues: header.positions.map { ($1, $0) })
    }

    /// Text that looks typed with a legacy font: a warning on the file's first such cell.
    var legacyTextProblem: RowProblem? { legacyText.problem }

    mutating func add(_ record: TableRecord) throws {
        rows += 1
        if !legacyText.settled {
            for (index, cell) in record.cells.enumerated() {
                if let column = columnNames[index] { legacyText.add(cell, row: record.row, column: column) }
            }
        }
        var fields = RowFields(row: record.row, cells: record.cells, header: header, today: today)
        var found: [RowProblem] = []
        if let draft = W.Row.read(&fields) {
            found += writer.check(draft, row: record.row)
            if let reach, !Self.permits(reach, draft, writer.references) {
                found.append(RowProblem(row: record.row, column: "school_code", value: draft.owningSchoolCode ?? "",
                                        vi: "Bạn không có quyền thay đổi dữ liệu của trường này",
                                        en: "You may not change this school's records"))
            }
            for (column, key) in draft.fileKeys {
                if let first = seen[key] {
                    found.append(RowProblem(row: record.row, column: column, value: fields.text(column),
                                            vi: "Trùng với dòng \(first) trong cùng tệp",
                                            en: "Duplicates row \(first) of the same file"))
                } else {
                    seen[key] = record.row
                }
            }
        } else if W.Row.sheet != .schools, let code = fields.optional("school_code"), !fields.problems.contains(where: { $0.column == "school_code" }) {
            // An unknown school is reported with the row's other problems, not only once they are fixed.
            _ = writer.references.school(code, row: record.row, into: &found)
        }
        found = fields.problems + found
        if warnings.count < 1000 { warnings += fields.warnings }
        if found.isEmpty {
            if rejectedRows == 0 { try spool.append([String(record.row)] + record.cells) }
        } else {
            rejectedRows += 1
            // Past 1,000 problems the report stops growing; the count of rejected rows stays exact.
            if problems.count < 1000 { problems += found }
        }
    }

    /// Schools may be created only by department-wide writers; other rows only inside writable schools.
    static func permits(_ reach: Reach, _ draft: W.Row, _ references: References) -> Bool {
        guard let code = draft.owningSchoolCode else { return reach.writableAll }
        guard let school = references.schools[code] else { return true }  // reported as an unknown school
        return reach.canWrite(school: school.id)
    }
}
