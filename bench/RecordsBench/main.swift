// Year results (TT22) for a synthetic province: STUDENTS students with 13 scored subjects (3 regular marks, a
// mid-term and an end-term mark per semester) and 2 comment subjects each, computed in chunks so memory stays
// flat. Only the computation is timed; making the marks is reported apart.
// Usage: recordsbench [STUDENTS] (default 700000)
import EduCore
import Foundation
import Records

let students = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 700_000
let chunk = 10_000
let scored = ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Địa lí", "Vật lí", "Hoá học", "Sinh học", "Tin học", "Công nghệ",
              "GDKT&PL", "Tiếng Pháp", "Ngữ văn địa phương"]
let comments = ["Giáo dục thể chất", "Hoạt động trải nghiệm, hướng nghiệp"]
var random = SeededRandom(seed: 700_000)
let rules = TT22Rules()
var making: Duration = .zero, computing: Duration = .zero
var promoted = 0, excellent = 0
let clock = ContinuousClock()

func mark(_ random: inout SeededRandom) -> Mark { Mark(tenths: Int.random(in: 30...100, using: &random)) }

for start in stride(from: 0, to: students, by: chunk) {
    var batch: [StudentYear] = []
    making += clock.measure {
        batch = (start..<min(start + chunk, students)).map { index in
            var student = StudentYear(studentID: String(index))
            student.subjects = scored.map { name in
                var subject = StudentYear.Subject(name: name)
                subject.semesters = (0..<2).map { _ in
                    SemesterMarks(regular: (0..<3).map { _ in mark(&random) }, midterm: mark(&random), endterm: mark(&random))
                }
                return subject
            } + comments.map { name in
                var subject = StudentYear.Subject(name: name)
                subject.semesters = [SemesterMarks(comment: .dat), SemesterMarks(comment: Int.random(in: 0..<20, using: &random) == 0 ? .chuaDat : .dat)]
                return subject
            }
            student.conduct = [Rating(rawValue: Int.random(in: 1...3, using: &random)), Rating(rawValue: Int.random(in: 1...3, using: &random))]
            student.absences = Int.random(in: 0...50, using: &random)
            return student
        }
    }
    computing += clock.measure {
        for student in batch {
            let result = rules.results(of: student)
            if result.outcome == .promoted { promoted += 1 }
            if result.award == .excellent { excellent += 1 }
        }
    }
}
let seconds = Double(computing.components.seconds) + Double(computing.components.attoseconds) / 1e18
print("year results: \(students) students × \(scored.count + comments.count) subjects in \(String(format: "%.2f", seconds)) s "
      + "(\(Int(Double(students) / seconds)) students/s, one core); making the marks took \(making); promoted \(promoted), excellent \(excellent)")
