import EduCore
import Foundation
import Records
import Registry

/// One subject's gradebook for a semester as the web grid shows it: a row per student, a column per mark.
struct GradebookSheet {
    struct Column: Hashable {
        let kind: MarkKind
        let position: Int

        var label: String {
            switch kind {
            case .regular: "TX\(position)"
            case .midterm: "GK"
            case .endterm: "CK"
            case .comment: "NX"
            }
        }
    }

    let assignment: TeachingAssignment
    let semester: Int
    let students: [RegistryStore.StudentSummary]
    let marks: [Int: SemesterMarks]
    let status: GradebookStatus

    /// The regular marks the subject's lessons need (and any more already given, and one spare), a mid-term and an
    /// end-term; or the comment.
    var columns: [Column] {
        if assignment.assessment == .comment { return [Column(kind: .comment, position: 1)] }
        let needed = TT22Rules().regularMarksRequired(lessonsPerYear: assignment.lessonsPerYear)
        let given = marks.values.map(\.regular.count).max() ?? 0
        return (1...max(needed, given + (status == .open ? 1 : 0), 1)).map { Column(kind: .regular, position: $0) }
            + [Column(kind: .midterm, position: 1), Column(kind: .endterm, position: 1)]
    }

    static func field(student: Int, _ column: Column) -> String { "c_\(student)_\(column.kind.rawValue)_\(column.position)" }

    func value(student: Int, _ column: Column) -> String? {
        let given = marks[student]
        return switch column.kind {
        case .regular: given.flatMap { column.position <= $0.regular.count ? $0.regular[column.position - 1].description : nil }
        case .midterm: given?.midterm?.description
        case .endterm: given?.endterm?.description
        case .comment: given?.comment?.label
        }
    }

    /// The changes a form asks for: the cells that differ from what is stored (an emptied cell clears it). A pasted
    /// block (rows of tab-separated cells, copied from a spreadsheet in the grid's order) replaces the cells instead.
    func entries(form: [String: String]) throws -> [MarkEntry] {
        var cells: [Int: [Column: String]] = [:]
        let columns = columns
        if let paste = form["paste"]?.trimmingCharacters(in: .whitespacesAndNewlines), !paste.isEmpty {
            var problems: [RowProblem] = []
            // "\r\n" (Windows, Excel) is one Character in Swift: split on every kind of line break.
            let lines = paste.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            if lines.count > students.count {
                problems.append(RowProblem(row: students.count + 1, column: "paste", value: String(lines[students.count]),
                                           vi: "Nhiều dòng hơn số học sinh của lớp (\(students.count))", en: "More rows than the class has students (\(students.count))"))
            }
            for (index, line) in lines.prefix(students.count).enumerated() {
                let values = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard values.count <= columns.count else {
                    problems.append(RowProblem(row: index + 1, column: "paste", value: String(line),
                                               vi: "Nhiều ô hơn số cột (\(columns.count))", en: "More cells than columns (\(columns.count))"))
                    continue
                }
                cells[students[index].id] = Dictionary(uniqueKeysWithValues: zip(columns, values + Array(repeating: "", count: columns.count - values.count)))
            }
            guard problems.isEmpty else { throw InputRejected(problems) }
        } else {
            for student in students {
                cells[student.id] = Dictionary(uniqueKeysWithValues: columns.map { ($0, form[Self.field(student: student.id, $0)]?.trimmingCharacters(in: .whitespaces) ?? "") })
            }
        }
        return students.flatMap { student in
            columns.compactMap { column -> MarkEntry? in
                let typed = cells[student.id]?[column] ?? "", stored = value(student: student.id, column)
                if typed.isEmpty { return stored == nil ? nil : MarkEntry(studentID: student.id, kind: column.kind, position: column.position, value: nil) }
                if typed == stored { return nil }
                return MarkEntry(studentID: student.id, kind: column.kind, position: column.position, value: typed)
            }
        }
    }

    /// A problem the store found in entry number `row`, told by the student's place in the list and the column.
    func locate(_ problem: RowProblem, in entries: [MarkEntry]) -> RowProblem {
        guard entries.indices.contains(problem.row - 1) else { return problem }
        let entry = entries[problem.row - 1]
        let column = Column(kind: entry.kind, position: entry.position)
        return RowProblem(row: (students.firstIndex { $0.id == entry.studentID } ?? -1) + 1,
                          column: "\(name(of: entry.studentID)) · \(column.label)", value: problem.value, reason: problem.reason)
    }

    /// A submission problem: its value is the student's id.
    func locate(student problem: RowProblem) -> RowProblem {
        guard let id = Int(problem.value) else { return problem }
        return RowProblem(row: (students.firstIndex { $0.id == id } ?? -1) + 1, column: "\(name(of: id)) · \(problem.column)", value: "",
                          reason: problem.reason)
    }

    private func name(of student: Int) -> String { students.first { $0.id == student }?.fullName ?? String(student) }
}
