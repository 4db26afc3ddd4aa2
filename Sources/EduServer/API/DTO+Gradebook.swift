import EduCore
import Records
import Vapor

/// The gradebook API's shapes. Request keys are snake_case, as in responses.
extension DTO {
    struct MarkEntryBody: Codable, Sendable {
        let studentID: Int
        let kind: MarkKind
        let position: Int?
        /// A mark ("8.5", "8,5") or Đ / CĐ; null clears the cell.
        let value: String?

        enum CodingKeys: String, CodingKey { case studentID = "student_id", kind, position, value }

        var entry: MarkEntry { MarkEntry(studentID: studentID, kind: kind, position: position ?? 1, value: value) }
    }

    struct MarkEntries: Content {
        let entries: [MarkEntryBody]
    }

    struct ConductEntryBody: Codable, Sendable {
        let studentID: Int
        /// Tốt, Khá, Đạt, Chưa đạt; null when not known yet.
        let conduct: String?
        let absences: Int?
        let comment: String?

        enum CodingKeys: String, CodingKey { case studentID = "student_id", conduct, absences, comment }
    }

    struct ConductEntries: Content {
        let entries: [ConductEntryBody]

        /// A conduct label that is not Tốt, Khá, Đạt or Chưa đạt is refused (row = the entry's place), not stored as unknown.
        func converted() throws -> [ConductEntry] {
            var problems: [RowProblem] = []
            let converted = entries.enumerated().map { index, body -> ConductEntry in
                let rating = body.conduct.flatMap(Rating.init(label:))
                if let label = body.conduct, rating == nil {
                    problems.append(RowProblem(row: index + 1, column: "conduct", value: label,
                                               vi: "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", en: "Conduct is Tốt, Khá, Đạt or Chưa đạt"))
                }
                return ConductEntry(studentID: body.studentID, conduct: rating, absences: body.absences, comment: body.comment ?? "")
            }
            guard problems.isEmpty else { throw InputRejected(problems) }
            return converted
        }
    }

    struct CorrectionRequest: Content {
        let entry: MarkEntryBody
        let reason: String
    }

    struct CorrectionDecision: Content {
        let approve: Bool
    }

    struct AssignmentRequest: Content {
        let subject: String
        let staffID: Int
        let assessment: TeachingAssignment.Assessment
        let lessonsPerYear: Int?

        enum CodingKeys: String, CodingKey { case subject, staffID = "staff_id", assessment, lessonsPerYear = "lessons_per_year" }
    }

    struct StudentMarks: Content {
        let studentID: Int
        /// By position: `regular[0]` is TX1; null where a position is empty.
        let regular: [String?]
        let midterm: String?
        let endterm: String?
        let comment: String?

        init(studentID: Int, cells: [MarkKind: [Int: String]]) {
            self.studentID = studentID
            let regularCells = cells[.regular] ?? [:]
            regular = (0..<(regularCells.keys.max() ?? 0)).map { regularCells[$0 + 1] }
            midterm = cells[.midterm]?[1]
            endterm = cells[.endterm]?[1]
            comment = cells[.comment]?[1]
        }
    }

    struct GradebookSheet: Content {
        let assignment: TeachingAssignment
        let semester: Int
        /// `open`, `submitted` or `locked`.
        let status: String
        let students: [StudentMarks]
    }

    /// One student's TT22 year: null where data is missing ("chưa đủ dữ liệu").
    struct YearResult: Content {
        struct Subject: Content {
            let name: String
            let semesters: [String?]
            let year: String?
        }

        let studentID: Int
        let subjects: [Subject]
        let learning: [String?]
        let learningYear: String?
        let conductYear: String?
        let outcome: String?
        let award: String?

        init(_ result: StudentYearResult) {
            studentID = Int(result.studentID) ?? 0
            subjects = result.subjects.map { Subject(name: $0.name, semesters: $0.semesters.map { $0?.description }, year: $0.year?.description) }
            learning = result.learning.map { $0?.label }
            learningYear = result.learningYear?.label
            conductYear = result.conductYear?.label
            outcome = result.outcome?.label
            award = result.award?.label
        }
    }

    /// A step done; `id` when it made something (a correction request).
    struct Done: Content {
        let id: Int?
    }

    /// Entries refused, each with its row (the entry's place in the list, from 1), column and reason.
    struct Rejected: Content {
        let problems: [RowProblem]
    }
}

extension MarkKind: Content {}
extension TeachingAssignment.Assessment: Content {}
extension TeachingAssignment: Content {}
