/// What a student did in the summer after a year that did not end in promotion (TT22): re-tests of the subjects
/// ``TT22Rules/retestSubjects(_:)`` names, and the conduct the homeroom teacher gave after summer training.
public struct SummerResults: Sendable, Hashable {
    /// Subject → the re-test's result: a mark for a scored subject, Đ / CĐ for a comment subject. A subject the student
    /// did not re-take keeps its year result.
    public var retests: [String: SubjectResult]
    /// Conduct after summer training (rèn luyện hè); nil when the student had none.
    public var conduct: Rating?

    public init(retests: [String: SubjectResult] = [:], conduct: Rating? = nil) {
        self.retests = retests
        self.conduct = conduct
    }
}

/// Where the summer left a student: the year's learning and conduct as re-evaluated, and the decision.
public struct SummerOutcome: Sendable, Hashable {
    /// Learning with the re-test results in place of the year results (the year's own when nothing was re-taken).
    public let learning: Rating?
    /// Conduct after summer training (the year's own when there was none).
    public let conduct: Rating?
    /// Promoted or repeats the year; nil: chưa đủ dữ liệu (conduct after training not given).
    public let outcome: Outcome?

    public init(learning: Rating?, conduct: Rating?, outcome: Outcome?) {
        self.learning = learning
        self.conduct = conduct
        self.outcome = outcome
    }
}

extension TT22Rules {
    /// Who re-takes tests in summer: a year that ends in ``Outcome/retest``, and, when ``retestAfterTraining``, one in
    /// ``Outcome/summerTraining`` whose learning is Chưa đạt too.
    public func retakesTests(learning: Rating?, outcome: Outcome?) -> Bool {
        learning == .chuaDat && (outcome == .retest || (outcome == .summerTraining && retestAfterTraining))
    }

    /// The decision after the summer. Re-test results stand in for the year results of the subjects re-taken, and the
    /// learning result is classified again (Điều 9, with its adjustment); conduct after training stands in for the
    /// year's. Promoted when both are at least Đạt, else the student repeats the year. Nil when the year did not send
    /// the student to summer re-tests or training. Only subjects ``retestSubjects(_:)`` names count as re-taken.
    public func afterSummer(_ summer: SummerResults, years: [(subject: String, result: SubjectResult?)], learning: Rating?,
                            conduct: Rating?, outcome: Outcome?) -> SummerOutcome? {
        guard outcome == .retest || outcome == .summerTraining, let learning, let conduct else { return nil }
        let conductAfter = conduct == .chuaDat ? summer.conduct : conduct
        var learningAfter: Rating? = learning
        if retakesTests(learning: learning, outcome: outcome) {
            let retaken = Set(retestSubjects(years))
            learningAfter = self.learning(years.map { retaken.contains($0.subject) ? summer.retests[$0.subject] ?? $0.result : $0.result })
        }
        let decision: Outcome? = switch (conductAfter, learningAfter) {
        case (let conduct?, _) where conduct < .dat: .repeatsYear
        case (_?, let learning?): learning >= .dat ? .promoted : .repeatsYear
        default: nil
        }
        return SummerOutcome(learning: learningAfter, conduct: conductAfter, outcome: decision)
    }
}
