import Foundation
import Testing

/// The contract of `eduvn records year-results`: files in, files out, exit 2 naming file, row and column.
@Suite struct RecordsCLITests {
    @Test func yearResultsFromAGradebookExport() throws {
        let cli = try CLIProcess()
        var marks = ["student_id,subject,semester,kind,value"]
        for subject in ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học", "Sinh học"] {
            for semester in 1...2 {
                marks += ["HS01,\(subject),\(semester),tx,9", "HS01,\(subject),\(semester),tx,9.5",
                          "HS01,\(subject),\(semester),gk,9", "HS01,\(subject),\(semester),ck,9",
                          "HS02,\(subject),\(semester),tx,6", "HS02,\(subject),\(semester),tx,6",
                          "HS02,\(subject),\(semester),gk,6", "HS02,\(subject),\(semester),ck,\(subject == "Toán" ? "2" : "6")"]
            }
        }
        let marksFile = try cli.write("marks.csv", marks.joined(separator: "\n") + "\n")
        let conduct = try cli.write("conduct.csv", "student_id,conduct_hk1,conduct_hk2,absences\nHS01,Tốt,Tốt,1\nHS02,Khá,Tốt,46\n")
        let subjects = cli.directory.appendingPathComponent("subjects.csv").path
        let students = cli.directory.appendingPathComponent("students.csv").path
        let arguments = ["records", "year-results", "--regime", "tt22", "--marks", marksFile, "--conduct", conduct,
                         "--out-subjects", subjects, "--out-students", students]
        let run = try cli.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: students, encoding: .utf8)
        #expect(written.contains("HS01,Tốt,Tốt,Tốt,Tốt,Lên lớp,Học sinh Xuất sắc"), "\(written)")
        #expect(written.contains("HS02,Đạt,Đạt,Đạt,Tốt,Ở lại lớp,"), "\(written)")
        #expect(try String(contentsOfFile: subjects, encoding: .utf8).contains("HS02,Toán,4.3,4.3,4.3"))

        try FileManager.default.removeItem(atPath: students)
        _ = try cli.write("marks.csv", marks.joined(separator: "\n") + "\nHS03,Toán,1,gk,\"8,55\"\n")
        let bad = try cli.run(arguments)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("marks.csv: dòng/row \(marks.count + 1), cột/column value"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: students), "nothing is written from bad input")
    }
}
