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

    struct QualityEntryBody: Codable, Sendable {
        let studentID: Int
        /// A quality or competence of the list (Chăm chỉ, Tự chủ và tự học, …).
        let item: String
        /// `gk` (the middle of the semester) or `ck` (its end).
        let kind: MarkKind
        /// Tốt, Đạt, Cần cố gắng (or T, Đ, C); null clears it.
        let level: String?

        enum CodingKeys: String, CodingKey { case studentID = "student_id", item, kind, level }
    }

    struct QualityEntries: Content {
        let entries: [QualityEntryBody]

        /// A level that is not Tốt, Đạt or Cần cố gắng is refused (row = the entry's place), not taken as a clear.
        func converted() throws -> [QualityEntry] {
            var problems: [RowProblem] = []
            let converted = entries.enumerated().map { index, body -> QualityEntry in
                let level = body.level.flatMap(QualityLevel.init(label:))
                if let label = body.level, level == nil {
                    problems.append(RowProblem(row: index + 1, column: "level", value: label,
                                               vi: TT27Rules.qualityRule.vi, en: TT27Rules.qualityRule.en))
                }
                return QualityEntry(studentID: body.studentID, item: body.item, kind: body.kind, level: level)
            }
            guard problems.isEmpty else { throw InputRejected(problems) }
            return converted
        }
    }

    /// A primary student's qualities and competences: each item's level at gk1, ck1, gk2, ck2 (null where none).
    struct StudentQualities: Content {
        struct Item: Content {
            let name: String
            let levels: [String?]
        }

        let studentID: Int
        let items: [Item]

        init(_ year: PrimaryStudentYear) {
            studentID = Int(year.studentID) ?? 0
            items = year.qualities.map { Item(name: $0.name, levels: $0.levels.map { $0?.rawValue }) }
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
        /// Primary school's periodic test scores (TT27).
        let midtermTest: String?
        let endtermTest: String?

        init(studentID: Int, cells: [MarkKind: [Int: String]]) {
            self.studentID = studentID
            let regularCells = cells[.regular] ?? [:]
            regular = (0..<(regularCells.keys.max() ?? 0)).map { regularCells[$0 + 1] }
            midterm = cells[.midterm]?[1]
            endterm = cells[.endterm]?[1]
            comment = cells[.comment]?[1]
            midtermTest = cells[.midtermTest]?[1]
            endtermTest = cells[.endtermTest]?[1]
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
        /// After the summer's re-tests or training, once approved: Lên lớp or Ở lại lớp (null: chưa đủ dữ liệu).
        let outcomeAfterSummer: String?

        init(_ result: StudentYearResult) {
            studentID = Int(result.studentID) ?? 0
            subjects = result.subjects.map { Subject(name: $0.name, semesters: $0.semesters.map { $0?.description }, year: $0.year?.description) }
            learning = result.learning.map { $0?.label }
            learningYear = result.learningYear?.label
            conductYear = result.conductYear?.label
            outcome = result.outcome?.label
            award = result.award?.label
            outcomeAfterSummer = result.summer?.outcome?.label
        }
    }

    /// One summer cell: a re-test of `subject` (a mark, or Đ / CĐ), or with no subject the conduct after training;
    /// a null value clears it.
    struct SummerEntryBody: Codable, Sendable {
        let studentID: Int
        let subject: String?
        let value: String?

        enum CodingKeys: String, CodingKey { case studentID = "student_id", subject, value }

        var entry: SummerEntry { SummerEntry(studentID: studentID, subject: subject, value: value) }
    }

    struct SummerEntries: Content {
        let entries: [SummerEntryBody]
    }

    /// A class's summer: whether the principal approved it, and each student the year sent to re-tests or training.
    struct ClassSummer: Content {
        let approved: Bool
        let students: [StudentSummer]
    }

    struct StudentSummer: Content {
        let studentID: Int
        /// Kiểm tra lại or Rèn luyện hè.
        let outcome: String
        /// Subject → year result, for the subjects to re-take.
        let retestSubjects: [String: String]
        /// Subject → re-test result recorded.
        let retests: [String: String]
        let conductAfterTraining: String?
        /// What the recorded summer decides (counted once approved): Lên lớp, Ở lại lớp, or null.
        let outcomeAfterSummer: String?

        init(_ result: StudentYearResult, recorded: SummerResults?) {
            studentID = Int(result.studentID) ?? 0
            outcome = result.outcome?.label ?? ""
            retestSubjects = Dictionary(uniqueKeysWithValues: result.retestSubjects.map { subject in
                (subject, result.subjects.first { $0.name == subject }?.year?.description ?? "")
            })
            retests = recorded?.retests.mapValues(\.description) ?? [:]
            conductAfterTraining = recorded?.conduct?.label
            outcomeAfterSummer = result.summer?.outcome?.label
        }
    }

    /// One primary student's TT27 year: each subject's levels (T/H/C) and test scores at gk1, ck1, gk2, ck2 (null where
    /// none), the result (null: chưa đủ dữ liệu), the outcome in the học bạ's words, the award.
    struct PrimaryYear: Content {
        struct Subject: Content {
            let name: String
            let levels: [String?]
            let tests: [Int?]
        }

        let studentID: Int
        let subjects: [Subject]
        let result: String?
        let outcome: String
        let award: String?

        init(_ result: PrimaryStudentResult) {
            studentID = Int(result.studentID) ?? 0
            subjects = result.subjects.map { Subject(name: $0.name, levels: $0.levels.map { $0?.rawValue }, tests: $0.tests) }
            self.result = result.result?.label
            outcome = result.outcome
            award = result.result?.award
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
