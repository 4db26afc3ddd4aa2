import EduCore
import Records
import Testing

/// ĐTBmhk and ĐTBmcn exactly as TT22 writes them, to one decimal, half up.
@Suite struct TT22AveragesTests {
    let rules = TT22Rules()

    func marks(_ values: [String]) -> [Mark] { values.map { Mark($0)! } }

    func semester(_ regular: [String], _ midterm: String?, _ endterm: String?, lessons: Int? = nil) -> SubjectResult? {
        rules.semesterResult(SemesterMarks(regular: marks(regular), midterm: midterm.flatMap(Mark.init), endterm: endterm.flatMap(Mark.init)),
                             lessonsPerYear: lessons)
    }

    @Test(arguments: [
        ("7", 70), ("7.5", 75), ("7,5", 75), ("0", 0), ("10", 100), ("10.0", 100), ("09.5", 95),
    ])
    func marksAreReadToTheTenth(_ text: String, _ tenths: Int) {
        #expect(Mark(text)?.tenths == tenths)
    }

    @Test(arguments: ["10.5", "11", "-1", "7.25", "7.", ".5", "", "bảy", "7,5,1", "1e1", " 7", "٧"])
    func anythingElseIsNotAMark(_ text: String) {
        #expect(Mark(text) == nil)
    }

    @Test func theSemesterAverageWeighsMidTermTwiceAndEndTermThrice() {
        // (8 + 7.5 + 2×8 + 3×9) / 7 = 58.5 / 7 = 8.357…
        #expect(semester(["8", "7.5"], "8", "9") == .score(Mark("8.4")!))
        // Not (TB.TX + GK×2 + CK×3) / 6, which one repository writes: that would give 8.9.
        #expect(semester(["8", "7.5"], "8", "9") != .score(Mark("8.9")!))
    }

    /// 6.45 rounds to 6.5 (half up), 6.433… to 6.4: the boundary of the Tốt and Khá thresholds.
    @Test func halfATenthRoundsUp() {
        #expect(semester(["6.2"], "6.5", "6.5") == .score(Mark("6.5")!))   // 38.7 / 6 = 6.45
        #expect(semester(["6.1"], "6.5", "6.5") == .score(Mark("6.4")!))   // 38.6 / 6 = 6.433…
        #expect(rules.yearResult(first: .score(Mark("6.4")!), second: .score(Mark("6.5")!)) == .score(Mark("6.5")!))  // 19.4 / 3 = 6.466…
        #expect(rules.yearResult(first: .score(Mark("6.5")!), second: .score(Mark("6.4")!)) == .score(Mark("6.4")!))  // 19.3 / 3 = 6.433…
        #expect(rules.yearResult(first: .score(Mark("7.5")!), second: .score(Mark("7.0")!)) == .score(Mark("7.2")!))  // 21.5 / 3 = 7.166…
    }

    @Test func regularMarksNeededFollowLessonsPerYear() {
        #expect([35, 36, 70, 71, 105].map { rules.regularMarksRequired(lessonsPerYear: $0) } == [2, 3, 3, 4, 4])
        #expect(semester(["8", "8"], "8", "8", lessons: 105) == nil, "four regular marks needed")
        #expect(semester(["8", "8", "8", "8"], "8", "8", lessons: 105) == .score(Mark("8")!))
        #expect(semester([], "8", "8") == nil)
    }

    @Test func missingMidTermOrEndTermMeansNoAverage() {
        #expect(semester(["8", "8"], nil, "8") == nil)
        #expect(semester(["8", "8"], "8", nil) == nil)
        #expect(rules.yearResult(first: nil, second: .score(Mark("8")!)) == nil)
        #expect(rules.yearResult(first: .comment(.dat), second: .score(Mark("8")!)) == nil)
    }

    @Test func aCommentSubjectsYearFollowsTheConfiguredRule() {
        #expect(rules.yearResult(first: .comment(.chuaDat), second: .comment(.dat)) == .comment(.dat))
        #expect(rules.yearResult(first: .comment(.dat), second: .comment(.chuaDat)) == .comment(.chuaDat))
        var strict = TT22Rules()
        strict.commentYear = .bothSemesters
        #expect(strict.yearResult(first: .comment(.chuaDat), second: .comment(.dat)) == .comment(.chuaDat))
        #expect(strict.yearResult(first: .comment(.dat), second: .comment(.dat)) == .comment(.dat))
    }

    /// Averages stay between the lowest and the highest mark; adding a regular mark at or above the average, or
    /// raising any mark, never lowers it. Seeded, so a failure can be replayed.
    @Test func averagesStayInRangeAndBetterMarksNeverLowerThem() {
        var random = SeededRandom(seed: 2026)
        for _ in 0..<20_000 {
            let regular = (0..<Int.random(in: 1...4, using: &random)).map { _ in Mark(tenths: Int.random(in: 0...100, using: &random)) }
            let midterm = Mark(tenths: Int.random(in: 0...100, using: &random)), endterm = Mark(tenths: Int.random(in: 0...100, using: &random))
            let all = regular + [midterm, endterm]
            guard case .score(let average)? = rules.semesterResult(SemesterMarks(regular: regular, midterm: midterm, endterm: endterm)) else {
                Issue.record("no average for complete marks")
                return
            }
            #expect(all.min()! <= average && average <= all.max()!)

            let better = Mark(tenths: Int.random(in: average.tenths...100, using: &random))
            guard case .score(let withMore)? = rules.semesterResult(SemesterMarks(regular: regular + [better], midterm: midterm, endterm: endterm)),
                  case .score(let raised)? = rules.semesterResult(SemesterMarks(regular: regular, midterm: midterm,
                                                                                 endterm: Mark(tenths: min(100, endterm.tenths + 1))))
            else {
                Issue.record("no average")
                return
            }
            #expect(withMore >= average, "\(regular) \(midterm) \(endterm) + \(better)")
            #expect(raised >= average)

            let second = Mark(tenths: Int.random(in: 0...100, using: &random))
            guard case .score(let year)? = rules.yearResult(first: .score(average), second: .score(second)) else {
                Issue.record("no year")
                return
            }
            #expect(min(average, second) <= year && year <= max(average, second))
        }
    }
}
