import EduCore
import Foundation
import Records
import Tabular
import Testing
import TestSupport

/// TT27 year results from a primary gradebook export: the files' errors by row and column, which subjects need their
/// end-of-year test, a class's qualities required of every student, and the files written.
@Suite struct PrimaryYearResultsTests {
    let folder: URL

    init() throws {
        folder = try TestFiles.folder("primary")
    }

    func file(_ name: String, _ lines: [String]) throws -> String {
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let marksHeader = "student_id,subject,semester,kind,value"
    static let qualitiesHeader = "student_id,item,semester,kind,value"

    /// A student's end-of-year rows: each subject's level, each tested subject's score, each quality's level.
    func endOfYear(_ id: String, levels: [String: String], tests: [String: String], qualities: [String: String]) -> (marks: [String], qualities: [String]) {
        (levels.sorted { $0.key < $1.key }.map { "\(id),\($0.key),2,ck,\($0.value)" }
            + tests.sorted { $0.key < $1.key }.map { "\(id),\($0.key),2,ktck,\($0.value)" },
         qualities.sorted { $0.key < $1.key }.map { "\(id),\($0.key),2,ck,\($0.value)" })
    }

    @Test func everyBadCellIsReportedWithItsRowAndColumn() throws {
        let marks = try file("marks.csv", [Self.marksHeader,
                                          "HS1,Toán,1,gk,T",
                                          "HS1,Toán,1,gk,H",        // a second mid-HK I level
                                          "HS1,Toán,1,ktck,7.5",    // a decimal test score
                                          "HS1,Toán,1,ktck,11",     // out of range
                                          "HS1,Toán,3,ck,T",        // semester
                                          "HS1,Toán,1,tx,8",        // a TT22 kind
                                          "HS1,Tiếng Việt,2,ck,Đạt", // a quality's level for a subject
                                          "HS1,Toán,1,ktck,8",
                                          "HS1,Toán,1,ktck,9"])     // a second test score
        let qualities = try file("qualities.csv", [Self.qualitiesHeader,
                                                  "HS1,Chăm chỉ,2,ck,Tốt",
                                                  "HS1,Trung thực,2,ktck,Tốt", // tests are for subjects
                                                  "HS1,Nhân ái,2,ck,Khá",      // a TT22 rating
                                                  ",Nhân ái,2,ck,Đạt"])
        let rejected = try #require(throws: InputRejected.self) { try PrimaryYearResultsInput.read(marks: marks, qualities: qualities) }
        #expect(rejected.file == "marks.csv")
        #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["3:kind", "4:value", "5:value", "6:semester", "7:kind", "8:value", "10:kind"])
        #expect(rejected.problems[1].reason.vi == "Điểm kiểm tra là số nguyên từ 0 đến 10 (không có điểm thập phân)")
        #expect(rejected.problems[6].reason.en == "Toán already has a ck1 test score")

        let goodMarks = try file("good.csv", [Self.marksHeader, "HS1,Toán,2,ck,T"])
        let badQualities = try #require(throws: InputRejected.self) { try PrimaryYearResultsInput.read(marks: goodMarks, qualities: qualities) }
        #expect(badQualities.file == "qualities.csv")
        #expect(badQualities.problems.map { "\($0.row):\($0.column)" } == ["3:kind", "4:value", "5:student_id"])
    }

    @Test func theYearResultUsesTheEndOfYearAndTheClasssQualities() throws {
        let allTop = ["Tiếng Việt": "T", "Toán": "Hoàn thành tốt", "Tiếng Anh": "T", "Đạo đức": "T"]
        let qualities = ["Chăm chỉ": "Tốt", "Trung thực": "T", "Tự chủ và tự học": "tốt"]
        let excellent = endOfYear("HS1", levels: allTop, tests: ["Tiếng Việt": "9", "Toán": "10", "Tiếng Anh": "9"], qualities: qualities)
        // Tiếng Anh is tested from grade 3: no end-of-year score means the result is not known yet.
        let untested = endOfYear("HS2", levels: allTop, tests: ["Tiếng Việt": "9", "Toán": "10"], qualities: qualities)
        var oneQualityMissing = qualities
        oneQualityMissing["Trung thực"] = nil
        let missingQuality = endOfYear("HS3", levels: allTop, tests: ["Tiếng Việt": "9", "Toán": "10", "Tiếng Anh": "9"],
                                       qualities: oneQualityMissing)
        let weak = endOfYear("HS4", levels: allTop.merging(["Đạo đức": "C"]) { $1 },
                             tests: ["Tiếng Việt": "9", "Toán": "10", "Tiếng Anh": "9"], qualities: qualities)
        // The mid-year points are kept but do not decide: HK I's C and its low score are history by the end of the year.
        let improved = endOfYear("HS5", levels: allTop, tests: ["Tiếng Việt": "7", "Toán": "8", "Tiếng Anh": "7"], qualities: qualities)
        let marks = try file("marks.csv", [Self.marksHeader] + excellent.marks + untested.marks + missingQuality.marks + weak.marks
                             + improved.marks + ["HS5,Toán,1,ck,C", "HS5,Toán,1,ktck,3"])
        let file = try file("qualities.csv", [Self.qualitiesHeader] + excellent.qualities + untested.qualities
                            + missingQuality.qualities + weak.qualities + improved.qualities)
        let input = try PrimaryYearResultsInput.read(marks: marks, qualities: file)
        #expect(input.qualities == ["Chăm chỉ", "Trung thực", "Tự chủ và tự học"])

        func results(grade: Int, tested: TestedSubjects = .standard) -> [String: PrimaryStudentResult] {
            Dictionary(uniqueKeysWithValues: input.students.map {
                ($0.studentID, TT27Rules().results(of: $0, grade: grade, qualities: input.qualities, tested: tested))
            })
        }
        let third = results(grade: 3)
        #expect(third["HS1"]?.result == .excellent)
        #expect(third["HS1"]?.outcome == "Hoàn thành chương trình lớp học")
        #expect(third["HS2"]?.result == nil && third["HS2"]?.outcome == "Chưa đủ dữ liệu")
        #expect(third["HS3"]?.result == nil)
        #expect(third["HS4"]?.result == .notCompleted && third["HS4"]?.outcome == "Chưa hoàn thành")
        #expect(third["HS5"]?.result == .completedWell)
        #expect(results(grade: 2)["HS2"]?.result == .excellent, "an elective foreign language in grade 2 has no required test")
        #expect(results(grade: 5)["HS1"]?.outcome == "Hoàn thành chương trình tiểu học")
        #expect(results(grade: 3, tested: TestedSubjects(names: ["Đạo đức"]))["HS1"]?.result == nil,
                "a subject named tested needs its end-of-year score")
    }

