/// One student's school year as the gradebook holds it: each subject's marks per semester, conduct and absences.
public struct StudentYear: Sendable, Hashable {
    public struct Subject: Sendable, Hashable {
        public let name: String
        /// HK I and HK II.
        public var semesters: [SemesterMarks] = [SemesterMarks(), SemesterMarks()]
        /// A semester's result as another school recorded and signed it (a học bạ the student brought): it stands in
        /// for that semester's marks.
        public var given: [SubjectResult?] = [nil, nil]

        public init(name: String) {
            self.name = name
        }
    }

    public let studentID: String
    /// In the order they were first given.
    public var subjects: [Subject] = []
    public var conduct: [Rating?] = [nil, nil]
    public var absences: Int?
    /// Re-tests and conduct after summer training, once the principal approved them; nil before (or with none).
    public var summer: SummerResults?

    public init(studentID: String) {
        self.studentID = studentID
    }
}

/// What the year came to for one student (TT22).
public struct StudentYearResult: Sendable, Hashable {
    public struct Subject: Sendable, Hashable {
        public let name: String
        public let semesters: [SubjectResult?]
        public let year: SubjectResult?
    }

    public let studentID: String
    public let subjects: [Subject]
    /// HK I, HK II; nil: chưa đủ dữ liệu.
    public let learning: [Rating?]
    public let learningYear: Rating?
    public let conductYear: Rating?
    public let outcome: Outcome?
    public let award: Award?
    /// Subjects to re-take in summer (``TT22Rules/retakesTests(learning:outcome:)``); empty otherwise.
    public let retestSubjects: [String]
    /// What the summer changed, once its results are in (``StudentYear/summer``).
    public let summer: SummerOutcome?
}

extension TT22Rules {
    /// Everything the year-end results need, from one student's marks, conduct and absences. `lessonsPerYear`
    /// by subject decides how many regular marks a semester needs (unknown subjects: at least one).
    public func results(of student: StudentYear, lessonsPerYear: [String: Int] = [:]) -> StudentYearResult {
        let subjects = student.subjects.map { subject in
            let semesters = zip(subject.semesters, subject.given).map { marks, given in
                given ?? semesterResult(marks, lessonsPerYear: lessonsPerYear[subject.name])
            }
            return StudentYearResult.Subject(name: subject.name, semesters: semesters,
                                             year: yearResult(first: semesters[0], second: semesters[1]))
        }
        let learning = [0, 1].map { semester in subjects.isEmpty ? nil : self.learning(subjects.map { $0.semesters[semester] }) }
        let learningYear = subjects.isEmpty ? nil : self.learning(subjects.map(\.year))
        let conductYear = self.conductYear(first: student.conduct[0], second: student.conduct[1])
        let outcome = self.outcome(learning: learningYear, conduct: conductYear, absences: student.absences)
        let years = subjects.map { (subject: $0.name, result: $0.year) }
        return StudentYearResult(
            studentID: student.studentID, subjects: subjects, learning: learning, learningYear: learningYear,
            conductYear: conductYear, outcome: outcome,
            award: award(learning: learningYear, conduct: conductYear, years: subjects.map(\.year)),
            retestSubjects: retakesTests(learning: learningYear, outcome: outcome) ? retestSubjects(years) : [],
            summer: student.summer.flatMap { afterSummer($0, years: years, learning: learningYear, conduct: conductYear, outcome: outcome) })
    }
}
