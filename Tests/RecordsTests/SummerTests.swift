import EduCore
import Records
import Testing

/// The decision after summer re-tests and training (TT22): re-test results stand in for the year's, conduct after
/// training for the year's, and the student is promoted or repeats the year.
@Suite struct SummerTests {
    let rules = TT22Rules()
    /// Learning Chưa đạt: only five subjects at 5.0, the two at 4.0 to re-take.
    let years: [(subject: String, result: SubjectResult?)] = [
        ("Toán", .score(Mark("5")!)), ("Ngữ văn", .score(Mark("5")!)), ("Tiếng Anh", .score(Mark("5")!)),
        ("Lịch sử", .score(Mark("5")!)), ("Vật lí", .score(Mark("5")!)), ("Hoá học", .score(Mark("4")!)),
        ("Sinh học", .score(Mark("4")!)), ("Giáo dục thể chất", .comment(.dat)),
    ]

    func decision(_ summer: SummerResults, conduct: Rating = .kha, rules: TT22Rules? = nil) -> SummerOutcome? {
        let rules = rules ?? self.rules
        let learning = rules.learning(years.map(\.result))
        let outcome = rules.outcome(learning: learning, conduct: conduct, absences: 3)
        return rules.afterSummer(summer, years: years, learning: learning, conduct: conduct, outcome: outcome)
    }

    @Test func theYearSendsTheStudentToReTests() {
        #expect(rules.learning(years.map(\.result)) == .chuaDat)
        #expect(rules.retestSubjects(years) == ["Hoá học", "Sinh học"])
    }

    @Test func aPassedReTestPromotes() {
        let passed = decision(SummerResults(retests: ["Hoá học": .score(Mark("5.5")!)]))
        #expect(passed == SummerOutcome(learning: .dat, conduct: .kha, outcome: .promoted))
        let failed = decision(SummerResults(retests: ["Hoá học": .score(Mark("4.9")!)]))
        #expect(failed == SummerOutcome(learning: .chuaDat, conduct: .kha, outcome: .repeatsYear))
        #expect(decision(SummerResults())?.outcome == .repeatsYear, "nothing re-taken: the year's results stand")
    }

    @Test func onlyTheNamedSubjectsCountAsReTaken() {
        // Toán was 5.0, not to re-take: a "re-test" of it changes nothing.
        #expect(decision(SummerResults(retests: ["Toán": .score(Mark("9")!)]))?.outcome == .repeatsYear)
    }

    @Test func aReTakenCommentSubject() {
        let years: [(subject: String, result: SubjectResult?)] = (1...6).map { ("M\($0)", .score(Mark("6")!)) }
            + [("Âm nhạc", .comment(.chuaDat)), ("Mĩ thuật", .comment(.chuaDat))]
        let learning = rules.learning(years.map(\.result))
        #expect(learning == .chuaDat, "two comment subjects Chưa đạt")
        let summer = SummerResults(retests: ["Âm nhạc": .comment(.dat)])
        #expect(rules.afterSummer(summer, years: years, learning: learning, conduct: .dat, outcome: .retest)?.outcome == .promoted)
    }

    @Test func summerTrainingDecidesConduct() {
        let good: [(subject: String, result: SubjectResult?)] = (1...8).map { ("M\($0)", .score(Mark("7")!)) }
        func after(_ conduct: Rating?) -> SummerOutcome? {
            rules.afterSummer(SummerResults(conduct: conduct), years: good, learning: .kha, conduct: .chuaDat, outcome: .summerTraining)
        }
        #expect(after(.dat) == SummerOutcome(learning: .kha, conduct: .dat, outcome: .promoted))
        #expect(after(.chuaDat)?.outcome == .repeatsYear)
        #expect(after(nil) == SummerOutcome(learning: .kha, conduct: nil, outcome: nil), "no conduct after training yet")
    }

    @Test func trainingAndReTestsInOneSummer() {
        let both = SummerResults(retests: ["Hoá học": .score(Mark("6")!)], conduct: .dat)
        #expect(decision(both, conduct: .chuaDat)?.outcome == .promoted)
        #expect(decision(SummerResults(retests: both.retests, conduct: .chuaDat), conduct: .chuaDat)?.outcome == .repeatsYear)
        var strict = TT22Rules()
        strict.retestAfterTraining = false
        #expect(decision(both, conduct: .chuaDat, rules: strict)?.outcome == .repeatsYear, "read strictly, no re-tests after training")
    }

    @Test func noSummerAfterPromotionOrRepeating() {
        #expect(rules.afterSummer(SummerResults(), years: years, learning: .dat, conduct: .dat, outcome: .promoted) == nil)
        #expect(rules.afterSummer(SummerResults(), years: years, learning: .dat, conduct: .dat, outcome: .repeatsYear) == nil)
    }

    @Test func theWholeYearCarriesTheSummer() {
        var student = StudentYear(studentID: "1")
        for (name, result) in years {
            var subject = StudentYear.Subject(name: name)
            subject.given = [result, result]
            student.subjects.append(subject)
        }
        student.conduct = [.dat, .dat]
        student.absences = 0
        #expect(rules.results(of: student).retestSubjects == ["Hoá học", "Sinh học"])
        #expect(rules.results(of: student).summer == nil)
        student.summer = SummerResults(retests: ["Sinh học": .score(Mark("5")!)])
        let result = rules.results(of: student)
        #expect(result.outcome == .retest, "the year's own outcome stays")
        #expect(result.summer?.outcome == .promoted)
    }
}
