import EduCore
import Foundation
import Tabular

/// One subject's marks for a class and semester in a spreadsheet (CSV or XLSX, told by content): a row per student,
/// found by the student code (`ma_hoc_sinh`, `mã học sinh` or `student_code`); a name column (`ho_ten`, `họ và tên`,
/// `full_name`) may be there for people and is not read; then a column per mark: `TX1`…`TX8`, `GK`, `CK`, or `NX` for a
/// subject assessed by comment; in primary school (TT27) `GK`, `CK` (the levels) and, for a tested subject, `KTGK`,
/// `KTCK` (the test scores). An empty cell leaves the stored mark as it is. The grid offers this file, filled in with
/// the class and its marks, as the template.
public enum ClassMarksFile {
    public static let studentColumns = ["ma_hoc_sinh", "mã học sinh", "student_code"]
    public static let nameColumns = ["ho_ten", "họ và tên", "họ tên", "full_name"]

    /// A cell that holds a mark, as the entry it makes and where it came from (for the report).
    public struct Cell: Sendable {
        public let row: Int
        public let column: String
        public let entry: MarkEntry
    }

    /// The mark columns a subject takes, lower-cased as the header is read.
    public static func markColumns(_ assessment: TeachingAssignment.Assessment) -> [String] {
        assessment.kinds.flatMap { $0 == .regular ? (1...8).map { "tx\($0)" } : [$0.rawValue] }
    }

    /// Every non-empty mark cell as an entry. Refused, by row and column, all together: no student column, an unknown
    /// column, a student code not in the class, a student twice, marks on a row without a code. `name`: the file's name
    /// as its owner knows it, for the messages. Values are checked by the gradebook, which names
    /// entries; ``Cell`` leads them back to the file.
    public static func read(_ path: String, name: String, assessment: TeachingAssignment.Assessment, students: [String: Int]) throws -> [Cell] {
        let marks = markColumns(assessment)
        var cells: [Cell] = [], seen: Set<Int> = []
        try CheckedTable.read(path, name: name, columns: { header in
            [header.first(where: studentColumns.contains) ?? studentColumns[0]] + nameColumns.filter(header.contains) + marks
        }, optional: Set(marks), unknownColumns: .refused) { row in
            let studentColumn = row.columnName(0)
            guard let code = row.cell(studentColumn) else {
                // The template lists students without a code too; their row is only a problem once it holds a mark.
                if marks.contains(where: { row.cell($0) != nil }) {
                    row.problem(studentColumn, vi: "Thiếu mã học sinh", en: "The student code is missing")
                }
                return
            }
            guard let student = students[code.trimmingCharacters(in: .whitespaces)] else {
                return row.problem(studentColumn, vi: "Không có học sinh mã này trong lớp", en: "No student of the class has this code")
            }
            guard seen.insert(student).inserted else {
                return row.problem(studentColumn, vi: "Học sinh có hai dòng", en: "The student has two rows")
            }
            for column in marks {
                guard let value = row.cell(column)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { continue }
                cells.append(Cell(row: row.row, column: column.uppercased(), entry: entry(student: student, column: column, value: value)))
            }
        }
        return cells
    }

    /// `tx3` → the third regular mark; `gk`, `ck`, `nx`, `ktgk`, `ktck` → the entry of that kind.
    static func entry(student: Int, column: String, value: String) -> MarkEntry {
        if let kind = MarkKind(rawValue: column) { return MarkEntry(studentID: student, kind: kind, value: value) }
        return MarkEntry(studentID: student, kind: .regular, position: Int(column.dropFirst(2)) ?? 1, value: value)
    }

    /// The template: the class's students with their codes and names, and the marks stored so far under `labels`.
    public static func writeTemplate(to path: String, format: TableFormat, labels: [String],
                                     rows: [(code: String, name: String, values: [String])]) throws {
        let writer = try TableWriter(path: path, format: format, header: ["ma_hoc_sinh", "ho_ten"] + labels)
        for row in rows { try writer.write([row.code, row.name] + row.values) }
        try writer.close()
    }
}
