import EduCore
import Tabular

/// Reads the files of `eduvn records year-results --regime tt27`: `marks.csv` (student_id, subject, semester, kind,
/// value: the level T/H/C at `gk`/`ck`, the periodic test score at `ktgk`/`ktck`) and `qualities.csv` (student_id,
/// item, semester, kind, value: Tốt/Đạt/Cần cố gắng at `gk`/`ck`). CSV or XLSX; every problem is reported with its
/// row and column, and nothing is computed from a file with problems.
public enum PrimaryYearResultsInput {
    /// The students in the order they first appear (marks, then qualities), and the qualities and competences in the
    /// order the file first names them: the class's list, which every student's year result needs.
    public static func read(marks: String, qualities: String) throws -> (students: [PrimaryStudentYear], qualities: [String]) {
        var students = StudentsInOrder(PrimaryStudentYear.init(studentID:))
        try readMarks(marks, into: &students)
        let items = try readQualities(qualities, into: &students)
        return (students.all, items)
    }

    private enum Kind: String {
        case gk, ck, ktgk, ktck

        var isTest: Bool { self == .ktgk || self == .ktck }
        var isEnd: Bool { self == .ck || self == .ktck }
    }

    private static func assessmentPoint(_ row: inout CheckedRow, kinds: [Kind], vi: String, en: String) -> (AssessmentPoint, Kind)? {
        guard let semester = row.cell("semester").flatMap(Int.init), (1...2).contains(semester) else {
            row.problem("semester", vi: "Học kì là 1 hoặc 2", en: "The semester is 1 or 2")
            return nil
        }
        guard let kind = row.cell("kind").flatMap({ Kind(rawValue: $0.lowercased()) }), kinds.contains(kind) else {
            row.problem("kind", vi: vi, en: en)
            return nil
        }
        return (AssessmentPoint(semester: semester, end: kind.isEnd), kind)
    }

    private static func readMarks(_ path: String, into students: inout StudentsInOrder<PrimaryStudentYear>) throws {
        try YearResultsInput.readTable(path, columns: ["student_id", "subject", "semester", "kind", "value"]) { row in
            guard let id = row.cell("student_id"), let name = row.cell("subject"),
                  let found = assessmentPoint(&row, kinds: [.gk, .ck, .ktgk, .ktck],
                                                      vi: "Loại là gk, ck (mức đạt được) hoặc ktgk, ktck (điểm kiểm tra định kì)",
                                                      en: "The kind is gk, ck (level) or ktgk, ktck (periodic test score)")
            else { return }
            let (point, kind) = found
            let value = row.cell("value") ?? ""
            let student = students.position(of: id)
            let index = students[student].subjects.index(named: name)
            var subject = students[student].subjects[index]
            if kind.isTest {
                guard let score = TT27Rules.testScore(value) else {
                    return row.problem("value", vi: TT27Rules.testScoreRule.vi, en: TT27Rules.testScoreRule.en)
                }
                guard subject.tests[point.rawValue] == nil else {
                    return row.problem("kind", vi: "Môn \(name) đã có điểm kiểm tra \(point.name)", en: "\(name) already has a \(point.name) test score")
                }
                subject.tests[point.rawValue] = score
            } else {
                guard let level = SubjectLevel(label: value) else {
                    return row.problem("value", vi: TT27Rules.levelRule.vi, en: TT27Rules.levelRule.en)
                }
                guard subject.levels[point.rawValue] == nil else {
                    return row.problem("kind", vi: "Môn \(name) đã có mức đạt được \(point.name)", en: "\(name) already has a \(point.name) level")
                }
                subject.levels[point.rawValue] = level
            }
            students[student].subjects[index] = subject
        }
    }

    private static func readQualities(_ path: String, into students: inout StudentsInOrder<PrimaryStudentYear>) throws -> [String] {
        var items: [String] = []
        try YearResultsInput.readTable(path, columns: ["student_id", "item", "semester", "kind", "value"], required: ["student_id", "item"]) { row in
            guard let id = row.cell("student_id"), let name = row.cell("item"),
                  let found = assessmentPoint(&row, kinds: [.gk, .ck], vi: "Loại là gk hoặc ck", en: "The kind is gk or ck")
            else { return }
            let point = found.0
            guard let level = QualityLevel(label: row.cell("value") ?? "") else {
                return row.problem("value", vi: TT27Rules.qualityRule.vi, en: TT27Rules.qualityRule.en)
            }
            let student = students.position(of: id)
            let index = students[student].qualities.index(named: name)
            guard students[student].qualities[index].levels[point.rawValue] == nil else {
                return row.problem("kind", vi: "\(name) đã có mức đạt được \(point.name)", en: "\(name) already has a \(point.name) level")
            }
            students[student].qualities[index].levels[point.rawValue] = level
            if !items.contains(name) { items.append(name) }
        }
        return items
    }
}
