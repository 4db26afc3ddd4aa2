import EduCore
import Records
import Testing

/// Learning and conduct levels, promotion and awards by TT22, with their boundaries.
@Suite struct TT22ResultsTests {
    let rules = TT22Rules()

    func scores(_ values: String...) -> [SubjectResult?] { values.map { .score(Mark($0)!) } }

    @Test func theLevelsOfArticle9() {
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "6.5", "6.5")) == .tot)
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "7.9", "6.5", "6.5")) == .kha, "only five subjects at 8.0")
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "6.4", "6.5")) == .kha, "a subject below 6.5")
        #expect(rules.learning(scores("6.5", "6.5", "6.5", "6.5", "6.5", "6.5", "5", "5")) == .kha)
        #expect(rules.learning(scores("6.5", "6.5", "6.5", "6.5", "6.5", "6.4", "5", "5")) == .dat)
        #expect(rules.learning(scores("5", "5", "5", "5", "5", "5", "3.5", "3.5")) == .dat)
        #expect(rules.learning(scores("5", "5", "5", "5", "5", "4.9", "3.5", "4")) == .chuaDat, "only five subjects at 5.0")
        // Comment subjects: all Đạt for Tốt and Khá, at most one Chưa đạt for Đạt.
        let good = scores("9", "9", "9", "9", "9", "9", "9", "9")
        #expect(rules.learning(good + [.comment(.dat), .comment(.dat)]) == .tot)
        #expect(rules.learning(scores("5", "5", "5", "5", "5", "5") + [.comment(.chuaDat), .comment(.chuaDat)]) == .chuaDat)
    }

    /// One subject alone pulling the level down two levels raises it to the adjacent one; two subjects do not.
    @Test func oneSubjectDraggingTwoLevelsIsAdjusted() {
        // Tốt but for a 3.4 (which alone makes it Chưa đạt): adjusted to Đạt.
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "8", "3.4")) == .dat)
        // Tốt but for a 4.0 (which alone makes it Đạt): adjusted to Khá.
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "8", "4")) == .kha)
        // Two weak subjects: no adjustment.
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "4", "4")) == .dat)
        // A weak subject does not also lift the count: five at 8.0, the rest 6.5 and one 4.0 is Đạt (Khá without the
        // 4.0, one level only), not adjusted.
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "6.5", "6.5", "4")) == .dat)
        // One level only (Tốt → Khá because of one 6.4): no adjustment.
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8", "8", "6.4")) == .kha)
        // A comment subject can be the one: Tốt but for one Chưa đạt → Đạt, adjusted to Khá.
        #expect(rules.learning(scores("9", "9", "9", "9", "9", "9", "9") + [.comment(.chuaDat)]) == .kha)
    }

    @Test func missingDataIsNeverChuaDat() {
        #expect(rules.learning(scores("8", "8", "8", "8", "8", "8") + [nil]) == nil)
        #expect(rules.learning([]) == nil)
        #expect(rules.conductYear(first: .tot, second: nil) == nil)
        #expect(rules.outcome(learning: .tot, conduct: .tot, absences: nil) == nil)
        #expect(rules.outcome(learning: nil, conduct: .tot, absences: 0) == nil)
        #expect(rules.award(learning: nil, conduct: .tot, years: []) == nil)
    }

    /// The year's conduct from the two semesters: every one of the 16 pairs.
    @Test(arguments: [
        (Rating.tot, Rating.tot, Rating.tot), (.kha, .tot, .tot), (.dat, .tot, .kha), (.chuaDat, .tot, .kha),
        (.tot, .kha, .kha), (.kha, .kha, .kha), (.dat, .kha, .kha), (.chuaDat, .kha, .dat),
        (.tot, .dat, .kha), (.kha, .dat, .dat), (.dat, .dat, .dat), (.chuaDat, .dat, .dat),
        (.tot, .chuaDat, .chuaDat), (.kha, .chuaDat, .chuaDat), (.dat, .chuaDat, .chuaDat), (.chuaDat, .chuaDat, .chuaDat),
    ])
    func conductOfTheYear(_ first: Rating, _ second: Rating, _ year: Rating) {
        #expect(rules.conductYear(first: first, second: second) == year)
    }

    @Test func promotionAndTheAbsenceLimit() {
        #expect(rules.outcome(learning: .dat, conduct: .dat, absences: 45) == .promoted)
        #expect(rules.outcome(learning: .dat, conduct: .dat, absences: 46) == .repeatsYear)
        #expect(rules.outcome(learning: nil, conduct: nil, absences: 46) == .repeatsYear, "known whatever else is missing")
        #expect(rules.outcome(learning: .chuaDat, conduct: .dat, absences: 0) == .retest)
        #expect(rules.outcome(learning: .tot, conduct: .chuaDat, absences: 0) == .summerTraining)
        #expect(rules.outcome(learning: .chuaDat, conduct: .chuaDat, absences: 0) == .summerTraining)
        var lenient = TT22Rules()
        lenient.absenceLimit = 50
        #expect(lenient.outcome(learning: .dat, conduct: .dat, absences: 46) == .promoted)
    }

    @Test func awards() {
        let six = scores("9", "9", "9", "9", "9", "9", "8")
        let five = scores("9", "9", "9", "9", "9", "8.9", "8")
        #expect(rules.award(learning: .tot, conduct: .tot, years: six) == .excellent)
        #expect(rules.award(learning: .tot, conduct: .tot, years: five) == .good)
        #expect(rules.award(learning: .tot, conduct: .kha, years: six) == nil)
        #expect(rules.award(learning: .kha, conduct: .tot, years: six) == nil)
    }

    /// A better result in any one subject never lowers the level, the adjustment included. Seeded.
    @Test func aBetterSubjectNeverLowersTheLevel() {
        var random = SeededRandom(seed: 22)
        for _ in 0..<20_000 {
            var results: [SubjectResult] = (0..<Int.random(in: 6...10, using: &random)).map { _ in
                .score(Mark(tenths: Int.random(in: 20...100, using: &random)))
            }
            results += (0..<Int.random(in: 0...3, using: &random)).map { _ in .comment(Bool.random(using: &random) ? .dat : .chuaDat) }
            let level = rules.learning(results)!
            let index = Int.random(in: results.indices, using: &random)
            var better = results
            switch results[index] {
            case .score(let mark): better[index] = .score(Mark(tenths: Int.random(in: mark.tenths...100, using: &random)))
            case .comment: better[index] = .comment(.dat)
            }
            #expect(rules.learning(better)! >= level, "\(results) → \(better)")
        }
    }

    @Test func aStudentsWholeYear() {
        var student = StudentYear(studentID: "031204001234")
        for (index, name) in ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học", "Sinh học", "Tin học"].enumerated() {
            var subject = StudentYear.Subject(name: name)
            let mark = Mark(tenths: index < 6 ? 92 : 85)
            subject.semesters = [SemesterMarks(regular: [mark, mark], midterm: mark, endterm: mark),
                                 SemesterMarks(regular: [mark, mark], midterm: mark, endterm: mark)]
            student.subjects.append(subject)
        }
        var sport = StudentYear.Subject(name: "Giáo dục thể chất")
        sport.semesters = [SemesterMarks(comment: .dat), SemesterMarks(comment: .dat)]
        student.subjects.append(sport)
        student.conduct = [.kha, .tot]
        student.absences = 2

        let result = rules.results(of: student)
        #expect(result.learning == [.tot, .tot])
        #expect(result.learningYear == .tot)
        #expect(result.conductYear == .tot)
        #expect(result.outcome == .promoted)
        #expect(result.award == .excellent)
        #expect(result.subjects.first?.year == .score(Mark("9.2")!))
        #expect(result.subjects.last?.year == .comment(.dat))

        student.subjects[0].semesters[1].endterm = nil
        let incomplete = rules.results(of: student)
        #expect(incomplete.learning == [.tot, nil])
        #expect(incomplete.learningYear == nil && incomplete.outcome == nil && incomplete.award == nil)
    }
}
