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

        var entry: ConductEntry {
            ConductEntry(studentID: studentID, conduct: conduct.flatMap(Rating.init(label:)), absences: absences, comment: comment ?? "")
        }
    }

    struct ConductEntries: Content {
        let entries: [ConductEntryBody]
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
        let regular: [String]
        let midterm: String?
        let endterm: String?
        let comment: String?

        init(studentID: Int, marks: SemesterMarks) {
            self.studentID = studentID
            regular = marks.regular.map(\.description)
            midterm = marks.midterm?.description
            endterm = marks.endterm?.description
            comment = marks.comment?.label
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
