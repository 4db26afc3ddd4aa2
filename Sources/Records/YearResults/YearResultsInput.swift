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
        return (book.students.all, try lessons.map(readLessons) ?? [:])
    }

    private struct Gradebook {
        var students = StudentsInOrder(StudentYear.init(studentID:))
        /// Per student and subject: whether it was given as a comment subject (nx) or a scored one.
        var commentSubject: [String: [String: Bool]] = [:]
    }

    private enum Kind: String { case tx, gk, ck, nx }

    private static func readMarks(_ path: String, into book: inout Gradebook) throws {
        try readTable(path, columns: ["student_id", "subject", "semester", "kind", "value"]) { row in
            guard let id = row.cell("student_id"), let subject = row.cell("subject") else { return }
            guard let semester = row.cell("semester").flatMap(Int.init), (1...2).contains(semester) else {
                return row.problem("semester", vi: "Học kì là 1 hoặc 2", en: "The semester is 1 or 2")
            }
            guard let kind = row.cell("kind").flatMap({ Kind(rawValue: $0.lowercased()) }) else {
                return row.problem("kind", vi: "Loại điểm là tx, gk, ck hoặc nx", en: "The kind is tx, gk, ck or nx")
            }
            let value = row.cell("value") ?? ""
            let student = book.students.position(of: id)
            let isComment = kind == .nx
            if let earlier = book.commentSubject[id]?[subject], earlier != isComment {
                return isComment
                    ? row.problem("kind", vi: "Môn \(subject) đã có điểm số: không nhận thêm nhận xét", en: "\(subject) already has marks: it cannot take a comment")
                    : row.problem("kind", vi: "Môn \(subject) đánh giá bằng nhận xét: không nhận điểm số", en: "\(subject) is assessed by comment: it cannot take a mark")
            }
            book.commentSubject[id, default: [:]][subject] = isComment
            let subjectIndex = book.students[student].subjects.index(named: subject)
            var marks = book.students[student].subjects[subjectIndex].semesters[semester - 1]
            if isComment {
                guard let comment = CommentResult(label: value) else {
                    return row.problem("value", vi: TT22Rules.commentRule.vi, en: TT22Rules.commentRule.en)
                }
                guard marks.comment == nil else { return row.problem("value", vi: "Nhận xét học kì này đã có", en: "This semester already has a comment") }
                marks.comment = comment
            } else {
                guard let mark = Mark(value) else {
                    return row.problem("value", vi: TT22Rules.markRule.vi, en: TT22Rules.markRule.en)
                }
                switch kind {
                case .tx: marks.regular.append(mark)
                case .gk:
                    guard marks.midterm == nil else { return row.problem("kind", vi: "Điểm giữa kì học kì này đã có", en: "This semester already has a mid-term mark") }
                    marks.midterm = mark
                case .ck:
                    guard marks.endterm == nil else { return row.problem("kind", vi: "Điểm cuối kì học kì này đã có", en: "This semester already has an end-term mark") }
                    marks.endterm = mark
                case .nx: break
                }
            }
            book.students[student].subjects[subjectIndex].semesters[semester - 1] = marks
        }
    }

    private static func readConduct(_ path: String, into book: inout Gradebook) throws {
        var seen: Set<String> = []
        try readTable(path, columns: ["student_id", "conduct_hk1", "conduct_hk2", "absences"]) { row in
            guard let id = row.cell("student_id") else { return }
            guard seen.insert(id).inserted else { return row.problem("student_id", vi: "Học sinh có hai dòng", en: "The student has two rows") }
            let student = book.students.position(of: id)
            for (semester, column) in ["conduct_hk1", "conduct_hk2"].enumerated() {
                guard let label = row.cell(column) else { continue }
                guard let rating = Rating(label: label) else {
                    return row.problem(column, vi: "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", en: "Conduct is Tốt, Khá, Đạt or Chưa đạt")
                }
                book.students[student].conduct[semester] = rating
            }
            if let absences = row.cell("absences") {
                guard let count = Int(absences), count >= 0 else {
                    return row.problem("absences", vi: "Số buổi nghỉ là số nguyên không âm", en: "Absences are a whole number, zero or more")
                }
                book.students[student].absences = count
            }
        }
    }

    private static func readLessons(_ path: String) throws -> [String: Int] {
        var lessons: [String: Int] = [:]
        try readTable(path, columns: ["subject", "lessons_per_year"]) { row in
            guard let subject = row.cell("subject") else { return }
            guard let count = row.cell("lessons_per_year").flatMap(Int.init), count > 0 else {
                return row.problem("lessons_per_year", vi: "Số tiết mỗi năm là số nguyên dương", en: "Lessons per year are a whole number above zero")
            }
            guard lessons.updateValue(count, forKey: subject) == nil else { return row.problem("subject", vi: "Môn có hai dòng", en: "The subject has two rows") }
        }
        return lessons
    }

    /// Reads a table whose header is exactly `columns` (in any order); the cells of `required` (by default
    /// student_id and subject) may not be empty.
    static func readTable(_ path: String, columns: [String], required: Set<String> = ["student_id", "subject"],
                          _ visit: (inout CheckedRow) throws -> Void) throws {
        try CheckedTable.read(path, columns: { _ in columns }, required: Set(columns).intersection(required),
                              unknownColumns: .refused, maximumProblems: maximumProblems, visit)
    }
}

/// Students by ID, in the order first seen.
struct StudentsInOrder<Student> {
    private(set) var all: [Student] = []
    private var index: [String: Int] = [:]
    private let make: (String) -> Student

    init(_ make: @escaping (String) -> Student) {
        self.make = make
    }

    mutating func position(of id: String) -> Int {
        if let position = index[id] { return position }
        all.append(make(id))
        index[id] = all.count - 1
        return all.count - 1
    }

    subscript(position: Int) -> Student {
        get { all[position] }
        set { all[position] = newValue }
    }
}

/// A subject, quality or competence of a student's year, found by its name.
protocol NamedAssessment {
    var name: String { get }
    init(name: String)
}

extension StudentYear.Subject: NamedAssessment {}
extension PrimaryStudentYear.Subject: NamedAssessment {}
extension PrimaryStudentYear.Quality: NamedAssessment {}

extension Array where Element: NamedAssessment {
    /// The position of the one named `name`, appended first when there is none.
    mutating func index(named name: String) -> Int {
        if let found = firstIndex(where: { $0.name == name }) { return found }
        append(Element(name: name))
        return count - 1
    }
}
