import EduCore

/// The four periodic assessments of TT27: the middle and the end of each semester (the end of HK II is the end of
/// the year, the one the year result uses).
public enum AssessmentPoint: Int, Sendable, Hashable, CaseIterable {
    case midFirst, endFirst, midSecond, endOfYear

    public init(semester: Int, end: Bool) {
        self = Self.allCases[(semester - 1) * 2 + (end ? 1 : 0)]
    }

    /// `gk1`, `ck1`, `gk2`, `ck2`: the kind (giữa kì, cuối kì) and the semester, as the files name them.
    public var name: String { ["gk1", "ck1", "gk2", "ck2"][rawValue] }
}

/// One primary student's year as the homeroom teacher holds it (TT27): each subject's level and periodic test score
/// at the four assessment points, each quality's and competence's level at the same points.
public struct PrimaryStudentYear: Sendable, Hashable {
    public struct Subject: Sendable, Hashable {
        public let name: String
        /// By ``AssessmentPoint``.
        public var levels: [SubjectLevel?] = Array(repeating: nil, count: 4)
        /// Whole numbers 0–10 by ``AssessmentPoint``; nil where no test was held or it is not recorded yet.
        public var tests: [Int?] = Array(repeating: nil, count: 4)

        public init(name: String) {
            self.name = name
        }
    }

    /// A quality or competence (phẩm chất, năng lực).
    public struct Quality: Sendable, Hashable {
        public let name: String
        public var levels: [QualityLevel?] = Array(repeating: nil, count: 4)

        public init(name: String) {
            self.name = name
        }
    }

    public let studentID: String
    /// In the order they were first given.
    public var subjects: [Subject] = []
    public var qualities: [Quality] = []

    public init(studentID: String) {
        self.studentID = studentID
    }
}

/// What the year came to for one primary student (TT27).
public struct PrimaryStudentResult: Sendable, Hashable {
    public let studentID: String
    public let subjects: [PrimaryStudentYear.Subject]
    /// The class's qualities and competences, in its order (one the student lacks has no levels).
    public let qualities: [PrimaryStudentYear.Quality]
    /// Nil: chưa đủ dữ liệu.
    public let result: PrimaryYearResult?
    /// "Hoàn thành chương trình lớp học", … (``PrimaryYear/outcome(_:)``).
    public let outcome: String
}

/// The subjects whose periodic tests TT27 holds at the end of HK I and of the year (rules.md §2b), by the grade they
/// start in. **[Unverified]** whether an elective foreign language in grades 1–2 is tested: it is not listed there,
/// and a subject that carries a test score is tested whatever the list says. Names compare without regard to case.
public struct TestedSubjects: Sendable, Hashable {
    private let fromGrade: [String: Int]

    public init(_ fromGrade: [String: Int]) {
        self.fromGrade = Dictionary(fromGrade.map { ($0.key.nfc.lowercased(), $0.value) }, uniquingKeysWith: min)
    }

    /// The same subjects in every grade.
    public init(names: [String]) {
        self.init(Dictionary(names.map { ($0, 1) }, uniquingKeysWith: min))
    }

    /// Tiếng Việt and Toán from grade 1; Ngoại ngữ 1 (Tiếng Anh) and Tin học và Công nghệ (Tin học) from grade 3;
    /// Lịch sử và Địa lý and Khoa học from grade 4.
    public static let standard = TestedSubjects([
        "Tiếng Việt": 1, "Toán": 1, "Ngoại ngữ 1": 3, "Tiếng Anh": 3, "Tin học và Công nghệ": 3, "Tin học": 3,
        "Lịch sử và Địa lý": 4, "Khoa học": 4,
    ])

    public func tests(_ subject: String, grade: Int) -> Bool {
        fromGrade[subject.nfc.lowercased()].map { $0 <= grade } ?? false
    }

    /// These and `names`, in every grade.
    func adding(_ names: [String]) -> TestedSubjects {
        TestedSubjects(fromGrade.merging(names.map { ($0.nfc.lowercased(), 1) }, uniquingKeysWith: min))
    }
}

extension TT27Rules {
    /// A class's results, each student's as below. A subject is tested for the whole class when the list says so or
    /// any classmate has a test score in it, and a tested subject any classmate has is required of every student: a
    /// student without it has chưa đủ dữ liệu (a subject left out of an export must not give a better result).
    public func results(of students: [PrimaryStudentYear], grade: Int, qualities: [String],
                        tested: TestedSubjects = .standard) -> [PrimaryStudentResult] {
        let subjects = students.flatMap(\.subjects)
        let tested = tested.adding(subjects.filter { subject in subject.tests.contains { $0 != nil } }.map(\.name))
        var required: [String] = []
        for subject in subjects where tested.tests(subject.name, grade: grade) && !required.contains(subject.name) {
            required.append(subject.name)
        }
        return students.map { student in
            var student = student
            for name in required where !student.subjects.contains(where: { $0.name == name }) {
                student.subjects.append(PrimaryStudentYear.Subject(name: name))
            }
            return results(of: student, grade: grade, qualities: qualities, tested: tested)
        }
    }

    /// The year result from the end-of-year assessments: every subject the student has, every quality and competence
    /// in `qualities` (the class's list, so a student missing one has chưa đủ dữ liệu), and the end-of-year test of
    /// every subject that is tested (by `tested`, or because it carries a test score).
    public func results(of student: PrimaryStudentYear, grade: Int, qualities: [String],
                        tested: TestedSubjects = .standard) -> PrimaryStudentResult {
        let end = AssessmentPoint.endOfYear.rawValue
        let given = Dictionary(student.qualities.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let classQualities = qualities.map { given[$0] ?? PrimaryStudentYear.Quality(name: $0) }
        let testedSubjects = student.subjects.filter { subject in
            tested.tests(subject.name, grade: grade) || subject.tests.contains { $0 != nil }
        }
        let year = PrimaryYear(grade: grade, subjects: student.subjects.map { $0.levels[end] },
                               qualitiesAndCompetences: classQualities.map { $0.levels[end] },
                               tests: testedSubjects.map { $0.tests[end] })
        let result = yearResult(year)
        return PrimaryStudentResult(studentID: student.studentID, subjects: student.subjects, qualities: classQualities, result: result,
                                    outcome: year.outcome(result))
    }
}
