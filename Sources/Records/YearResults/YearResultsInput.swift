import EduCore
import Foundation
import Tabular

/// Reads the files of `eduvn records year-results`: `marks.csv` (student_id, subject, semester, kind, value),
/// `conduct.csv` (student_id, conduct_hk1, conduct_hk2, absences) and optionally lessons per year by subject.
/// CSV or XLSX. Every problem of a file is collected (up to ``maximumProblems``) and reported with its row and
/// column; nothing is computed from a file with problems.
public enum YearResultsInput {
    public static let maximumProblems = 1000

    /// The students in the order they first appear (marks, then conduct).
    public static func read(marks: String, conduct: String, lessons: String? = nil) throws -> (students: [StudentYear], lessonsPerYear: [String: Int]) {
        var book = Gradebook()
        try readMarks(marks, into: &book)
        try readConduct(conduct, into: &book)
        return (book.students, try lessons.map(readLessons) ?? [:])
    }

    /// Students by ID, in the order first seen.
    private struct Gradebook {
        var students: [StudentYear] = []
        var index: [String: Int] = [:]
        /// Per student and subject: whether it was given as a comment subject (nx) or a scored one.
        var commentSubject: [String: [String: Bool]] = [:]

        mutating func position(of id: String) -> Int {
            if let position = index[id] { return position }
            students.append(StudentYear(studentID: id))
            index[id] = students.count - 1
            return students.count - 1
        }
    }

    private enum Kind: String { case tx, gk, ck, nx }

    private static func readMarks(_ path: String, into book: inout Gradebook) throws {
        try readTable(path, columns: ["student_id", "subject", "semester", "kind", "value"]) { row, cell, problem in
            guard let id = cell("student_id"), let subject = cell("subject") else { return }
            guard let semester = cell("semester").flatMap(Int.init), (1...2).contains(semester) else {
                return problem("semester", "Học kì là 1 hoặc 2", "The semester is 1 or 2")
            }
            guard let kind = cell("kind").flatMap({ Kind(rawValue: $0.lowercased()) }) else {
                return problem("kind", "Loại điểm là tx, gk, ck hoặc nx", "The kind is tx, gk, ck or nx")
            }
            let value = cell("value") ?? ""
            let student = book.position(of: id)
            let isComment = kind == .nx
            if let earlier = book.commentSubject[id]?[subject], earlier != isComment {
                return isComment
                    ? problem("kind", "Môn \(subject) đã có điểm số: không nhận thêm nhận xét", "\(subject) already has marks: it cannot take a comment")
                    : problem("kind", "Môn \(subject) đánh giá bằng nhận xét: không nhận điểm số", "\(subject) is assessed by comment: it cannot take a mark")
            }
            book.commentSubject[id, default: [:]][subject] = isComment
            var subjectIndex = book.students[student].subjects.firstIndex { $0.name == subject }
            if subjectIndex == nil {
                book.students[student].subjects.append(StudentYear.Subject(name: subject))
                subjectIndex = book.students[student].subjects.count - 1
            }
            var marks = book.students[student].subjects[subjectIndex!].semesters[semester - 1]
            if isComment {
                guard let comment = CommentResult(label: value) else {
                    return problem("value", "Môn nhận xét nhận Đ hoặc CĐ", "A comment subject takes Đ or CĐ")
                }
                guard marks.comment == nil else { return problem("value", "Nhận xét học kì này đã có", "This semester already has a comment") }
                marks.comment = comment
            } else {
                guard let mark = Mark(value) else {
                    return problem("value", "Điểm từ 0 đến 10, nhiều nhất một chữ số thập phân", "A mark is 0 to 10 with at most one decimal")
                }
                switch kind {
                case .tx: marks.regular.append(mark)
                case .gk:
                    guard marks.midterm == nil else { return problem("kind", "Điểm giữa kì học kì này đã có", "This semester already has a mid-term mark") }
                    marks.midterm = mark
                case .ck:
                    guard marks.endterm == nil else { return problem("kind", "Điểm cuối kì học kì này đã có", "This semester already has an end-term mark") }
                    marks.endterm = mark
                case .nx: break
                }
            }
            book.students[student].subjects[subjectIndex!].semesters[semester - 1] = marks
        }
    }

