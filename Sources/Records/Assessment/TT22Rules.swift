import EduCore

/// The assessment rules of Thông tư 22/2021/TT-BGDĐT (THCS and THPT, school years from 2021-2022), as
/// ../shared/domain/rules.md §2a gives them. Pure: no database, no I/O. Values that the domain notes mark
/// unverified are parameters (see docs/records.md).
public struct TT22Rules: Sendable, Hashable {
    public static let markRule = Bilingual(vi: "Điểm từ 0 đến 10, nhiều nhất một chữ số thập phân", en: "A mark is 0 to 10 with at most one decimal")
    public static let commentRule = Bilingual(vi: "Môn nhận xét nhận Đ hoặc CĐ", en: "A comment subject takes Đ or CĐ")

    /// How a comment subject's year result follows from its semesters. [NOT VERIFIED] in the domain notes:
    /// the recollection is that it follows HK II.
    public enum CommentYearRule: String, Sendable, Hashable, CaseIterable {
        /// The year is what HK II was.
        case secondSemester = "second-semester"
        /// Đạt only when both semesters are Đạt.
        case bothSemesters = "both-semesters"
    }

    public var commentYear: CommentYearRule = .secondSemester
    /// Điều 9: how many subjects must reach a level's threshold (Tốt: ≥ 8.0, Khá: ≥ 6.5, Đạt: ≥ 5.0).
    public var subjectsAtThreshold = 6
    /// Điều 12: more absences (buổi nghỉ) than this in a school year and the student stays back.
    public var absenceLimit = 45
    /// Điều 15: Học sinh Xuất sắc needs this many subjects with a year average of at least 9.0.
    public var excellentSubjects = 6
    /// [NOT VERIFIED] Whether a student sent to summer training whose learning is Chưa đạt too re-takes tests in the same
    /// summer (then the training decides conduct and the re-tests learning). The domain notes give re-tests to students
    /// with conduct at least Đạt; read strictly (false), such a student repeats the year whatever the training gives.
    public var retestAfterTraining = true

    public init() {}

    // MARK: Averages (Điều 7)

    /// Regular marks (ĐĐGtx) a semester needs, by the subject's lessons per year: up to 35 → 2, up to 70 → 3, more
    /// → 4. Unknown lessons → 1: then at least one regular mark is asked for.
    public func regularMarksRequired(lessonsPerYear: Int?) -> Int {
        guard let lessons = lessonsPerYear else { return 1 }
        return lessons <= 35 ? 2 : lessons <= 70 ? 3 : 4
    }

    /// ĐTBmhk = (TĐĐGtx + 2 × ĐĐGgk + 3 × ĐĐGck) / (số ĐĐGtx + 5), to one decimal, half up; for a comment subject,
    /// its Đ/CĐ. Nil when data is missing (too few regular marks, no mid-term or end-term mark, no comment).
    public func semesterResult(_ marks: SemesterMarks, lessonsPerYear: Int? = nil) -> SubjectResult? {
        if marks.isCommentSubject { return marks.comment.map(SubjectResult.comment) }
        guard marks.regular.count >= regularMarksRequired(lessonsPerYear: lessonsPerYear),
              let midterm = marks.midterm, let endterm = marks.endterm else { return nil }
        let numerator = marks.regular.reduce(0) { $0 + $1.tenths } + 2 * midterm.tenths + 3 * endterm.tenths
        return .score(.rounded(numerator: numerator, denominator: marks.regular.count + 5))
    }

    /// ĐTBmcn = (ĐTBmhkI + 2 × ĐTBmhkII) / 3 over the rounded semester averages, to one decimal, half up; a comment
    /// subject by ``commentYear``. Nil unless both semesters are known and of the same kind.
    public func yearResult(first: SubjectResult?, second: SubjectResult?) -> SubjectResult? {
        switch (first, second) {
        case (.score(let first)?, .score(let second)?):
            return .score(.rounded(numerator: first.tenths + 2 * second.tenths, denominator: 3))
        case (.comment(let first)?, .comment(let second)?):
            switch commentYear {
            case .secondSemester: return .comment(second)
            case .bothSemesters: return .comment(first == .dat && second == .dat ? .dat : .chuaDat)
            }
        default:
            return nil
        }
    }

    // MARK: Learning result (Điều 9)

    /// The learning level of a semester or the year from every subject's result; nil ("chưa đủ dữ liệu") when
    /// any subject's result is missing or there is none, never Chưa đạt for missing data.
    ///
    /// The adjustment of Điều 9: when one subject alone pulls the level down two or more levels, the level is
    /// raised to the adjacent one above. "Alone" is read as: with that one subject excused from the floors every
    /// subject must clear (all ≥ 6.5 / ≥ 5.0 / ≥ 3.5, comments Đạt), but counted as it is towards "at least six
    /// subjects ≥ …", the level would be at least two higher. A weak subject thus cannot also lift the count.
    public func learning(_ results: [SubjectResult?]) -> Rating? {
        let known = results.compactMap { $0 }
        guard !known.isEmpty, known.count == results.count else { return nil }
        let level = unadjustedLearning(known)
        for index in known.indices where unadjustedLearning(known, excusing: index).rawValue >= level.rawValue + 2 {
            return level.raised
        }
        return level
    }