    @Test func aTestedSubjectAClassmateHasIsRequiredOfEveryStudent() {
        func student(_ id: String, _ subjects: [(String, Int?)]) -> PrimaryStudentYear {
            var year = PrimaryStudentYear(studentID: id)
            for (name, score) in subjects {
                var subject = PrimaryStudentYear.Subject(name: name)
                subject.levels[AssessmentPoint.endOfYear.rawValue] = .completedWell
                subject.tests[AssessmentPoint.endOfYear.rawValue] = score
                year.subjects.append(subject)
            }
            var quality = PrimaryStudentYear.Quality(name: "Chăm chỉ")
            quality.levels[AssessmentPoint.endOfYear.rawValue] = .good
            year.qualities = [quality]
            return year
        }
        // Grade 2: Tin học is not on the list, but a classmate's score makes it tested for the class.
        let results = TT27Rules().results(of: [student("A", [("Tiếng Việt", 9), ("Toán", 9), ("Tin học", 8)]),
                                                student("B", [("Tiếng Việt", 9), ("Toán", 9), ("Tin học", nil)]),
                                                student("C", [("Tiếng Việt", 9), ("Toán", 9)]),
                                                student("D", [("Tiếng Việt", 9), ("Toán", 9), ("Tin học", 10), ("Đạo đức", nil)])],
                                          grade: 2, qualities: ["Chăm chỉ"])
        #expect(results.map(\.result) == [.completedWell, nil, nil, .excellent])
        #expect(results[2].subjects.map(\.name) == ["Tiếng Việt", "Toán", "Tin học"], "the missing subject is shown, empty")
    }

    @Test func resultsAreWrittenWithTheirColumns() throws {
        let marks = try file("marks.csv", [Self.marksHeader, "HS1,Toán,1,gk,H", "HS1,Toán,1,ck,T", "HS1,Toán,1,ktck,8",
                                          "HS1,Toán,2,gk,T", "HS1,Toán,2,ktgk,9", "HS1,Toán,2,ck,T", "HS1,Toán,2,ktck,10",
                                          "HS2,Toán,2,ck,T"])
        let qualities = try file("qualities.csv", [Self.qualitiesHeader, "HS1,Chăm chỉ,2,ck,Tốt", "HS2,Chăm chỉ,2,ck,Đạt"])
        let input = try PrimaryYearResultsInput.read(marks: marks, qualities: qualities)
        let results = input.students.map { TT27Rules().results(of: $0, grade: 4, qualities: input.qualities) }
        let subjects = folder.appendingPathComponent("subjects.xlsx").path, students = folder.appendingPathComponent("students.csv").path
        try YearResultsOutput.writePrimarySubjects(results, to: subjects)
        try YearResultsOutput.writePrimaryStudents(results, to: students)
        #expect(try rows(subjects) == [
            ["student_id", "subject", "gk1", "ck1", "gk2", "ck2", "ktgk1", "ktck1", "ktgk2", "ktck2"],
            ["HS1", "Toán", "H", "T", "T", "T", "", "8", "9", "10"],
            ["HS2", "Toán", "", "", "", "T", "", "", "", ""],
        ])
        #expect(try rows(students) == [
            ["student_id", "result", "outcome", "award"],
            ["HS1", "Hoàn thành xuất sắc", "Hoàn thành chương trình lớp học", "Học sinh Xuất sắc"],
            ["HS2", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", ""],
        ])
    }

    private func rows(_ path: String) throws -> [[String]] {
        let table = try TableFile.open(path: path)
        var rows = [table.header]
        try table.forEachRecord { rows.append($0.cells) }
        return rows
    }
}