    private static func readConduct(_ path: String, into book: inout Gradebook) throws {
        var seen: Set<String> = []
        try readTable(path, columns: ["student_id", "conduct_hk1", "conduct_hk2", "absences"]) { row, cell, problem in
            guard let id = cell("student_id") else { return }
            guard seen.insert(id).inserted else { return problem("student_id", "Học sinh có hai dòng", "The student has two rows") }
            let student = book.position(of: id)
            for (semester, column) in ["conduct_hk1", "conduct_hk2"].enumerated() {
                guard let label = cell(column) else { continue }
                guard let rating = Rating(label: label) else {
                    return problem(column, "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", "Conduct is Tốt, Khá, Đạt or Chưa đạt")
                }
                book.students[student].conduct[semester] = rating
            }
            if let absences = cell("absences") {
                guard let count = Int(absences), count >= 0 else {
                    return problem("absences", "Số buổi nghỉ là số nguyên không âm", "Absences are a whole number, zero or more")
                }
                book.students[student].absences = count
            }
        }
    }

    private static func readLessons(_ path: String) throws -> [String: Int] {
        var lessons: [String: Int] = [:]
        try readTable(path, columns: ["subject", "lessons_per_year"]) { _, cell, problem in
            guard let subject = cell("subject") else { return }
            guard let count = cell("lessons_per_year").flatMap(Int.init), count > 0 else {
                return problem("lessons_per_year", "Số tiết mỗi năm là số nguyên dương", "Lessons per year are a whole number above zero")
            }
            guard lessons.updateValue(count, forKey: subject) == nil else { return problem("subject", "Môn có hai dòng", "The subject has two rows") }
        }
        return lessons
    }

    /// Reads a table whose header is exactly `columns` (in any order). `visit` gets each row with a reader of its
    /// cells (nil when empty; student_id and subject are required and reported when missing) and a way to report a
    /// problem in a column.
    private static func readTable(
        _ path: String, columns: [String],
        _ visit: (Int, (String) -> String?, (String, String, String) -> Void) throws -> Void
    ) throws {
        let name = URL(fileURLWithPath: path).lastPathComponent
        do {
            try readRows(path, name: name, columns: columns, visit)
        } catch let error as EduError {
            // A file that cannot be read as a table (encoding, quoting, a row wider than the header): its name first.
            throw EduError(error.code, vi: "\(name): \(error.message.vi)", en: "\(name): \(error.message.en)")
        }
    }

    private static func readRows(
        _ path: String, name: String, columns: [String],
        _ visit: (Int, (String) -> String?, (String, String, String) -> Void) throws -> Void
    ) throws {
        let file = try TableFile.open(path: path)
        var problems: [RowProblem] = []
        let header = file.header.map { $0.lowercased() }
        for column in columns where !header.contains(column) {
            problems.append(RowProblem(row: 1, column: column, value: "", vi: "Thiếu cột \(column)", en: "The column \(column) is missing"))
        }
        for title in header where !title.isEmpty && !columns.contains(title) {
            problems.append(RowProblem(row: 1, column: title, value: title, vi: "Cột không được hỗ trợ", en: "Unknown column"))
        }
        guard problems.isEmpty else { throw InputRejected(problems, file: name) }
        let positions = Dictionary(uniqueKeysWithValues: columns.map { ($0, header.firstIndex(of: $0)!) })
        try file.forEachRecord { record in
            guard problems.count < maximumProblems else { return }
            let cell = { (column: String) -> String? in
                let value = record.cells[positions[column]!]
                return value.isEmpty ? nil : value
            }
            var rowHasProblem = false
            let problem = { (column: String, vi: String, en: String) in
                rowHasProblem = true
                problems.append(RowProblem(row: record.row, column: column, value: cell(column) ?? "", vi: vi, en: en))
            }
            for required in ["student_id", "subject"] where columns.contains(required) && cell(required) == nil {
                problem(required, "Ô bắt buộc đang trống", "This cell is required")
            }
            guard !rowHasProblem else { return }
            try visit(record.row, cell, problem)
        }
        guard problems.isEmpty else { throw InputRejected(problems, file: name) }
    }
}