    /// The table of Điều 9 without the adjustment; `excusing` one subject from the floors (see ``learning(_:)``).
    func unadjustedLearning(_ results: [SubjectResult], excusing excused: Int? = nil) -> Rating {
        let scores = results.compactMap { if case .score(let mark) = $0 { mark } else { nil } }
        let floored = results.indices.filter { $0 != excused }.compactMap { if case .score(let mark) = results[$0] { mark } else { nil } }
        let failedComments = results.indices.count { $0 != excused && results[$0] == .comment(.chuaDat) }
        func count(atLeast tenths: Int) -> Int { scores.count { $0.tenths >= tenths } }
        func all(atLeast tenths: Int) -> Bool { floored.allSatisfy { $0.tenths >= tenths } }
        if failedComments == 0, all(atLeast: 65), count(atLeast: 80) >= subjectsAtThreshold { return .tot }
        if failedComments == 0, all(atLeast: 50), count(atLeast: 65) >= subjectsAtThreshold { return .kha }
        if failedComments <= 1, all(atLeast: 35), count(atLeast: 50) >= subjectsAtThreshold { return .dat }
        return .chuaDat
    }

    // MARK: Conduct (Điều 8)

    /// The year's conduct from the two semesters' (the table of Điều 8); nil when either is missing.
    public func conductYear(first: Rating?, second: Rating?) -> Rating? {
        guard let first, let second else { return nil }
        switch second {
        case .tot: return first >= .kha ? .tot : .kha
        case .kha: return first >= .dat ? .kha : .dat
        case .dat: return first == .tot ? .kha : .dat
        case .chuaDat: return .chuaDat
        }
    }

    // MARK: Promotion (Điều 12) and awards (Điều 15)

    /// More than ``absenceLimit`` absences: stays back, whatever else is missing. Otherwise, with learning,
    /// conduct and absences known: conduct Chưa đạt → summer conduct training; learning Chưa đạt → summer re-tests;
    /// else promoted. Nil when something needed is missing.
    public func outcome(learning: Rating?, conduct: Rating?, absences: Int?) -> Outcome? {
        if let absences, absences > absenceLimit { return .repeatsYear }
        guard let learning, let conduct, absences != nil else { return nil }
        if conduct == .chuaDat { return .summerTraining }
        if learning == .chuaDat { return .retest }
        return .promoted
    }

    /// The subjects a student re-takes in summer: a year average below 5.0, or Chưa đạt.
    public func retestSubjects(_ years: [(subject: String, result: SubjectResult?)]) -> [String] {
        years.filter { entry in
            switch entry.result {
            case .score(let mark)?: mark.tenths < 50
            case .comment(let result)?: result == .chuaDat
            case nil: false
            }
        }.map(\.subject)
    }

    /// Xuất sắc: conduct and learning Tốt and at least ``excellentSubjects`` year averages of 9.0 or more; Giỏi:
    /// conduct and learning Tốt. Nil otherwise, and when either is missing.
    public func award(learning: Rating?, conduct: Rating?, years: [SubjectResult?]) -> Award? {
        guard learning == .tot, conduct == .tot else { return nil }
        let excellent = years.count { if case .score(let mark)? = $0 { mark.tenths >= 90 } else { false } }
        return excellent >= excellentSubjects ? .excellent : .good
    }
}

/// What a semester's marks of one subject are: regular, mid-term and end-term marks of a scored subject, or the
/// comment of a comment subject.
public struct SemesterMarks: Sendable, Hashable {
    public var regular: [Mark] = []
    public var midterm: Mark?
    public var endterm: Mark?
    public var comment: CommentResult?

    public init(regular: [Mark] = [], midterm: Mark? = nil, endterm: Mark? = nil, comment: CommentResult? = nil) {
        self.regular = regular
        self.midterm = midterm
        self.endterm = endterm
        self.comment = comment
    }

    var isCommentSubject: Bool { comment != nil }
}

/// Where the year leaves a student (Điều 12).
public enum Outcome: Sendable, Hashable {
    case promoted, retest, summerTraining, repeatsYear

    public var label: String {
        switch self {
        case .promoted: "Lên lớp"
        case .retest: "Kiểm tra lại"
        case .summerTraining: "Rèn luyện hè"
        case .repeatsYear: "Ở lại lớp"
        }
    }
}

/// Year-end awards (Điều 15).
public enum Award: Sendable, Hashable {
    case excellent, good

    public var label: String { self == .excellent ? "Học sinh Xuất sắc" : "Học sinh Giỏi" }
}

