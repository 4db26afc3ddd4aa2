import ArgumentParser
import Foundation
import Records

struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "records", abstract: "School records (học bạ): assessment results.",
                                                    subcommands: [YearResults.self])

    /// The contract schools and checkers rely on: marks and conduct in, per-subject averages and per-student results out.
    struct YearResults: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "year-results",
            abstract: "Compute semester and year averages, learning and conduct results, promotion and awards (TT22) from a gradebook export.")
        @Option(help: "The assessment rules: tt22 (THCS, THPT, from 2021-2022)") var regime: Regime
        @Option(help: "CSV or XLSX: student_id,subject,semester,kind,value (kind tx, gk, ck or nx; value 0-10 or Đ/CĐ)") var marks: String
        @Option(help: "CSV or XLSX: student_id,conduct_hk1,conduct_hk2,absences") var conduct: String
        @Option(help: "CSV or XLSX: subject,lessons_per_year (how many regular marks a semester needs; without it, at least one)")
        var lessons: String?
        @Option(help: "How a comment subject's year follows from its semesters: second-semester or both-semesters (unverified rule, see docs/records.md)")
        var commentYear: TT22Rules.CommentYearRule = .secondSemester
        @Option(help: "Per subject: student_id,subject,hk1,hk2,year") var outSubjects: String
        @Option(help: "Per student: student_id,learning_hk1,learning_hk2,learning_year,conduct_year,outcome,award") var outStudents: String

        enum Regime: String, ExpressibleByArgument { case tt22 }

        func run() async throws {
            try await runReporting {
                let input = try YearResultsInput.read(marks: marks, conduct: conduct, lessons: lessons)
                var rules = TT22Rules()
                rules.commentYear = commentYear
                let results = input.students.map { rules.results(of: $0, lessonsPerYear: input.lessonsPerYear) }
                try YearResultsOutput.writeSubjects(results, to: outSubjects)
                try YearResultsOutput.writeStudents(results, to: outStudents)
                print("\(results.count) học sinh/students → \(outSubjects), \(outStudents)")
            }
        }
    }
}

extension TT22Rules.CommentYearRule: ExpressibleByArgument {}
