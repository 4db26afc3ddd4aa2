import Access
import EduCore

/// A subject of a class and the member of staff who teaches it (phân công giảng dạy).
public struct TeachingAssignment: Sendable, Hashable, Codable {
    public let id: Int
    public let classID: Int
    public let subject: String
    public let staffID: Int
    public let assessment: Assessment
    /// Decides how many regular marks a semester needs (TT22 Điều 6); nil: at least one.
    public let lessonsPerYear: Int?

    /// Read with `.convertFromSnakeCase`: `class_id` arrives as `classId`.
    enum CodingKeys: String, CodingKey {
        case id, classID = "classId", subject, staffID = "staffId", assessment, lessonsPerYear
    }

    /// How the subject is assessed. TT22 (grades 6–12): scored 0–10 with comments, or by comment only (Đ / CĐ).
    /// TT27 (grades 1–5): a level (T, H, C) at the middle and the end of each semester, and for the subjects with
    /// periodic tests a whole-number score as well.
    public enum Assessment: String, Sendable, Hashable, Codable, CaseIterable {
        case scored, comment, levels, levelsAndTests = "levels_and_tests"

        /// TT27's assessments are primary school's, TT22's the others'.
        public var isPrimary: Bool { self == .levels || self == .levelsAndTests }

        /// The kinds a student needs before the subject's gradebook is submitted (the regular marks as many as the
        /// lessons need); a mid-term test (grades 4 and 5, Tiếng Việt and Toán) is entered where held, never required.
        public var requiredKinds: [MarkKind] { kinds.filter { $0 != .midtermTest } }

        /// The kinds of entry the subject takes, in the grid's order.
        public var kinds: [MarkKind] {
            switch self {
            case .scored: [.regular, .midterm, .endterm]
            case .comment: [.comment]
            case .levels: [.midterm, .endterm]
            case .levelsAndTests: [.midterm, .endterm, .midtermTest, .endtermTest]
            }
        }

        /// A value as the gradebook stores it and the rules read it back ("7,5" → "7.5", "đạt" → "Đ", "hoàn thành tốt"
        /// → "T", "08" → "8"); nil when it is not a value of its kind for this subject.
        public func stored(_ value: String, kind: MarkKind) -> String? {
            guard kinds.contains(kind) else { return nil }
            switch kind {
            case .comment: return CommentResult(label: value)?.label
            case .midtermTest, .endtermTest: return TT27Rules.testScore(value).map(String.init)
            case .regular, .midterm, .endterm: return isPrimary ? SubjectLevel(label: value)?.rawValue : Mark(value)?.description
            }
        }

        /// Why a value of `kind` was refused.
        public func valueRule(_ kind: MarkKind) -> Bilingual {
            switch kind {
            case .comment: TT22Rules.commentRule
            case .midtermTest, .endtermTest: TT27Rules.testScoreRule
            case .regular, .midterm, .endterm:
                isPrimary
                    ? TT27Rules.levelRule
                    : TT22Rules.markRule
            }
        }
    }
}

/// The kinds of entry in a gradebook, as `marks.csv` names them. In a primary subject (TT27) `gk` and `ck` are the
/// levels at the middle and the end of the semester, `ktgk` and `ktck` the periodic tests' scores.
public enum MarkKind: String, Sendable, Hashable, CaseIterable, Codable {
    case regular = "tx", midterm = "gk", endterm = "ck", comment = "nx", midtermTest = "ktgk", endtermTest = "ktck"
}

/// One cell of a gradebook: a student's mark of a kind; `position` numbers the regular marks from 1 (always 1 for
/// the others). A nil value clears the cell.
public struct MarkEntry: Sendable, Hashable {
    public let studentID: Int
    public let kind: MarkKind
    public let position: Int
    public let value: String?

    public init(studentID: Int, kind: MarkKind, position: Int = 1, value: String?) {
        self.studentID = studentID
        self.kind = kind
        self.position = position
        self.value = value
    }

    /// The value as a subject assessed by `assessment` stores it; nil when it is empty or not a value of its kind.
    public func storedValue(for assessment: TeachingAssignment.Assessment) -> String? {
        value.flatMap { assessment.stored($0, kind: kind) }
    }
}

