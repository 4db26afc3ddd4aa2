/// Reads the optional summer file of `eduvn records year-results --summer`: `student_id,kind,subject,value`, kind `kt`
/// (a re-test of `subject`: a mark, or Đ / CĐ for a comment subject) or `rl` (conduct after summer training, `subject`
/// empty). Checked against the year's results: only a subject the student re-takes, only a student sent to training.
extension YearResultsInput {
    public static func readSummer(_ path: String, results: [StudentYearResult]) throws -> [String: SummerResults] {
        let years = Dictionary(results.map { ($0.studentID, $0) }, uniquingKeysWith: { first, _ in first })
        var summer: [String: SummerResults] = [:]
        var seen: Set<[String]> = []
        try readTable(path, columns: ["student_id", "kind", "subject", "value"], required: ["student_id", "kind", "value"]) { row in
            guard let id = row.cell("student_id"), let kind = row.cell("kind")?.lowercased(), let value = row.cell("value") else { return }
            guard let year = years[id] else {
                return row.problem("student_id", vi: "Học sinh không có trong tệp điểm hay rèn luyện", en: "The student is in neither the marks nor the conduct file")
            }
            let subject = row.cell("subject")
            guard seen.insert([id, kind, subject ?? ""]).inserted else {
                return row.problem("subject", vi: "Kết quả này có hai dòng", en: "This result has two rows")
            }
            switch kind {
            case "rl":
                guard subject == nil else { return row.problem("subject", vi: "Rèn luyện hè không ghi môn", en: "Summer training has no subject") }
                guard year.outcome == .summerTraining else {
                    return row.problem("kind", vi: "Học sinh không phải rèn luyện hè", en: "The student has no summer training")
                }
                guard let rating = Rating(label: value) else {
                    return row.problem("value", vi: "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", en: "Conduct is Tốt, Khá, Đạt or Chưa đạt")
                }
                summer[id, default: SummerResults()].conduct = rating
            case "kt":
                guard let subject, year.retestSubjects.contains(subject),
                      let result = year.subjects.first(where: { $0.name == subject })?.year else {
                    return row.problem("subject", vi: "Học sinh không phải kiểm tra lại môn này", en: "The student does not re-take this subject")
                }
                switch result {
                case .score:
                    guard let mark = Mark(value) else { return row.problem("value", vi: TT22Rules.markRule.vi, en: TT22Rules.markRule.en) }
                    summer[id, default: SummerResults()].retests[subject] = .score(mark)
                case .comment:
                    guard let comment = CommentResult(label: value) else {
                        return row.problem("value", vi: TT22Rules.commentRule.vi, en: TT22Rules.commentRule.en)
                    }
                    summer[id, default: SummerResults()].retests[subject] = .comment(comment)
                }
            default:
                row.problem("kind", vi: "Loại là kt (kiểm tra lại) hoặc rl (rèn luyện hè)", en: "The kind is kt (re-test) or rl (summer training)")
            }
        }
        return summer
    }
}
