import EduCore

/// The assessment rules of Thông tư 27/2020/TT-BGDĐT (primary), as ../shared/domain/rules.md §2b gives them.
/// Pure: no database, no I/O. The year result uses the end-of-year assessment of every subject and activity,
/// every quality and competence, and every end-of-year periodic test.
public struct TT27Rules: Sendable, Hashable {
    /// The lowest end-of-year test score for each result (domain notes: all ≥ 9, ≥ 7, ≥ 5).
    public var excellentTestScore = 9
    public var goodTestScore = 7
    public var completedTestScore = 5

    public init() {}

    /// A periodic test score: a whole number 0–10 written in digits (TT27 gives no decimals).
    public static func testScore(_ text: String) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }), let score = Int(text), (0...10).contains(score) else { return nil }
        return score
    }

    public static let testScoreRule = Bilingual(vi: "Điểm kiểm tra là số nguyên từ 0 đến 10 (không có điểm thập phân)",
                                         en: "A test score is a whole number from 0 to 10 (no decimals)")
    public static let levelRule = Bilingual(vi: "Mức đạt được là T, H hoặc C (Hoàn thành tốt, Hoàn thành, Chưa hoàn thành)",
                                     en: "The level is T, H or C (completed well, completed, not completed)")
    public static let qualityRule = Bilingual(vi: "Mức đạt được là Tốt, Đạt hoặc Cần cố gắng (T, Đ, C)",
                                       en: "The level is Tốt, Đạt or Cần cố gắng (T, Đ, C)")

    /// Hoàn thành xuất sắc: every subject T, every quality and competence Tốt, every test ≥ 9; Hoàn thành tốt: the
    /// same with tests ≥ 7; Hoàn thành: no subject C, no quality or competence Cần cố gắng, every test ≥ 5;
    /// otherwise Chưa hoàn thành. Nil ("chưa đủ dữ liệu") when any assessment or test is missing, or there are none.
    public func yearResult(_ year: PrimaryYear) -> PrimaryYearResult? {
        guard !year.subjects.isEmpty, !year.qualitiesAndCompetences.isEmpty else { return nil }
        let subjects = year.subjects.compactMap { $0 }, qualities = year.qualitiesAndCompetences.compactMap { $0 }
        let scores = year.tests.compactMap { $0 }
        guard subjects.count == year.subjects.count, qualities.count == year.qualitiesAndCompetences.count,
              scores.count == year.tests.count else { return nil }
        let allTop = subjects.allSatisfy { $0 == .completedWell } && qualities.allSatisfy { $0 == .good }
        func testsReach(_ score: Int) -> Bool { scores.allSatisfy { $0 >= score } }
        if allTop, testsReach(excellentTestScore) { return .excellent }
        if allTop, testsReach(goodTestScore) { return .completedWell }
        if !subjects.contains(.notCompleted), !qualities.contains(.needsEffort), testsReach(completedTestScore) { return .completed }
        return .notCompleted
    }
}

/// A subject's or activity's periodic assessment: Hoàn thành tốt (T), Hoàn thành (H), Chưa hoàn thành (C).
public enum SubjectLevel: String, Sendable, Hashable, CaseIterable {
    case completedWell = "T", completed = "H", notCompleted = "C"

    public var label: String {
        switch self {
        case .completedWell: "Hoàn thành tốt"
        case .completed: "Hoàn thành"
        case .notCompleted: "Chưa hoàn thành"
        }
    }

    /// "T", "H", "C" or the words, in any case.
    public init?(label: String) {
        let wanted = label.nfc.lowercased()
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted || $0.label.lowercased() == wanted }) else { return nil }
        self = level
    }
}

/// A quality's or competence's assessment: Tốt, Đạt, Cần cố gắng.
public enum QualityLevel: String, Sendable, Hashable, CaseIterable {
    case good = "Tốt", satisfactory = "Đạt", needsEffort = "Cần cố gắng"

    /// The học bạ's abbreviations: T, Đ, C.
    public var abbreviation: String {
        switch self {
        case .good: "T"
        case .satisfactory: "Đ"
        case .needsEffort: "C"
        }
    }

    /// The words or the abbreviation, in any case.
    public init?(label: String) {
        let wanted = label.nfc.lowercased()
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == wanted || $0.abbreviation.lowercased() == wanted })
        else { return nil }
        self = level
    }
}

/// One primary student's end-of-year assessments; nil entries are not yet assessed.
public struct PrimaryYear: Sendable, Hashable {
    public var grade: Int
    public var subjects: [SubjectLevel?]
    public var qualitiesAndCompetences: [QualityLevel?]
    /// End-of-year periodic test scores: whole numbers 0–10 (TT27 scores tests without decimals).
    public var tests: [Int?]

    public init(grade: Int, subjects: [SubjectLevel?], qualitiesAndCompetences: [QualityLevel?], tests: [Int?]) {
        self.grade = grade
        self.subjects = subjects
        self.qualitiesAndCompetences = qualitiesAndCompetences
        self.tests = tests
    }
}

/// The end-of-year result of a primary student (the homeroom teacher confirms it).
public enum PrimaryYearResult: Sendable, Hashable, CaseIterable {
    case excellent, completedWell, completed, notCompleted

    public var label: String {
        switch self {
        case .excellent: "Hoàn thành xuất sắc"
        case .completedWell: "Hoàn thành tốt"
        case .completed: "Hoàn thành"
        case .notCompleted: "Chưa hoàn thành"
        }
    }

    /// Any result but Chưa hoàn thành completes the grade; the others get help, and the principal decides.
    public var completesGrade: Bool { self != .notCompleted }

    /// Học sinh Xuất sắc goes with Hoàn thành xuất sắc. The other award (Học sinh Tiêu biểu) needs the class's
    /// recognition, which no rule can compute.
    public var award: String? { self == .excellent ? "Học sinh Xuất sắc" : nil }
}

extension PrimaryYear {
    /// What the học bạ says of the year, in the labels of ``AssessmentRegime/outcomeLabels(grade:)``: "Hoàn thành
    /// chương trình lớp học" (grade 5: "Hoàn thành chương trình tiểu học") or "Chưa hoàn thành" (the principal then
    /// decides); "Chưa đủ dữ liệu" without a result.
    public func outcome(_ result: PrimaryYearResult?) -> String {
        guard let result else { return "Chưa đủ dữ liệu" }
        let labels = AssessmentRegime.tt27.outcomeLabels(grade: grade)
        return result.completesGrade ? labels[0] : labels[1]
    }
}
