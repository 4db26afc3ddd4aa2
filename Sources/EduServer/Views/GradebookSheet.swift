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
            case .midtermTest: "KTGK"
            case .endtermTest: "KTCK"
            }
        }
    }

    let assignment: TeachingAssignment
    let semester: Int
    let students: [RegistryStore.StudentSummary]
    /// As stored, by student, kind and position.
    let cells: [Int: [MarkKind: [Int: String]]]
    let status: GradebookStatus

    /// One per kind the subject takes (``TeachingAssignment/Assessment/kinds``), the regular marks as many as the
    /// subject's lessons need (and any more already given, and one spare).
    var columns: [Column] {
        assignment.assessment.kinds.flatMap { kind -> [Column] in
            guard kind == .regular else { return [Column(kind: kind, position: 1)] }
            let needed = TT22Rules().regularMarksRequired(lessonsPerYear: assignment.lessonsPerYear)
            let given = cells.values.compactMap { $0[.regular]?.keys.max() }.max() ?? 0
            return (1...max(needed, given + (status == .open ? 1 : 0), 1)).map { Column(kind: .regular, position: $0) }
        }
    }

    /// The phone keyboard a cell needs: digits for test scores, a decimal point for marks, letters for the rest.
    func inputMode(_ column: Column) -> String {
        if column.kind == .midtermTest || column.kind == .endtermTest { return "numeric" }
        return assignment.assessment == .scored ? "decimal" : "text"
    }

    static func field(student: Int, _ column: Column) -> String { "c_\(student)_\(column.kind.rawValue)_\(column.position)" }

    func value(student: Int, _ column: Column) -> String? {
        cells[student]?[column.kind]?[column.position]
    }

    /// The changes a form asks for: the cells that differ from what is stored (an emptied cell clears it). A pasted
    /// block (rows of tab-separated cells, copied from a spreadsheet in the grid's order) replaces the cells instead.
    func entries(form: [String: String]) throws -> [MarkEntry] {
        var typed: [Int: [Column: String]] = [:]
        let columns = columns
        // Only trailing line breaks go: a leading tab is an empty first column, a leading blank line an empty first student.
        if var paste = form["paste"], paste.contains(where: { !$0.isWhitespace }) {
            while paste.last?.isNewline == true { paste.removeLast() }
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
                typed[students[index].id] = Dictionary(uniqueKeysWithValues: zip(columns, values + Array(repeating: "", count: columns.count - values.count)))
            }
            guard problems.isEmpty else { throw InputRejected(problems) }
        } else {
            for student in students {
                // A cell the form did not send is left as stored (a browser sends every input; a script may send a few).
                let sent = columns.compactMap { column in form[Self.field(student: student.id, column)].map { (column, $0.trimmingCharacters(in: .whitespaces)) } }
                if !sent.isEmpty { typed[student.id] = Dictionary(uniqueKeysWithValues: sent) }
            }
        }
        // A student below the last pasted row is left as stored.
        return students.filter { typed[$0.id] != nil }.flatMap { student in
            columns.compactMap { column -> MarkEntry? in
                guard let text = typed[student.id]?[column] else { return nil }
                let stored = value(student: student.id, column)
                if text.isEmpty { return stored == nil ? nil : MarkEntry(studentID: student.id, kind: column.kind, position: column.position, value: nil) }
                if text == stored { return nil }
                return MarkEntry(studentID: student.id, kind: column.kind, position: column.position, value: text)
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