/// A quality's or competence's level for a student at the middle (`gk`) or the end (`ck`) of a semester (TT27); a nil
/// level clears it.
public struct QualityEntry: Sendable, Hashable {
    public let studentID: Int
    public let item: String
    public let kind: MarkKind
    public let level: QualityLevel?

    public init(studentID: Int, item: String, kind: MarkKind, level: QualityLevel?) {
        self.studentID = studentID
        self.item = item
        self.kind = kind
        self.level = level
    }
}

/// The qualities and competences a primary student is assessed on, in the học bạ's order: the five qualities, the
/// three general competences and the seven specific ones of the 2018 curriculum. **[Unverified]**: rules.md §2b
/// cites the list from a public code repository, not the Ministry's text; ``GradebookStore`` takes another list.
public enum PrimaryQualities {
    public static let standard = [
        "Yêu nước", "Nhân ái", "Chăm chỉ", "Trung thực", "Trách nhiệm",
        "Tự chủ và tự học", "Giao tiếp và hợp tác", "Giải quyết vấn đề và sáng tạo",
        "Ngôn ngữ", "Tính toán", "Khoa học", "Công nghệ", "Tin học", "Thẩm mỹ", "Thể chất",
    ]
}

/// What the homeroom teacher records for a student in a semester.
public struct ConductEntry: Sendable, Hashable {
    public let studentID: Int
    public let conduct: Rating?
    public let absences: Int?
    public let comment: String

    public init(studentID: Int, conduct: Rating?, absences: Int?, comment: String = "") {
        self.studentID = studentID
        self.conduct = conduct
        self.absences = absences
        self.comment = comment
    }

    /// Gives nothing: an empty row of a whole-class form.
    var isEmpty: Bool { conduct == nil && absences == nil && comment.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
}

/// Where a gradebook or a class's semester stands. Open → submitted (subject teacher) → locked (the principal's
/// approval of the class's semester); after that only an approved correction request changes a mark.
public enum GradebookStatus: String, Sendable, Hashable, Codable {
    case open, submitted, locked
}

/// Where a class's semester stands: open → confirmed (homeroom teacher) → approved (principal, locks every gradebook).
public enum ClassSemesterStatus: String, Sendable, Hashable, Codable {
    case open, confirmed, approved
}

/// Who acts on gradebooks, from their grants: the member of staff they are (teacher grants), and the schools
/// whose principal they are. Every change is audited under `actor`.
public struct GradebookActor: Sendable {
    public let staffIDs: Set<Int>
    public let principalOf: Set<Int>
    public let actor: Actor

    public init(staffIDs: Set<Int> = [], principalOf: Set<Int> = [], actor: Actor) {
        self.staffIDs = staffIDs
        self.principalOf = principalOf
        self.actor = actor
    }

    public init(_ principal: Principal, origin: String) {
        let writable = !principal.readOnly
        self.init(staffIDs: Set(principal.grants.filter { $0.role == .teacher && writable }.compactMap(\.staffID)),
                  principalOf: Set(principal.grants.filter { $0.role == .principal && writable }.compactMap(\.schoolID)),
                  actor: principal.actor(origin: origin))
    }
}

/// A student's own year, approved semesters only (``GradebookStore/ownYear(studentID:classID:)``).
public struct OwnYear: Sendable {
    public let year: StudentYear
    /// The year as the school's rules compute it from what is approved.
    public let result: StudentYearResult
    /// HK I, HK II: whether the principal approved it.
    public let approved: [Bool]
}

/// A primary student's own year (TT27), approved semesters only (``GradebookStore/ownPrimaryYear(studentID:classID:)``).
public struct OwnPrimaryYear: Sendable {
    /// The subjects' levels and scores, the qualities and competences, at the approved points; the result nil until
    /// both semesters are approved.
    public let result: PrimaryStudentResult
    /// HK I, HK II: whether the principal approved it.
    public let approved: [Bool]
}

/// A request to change a locked mark, and what the principal decided.
public struct MarkCorrection: Sendable, Hashable, Decodable {
    public enum Status: String, Sendable, Hashable, Decodable { case pending, approved, rejected }

    public let id: Int
    public let assignmentId: Int
    public let subject: String
    public let semester: Int
    public let studentId: Int
    public let kind: MarkKind
    public let position: Int
    public let oldValue: String?
    public let newValue: String?
    public let reason: String
    public let requestedBy: String
    public let requestedAt: String
    public let status: Status
    public let decidedBy: String?
}
