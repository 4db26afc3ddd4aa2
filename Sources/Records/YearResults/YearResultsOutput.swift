import Tabular

/// Writes the two result files of `eduvn records year-results` (CSV or XLSX by the name), whole or not at all.
public enum YearResultsOutput {
    static let missing = "Chưa đủ dữ liệu"

    /// `student_id,subject,hk1,hk2,year`: averages to one decimal or Đ / CĐ, empty when data is missing.
    public static func writeSubjects(_ results: [StudentYearResult], to path: String) throws {
        let writer = try TableWriter(path: path, format: TableFormat.of(path: path) ?? .csv, header: ["student_id", "subject", "hk1", "hk2", "year"])
        for student in results {
            for subject in student.subjects {
                try writer.write([student.studentID, subject.name] + (subject.semesters + [subject.year]).map { $0?.description ?? "" })
            }
        }
        try writer.close()
    }

    /// `student_id,learning_hk1,learning_hk2,learning_year,conduct_year,outcome,award` with the Vietnamese labels.
    public static func writeStudents(_ results: [StudentYearResult], to path: String) throws {
        let writer = try TableWriter(path: path, format: TableFormat.of(path: path) ?? .csv,
                                     header: ["student_id", "learning_hk1", "learning_hk2", "learning_year", "conduct_year", "outcome", "award"])
        for student in results {
            let ratings = (student.learning + [student.learningYear, student.conductYear]).map { $0?.label ?? missing }
            try writer.write([student.studentID] + ratings + [student.outcome?.label ?? missing, student.award?.label ?? ""])
        }
        try writer.close()
    }
}
