import Tabular

/// Writes the two result files of `eduvn records year-results` (CSV or XLSX by the name), whole or not at all.
public enum YearResultsOutput {
    static let missing = "Chưa đủ dữ liệu"

    /// `student_id,subject,hk1,hk2,year`: averages to one decimal or Đ / CĐ, empty when data is missing. With `summer`
    /// (the summer's results were given), a last column `retest`: the re-test's result, empty when not re-taken.
    public static func writeSubjects(_ results: [StudentYearResult], to path: String, summer: [String: SummerResults]? = nil) throws {
        try write(path, header: ["student_id", "subject", "hk1", "hk2", "year"] + (summer == nil ? [] : ["retest"])) { writer in
            for student in results {
                for subject in student.subjects {
                    let retest = summer.map { [$0[student.studentID]?.retests[subject.name]?.description ?? ""] } ?? []
                    try writer.write([student.studentID, subject.name] + (subject.semesters + [subject.year]).map { $0?.description ?? "" } + retest)
                }
            }
        }
    }

    /// `student_id,learning_hk1,learning_hk2,learning_year,conduct_year,outcome,award` with the Vietnamese labels. With
    /// `summer`, three more: `learning_after_summer,conduct_after_summer,outcome_after_summer` for the students the year
    /// sent to re-tests or training (Lên lớp, Ở lại lớp; Chưa đủ dữ liệu for one the summer file does not list), empty
    /// for the others.
    public static func writeStudents(_ results: [StudentYearResult], to path: String, summer: Bool = false) throws {
        let after = summer ? ["learning_after_summer", "conduct_after_summer", "outcome_after_summer"] : []
        try write(path, header: ["student_id", "learning_hk1", "learning_hk2", "learning_year", "conduct_year", "outcome", "award"] + after) { writer in
            for student in results {
                let ratings = (student.learning + [student.learningYear, student.conductYear]).map { $0?.label ?? missing }
                let sentToSummer = student.outcome == .retest || student.outcome == .summerTraining
                let afterSummer = !summer ? [] : student.summer.map { summer in
                    [summer.learning, summer.conduct].map { $0?.label ?? missing } + [summer.outcome?.label ?? missing]
                } ?? Array(repeating: sentToSummer ? missing : "", count: 3)
                try writer.write([student.studentID] + ratings + [student.outcome?.label ?? missing, student.award?.label ?? ""] + afterSummer)
            }
        }
    }

    /// TT27: `student_id,subject,gk1,ck1,gk2,ck2,ktgk1,ktck1,ktgk2,ktck2`: the level (T, H, C) and the periodic test
    /// score at each assessment point, empty where there is none.
    public static func writePrimarySubjects(_ results: [PrimaryStudentResult], to path: String) throws {
        let points = AssessmentPoint.allCases.map(\.name)
        try write(path, header: ["student_id", "subject"] + points + points.map { "kt" + $0 }) { writer in
            for student in results {
                for subject in student.subjects {
                    try writer.write([student.studentID, subject.name] + subject.levels.map { $0?.rawValue ?? "" }
                                     + subject.tests.map { $0.map(String.init) ?? "" })
                }
            }
        }
    }

    /// TT27: `student_id,result,outcome,award`: Hoàn thành xuất sắc … Chưa hoàn thành or Chưa đủ dữ liệu; Hoàn thành
    /// chương trình lớp học / tiểu học or Chưa hoàn thành; Học sinh Xuất sắc or empty.
    public static func writePrimaryStudents(_ results: [PrimaryStudentResult], to path: String) throws {
        try write(path, header: ["student_id", "result", "outcome", "award"]) { writer in
            for student in results {
                try writer.write([student.studentID, student.result?.label ?? missing, student.outcome, student.result?.award ?? ""])
            }
        }
    }

    private static func write(_ path: String, header: [String], _ rows: (TableWriter) throws -> Void) throws {
        let writer = try TableWriter(path: path, format: TableFormat.of(path: path) ?? .csv, header: header)
        try rows(writer)
        try writer.close()
    }
}
