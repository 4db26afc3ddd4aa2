import EduCore
import Records
import Testing

/// Primary year results by TT27: every level at its boundary, missing data, completion of primary.
@Suite struct TT27RulesTests {
    let rules = TT27Rules()

    func year(_ subjects: [SubjectLevel?] = [.completedWell, .completedWell], qualities: [QualityLevel?] = [.good, .good],
              tests: [Int?] = [10, 9], grade: Int = 3) -> PrimaryYear {
        PrimaryYear(grade: grade, subjects: subjects, qualitiesAndCompetences: qualities, tests: tests)
    }

    @Test func theFourResultsAtTheirBoundaries() {
        #expect(rules.yearResult(year(tests: [9, 9])) == .excellent)
        #expect(rules.yearResult(year(tests: [9, 8])) == .completedWell)
        #expect(rules.yearResult(year(tests: [7, 10])) == .completedWell)
        #expect(rules.yearResult(year(tests: [6, 10])) == .completed)
        #expect(rules.yearResult(year([.completedWell, .completed])) == .completed, "one subject H")
        #expect(rules.yearResult(year(qualities: [.good, .satisfactory])) == .completed, "one quality Đạt")
        #expect(rules.yearResult(year(tests: [5, 10])) == .completed)
        #expect(rules.yearResult(year(tests: [4, 10])) == .notCompleted)
        #expect(rules.yearResult(year([.completedWell, .notCompleted])) == .notCompleted)
        #expect(rules.yearResult(year(qualities: [.good, .needsEffort])) == .notCompleted)
        #expect(rules.yearResult(year(tests: [])) == .excellent, "grades without tests are judged on the rest")
    }

    @Test func missingDataIsNotChuaHoanThanh() {
        #expect(rules.yearResult(year([.completedWell, nil])) == nil)
        #expect(rules.yearResult(year(qualities: [nil])) == nil)
        #expect(rules.yearResult(year(tests: [9, nil])) == nil)
        #expect(rules.yearResult(year([], tests: [])) == nil)
    }

    @Test func completionAndAwards() {
        #expect(year(grade: 5).outcome(.completed) == "Hoàn thành chương trình tiểu học")
        #expect(year(grade: 5).outcome(.notCompleted) == "Chưa hoàn thành")
        #expect(year(grade: 4).outcome(.excellent) == "Hoàn thành chương trình lớp học")
        #expect(year(grade: 2).outcome(nil) == "Chưa đủ dữ liệu")
        #expect(PrimaryYearResult.excellent.award == "Học sinh Xuất sắc")
        #expect(PrimaryYearResult.completedWell.award == nil)
        #expect(PrimaryYearResult.allCases.filter(\.completesGrade).count == 3)
    }

    @Test func levelsAreReadFromTheirLetterOrWords() {
        #expect(SubjectLevel(label: "t") == .completedWell)
        #expect(SubjectLevel(label: "Hoàn thành") == .completed)
        #expect(SubjectLevel(label: "chưa hoàn thành") == .notCompleted)
        #expect(SubjectLevel(label: "Đạt") == nil)
        #expect(QualityLevel(label: "cần cố gắng") == .needsEffort)
        #expect(QualityLevel(label: "Khá") == nil)
        #expect(QualityLevel(label: "đ") == .satisfactory && QualityLevel(label: "C") == .needsEffort)
    }

    /// A better assessment anywhere never lowers the result. Seeded.
    @Test func aBetterAssessmentNeverLowersTheResult() {
        var random = SeededRandom(seed: 27)
        let order: [PrimaryYearResult] = [.notCompleted, .completed, .completedWell, .excellent]
        for _ in 0..<20_000 {
            var student = year(Array((0..<6).map { _ in SubjectLevel.allCases.randomElement(using: &random)! }),
                               qualities: Array((0..<10).map { _ in QualityLevel.allCases.randomElement(using: &random)! }),
                               tests: (0..<Int.random(in: 0...6, using: &random)).map { _ in Int.random(in: 0...10, using: &random) })
            let before = order.firstIndex(of: rules.yearResult(student)!)!
            switch Int.random(in: 0..<3, using: &random) {
            case 0: student.subjects[Int.random(in: 0..<6, using: &random)] = .completedWell
            case 1: student.qualitiesAndCompetences[Int.random(in: 0..<10, using: &random)] = .good
            default: if !student.tests.isEmpty { student.tests[0] = 10 }
            }
            #expect(order.firstIndex(of: rules.yearResult(student)!)! >= before)
        }
    }
}
