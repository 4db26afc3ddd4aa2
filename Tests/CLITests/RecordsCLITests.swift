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

extension RecordsCLITests {
    @Test func primaryYearResultsByTT27() throws {
        let cli = try CLIProcess()
        let marks = try cli.write("marks.csv", """
            student_id,subject,semester,kind,value
            HS01,Tiếng Việt,2,ck,T
            HS01,Tiếng Việt,2,ktck,9
            HS01,Toán,2,ck,T
            HS01,Toán,2,ktck,10
            HS02,Tiếng Việt,2,ck,H
            HS02,Tiếng Việt,2,ktck,6
            HS02,Toán,2,ck,T
            HS02,Toán,2,ktck,8

            """)
        let qualities = try cli.write("qualities.csv", "student_id,item,semester,kind,value\nHS01,Chăm chỉ,2,ck,Tốt\nHS02,Chăm chỉ,2,ck,Đạt\n")
        let subjects = cli.directory.appendingPathComponent("subjects.csv").path
        let students = cli.directory.appendingPathComponent("students.csv").path
        let arguments = ["records", "year-results", "--regime", "tt27", "--marks", marks, "--qualities", qualities,
                         "--out-subjects", subjects, "--out-students", students]
        let run = try cli.run(arguments + ["--grade", "5"])
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: students, encoding: .utf8)
        #expect(written.contains("HS01,Hoàn thành xuất sắc,Hoàn thành chương trình tiểu học,Học sinh Xuất sắc"), "\(written)")
        #expect(written.contains("HS02,Hoàn thành,Hoàn thành chương trình tiểu học,"), "\(written)")
        #expect(try String(contentsOfFile: subjects, encoding: .utf8).contains("HS02,Tiếng Việt,,,,H,,,,6"))

        // Usage errors (ArgumentParser's exit code 64), each said.
        for (extra, said) in [([], "--regime tt27 needs --qualities and --grade"), (["--grade", "6"], "--grade is 1 to 5"),
                              (["--grade", "5", "--conduct", qualities], "--conduct, --lessons and --summer belong to --regime tt22")] {
            let usage = try cli.run(arguments + extra)
            #expect(usage.status == 64 && usage.stderr.contains(said), "\(usage.stderr)")
        }
        _ = try cli.write("qualities.csv", "student_id,item,semester,kind,value\nHS01,Chăm chỉ,2,ck,Khá\n")
        try FileManager.default.removeItem(atPath: students)
        let bad = try cli.run(arguments + ["--grade", "5"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("qualities.csv: dòng/row 2, cột/column value"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: students), "nothing is written from bad input")
    }
}

/// `eduvn records historic` refuses a file with exit 2 naming row and column (the import itself: HistoricResultsTests).
@Suite struct HistoricCLITests {
    @Test func badLabelsUnknownStudentsAndABadScheduleExitWithTwo() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "40", "--seed", "5"]).status == 0)
        let header = "ma_hoc_sinh,nam_hoc,khoi,truong,hoc_luc,hanh_kiem,dtb_ca_nam,ket_qua\n"
        let bad = try cli.write("bad.csv", header + "NOPE,2019-2020,7,THCS A,Khá,Tốt,7.0,Lên lớp\n"
                                    + "NOPE2,2023-2024,8,THCS A,Trung bình,Tốt,,Lên lớp\n")
        let refused = try cli.run(["records", "historic", bad])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("dòng/row 3, cột/column hoc_luc"), "\(refused.stderr)")
        let unknown = try cli.write("unknown.csv", header + "NOPE,2019-2020,7,THCS A,Khá,Tốt,7.0,Lên lớp\n")
        let notFound = try cli.run(["records", "historic", unknown])
        #expect(notFound.status == 2 && notFound.stderr.contains("ma_hoc_sinh"), "\(notFound.stderr)")
        #expect(try cli.run(["records", "historic", bad, "--regime-from", "6-2021"]).status == 2, "a schedule that cannot be read")
    }
}

extension RecordsCLITests {
    /// `--summer`: re-tests and conduct after training decide the year again; checked against who re-takes what.
    @Test func summerResultsDecideTheYearAgain() throws {
        let cli = try CLIProcess()
        var marks = ["student_id,subject,semester,kind,value"]
        for subject in ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học", "Sinh học"] {
            let weak = ["Toán", "Vật lí"].contains(subject) ? "4" : "6"
            for semester in 1...2 {
                marks += ["HS03,\(subject),\(semester),tx,\(weak)", "HS03,\(subject),\(semester),gk,\(weak)", "HS03,\(subject),\(semester),ck,\(weak)",
                          "HS05,\(subject),\(semester),tx,\(weak)", "HS05,\(subject),\(semester),gk,\(weak)", "HS05,\(subject),\(semester),ck,\(weak)",
                          "HS04,\(subject),\(semester),tx,7", "HS04,\(subject),\(semester),gk,7", "HS04,\(subject),\(semester),ck,7"]
            }
        }
        let marksFile = try cli.write("marks.csv", marks.joined(separator: "\n") + "\n")
        let conduct = try cli.write("conduct.csv", "student_id,conduct_hk1,conduct_hk2,absences\nHS03,Khá,Khá,3\nHS04,Chưa đạt,Chưa đạt,0\nHS05,Khá,Khá,3\n")
        let summer = try cli.write("summer.csv", "student_id,kind,subject,value\nHS03,kt,Toán,6\nHS04,rl,,Đạt\n")
        let subjects = cli.directory.appendingPathComponent("subjects.csv").path
        let students = cli.directory.appendingPathComponent("students.csv").path
        let arguments = ["records", "year-results", "--regime", "tt22", "--marks", marksFile, "--conduct", conduct, "--summer", summer,
                         "--out-subjects", subjects, "--out-students", students]
        let run = try cli.run(arguments)
        #expect(run.status == 0, "\(run.stderr)")
        let written = try String(contentsOfFile: students, encoding: .utf8)
        #expect(written.contains("award,learning_after_summer,conduct_after_summer,outcome_after_summer"), "\(written)")
        #expect(written.contains("HS03,Chưa đạt,Chưa đạt,Chưa đạt,Khá,Kiểm tra lại,,Đạt,Khá,Lên lớp"), "\(written)")
        #expect(written.contains("HS04,Khá,Khá,Khá,Chưa đạt,Rèn luyện hè,,Khá,Đạt,Lên lớp"), "\(written)")
        #expect(written.contains("HS05,Chưa đạt,Chưa đạt,Chưa đạt,Khá,Kiểm tra lại,,Chưa đủ dữ liệu,Chưa đủ dữ liệu,Chưa đủ dữ liệu"),
                "not in the summer file: undecided, not failed; \(written)")
        let perSubject = try String(contentsOfFile: subjects, encoding: .utf8)
        let lines = perSubject.components(separatedBy: .newlines)
        #expect(lines.contains("HS03,Toán,4.0,4.0,4.0,6.0") && lines.contains("HS03,Vật lí,4.0,4.0,4.0,"), "not re-taken: empty; \(perSubject)")

        try FileManager.default.removeItem(atPath: students)
        _ = try cli.write("summer.csv", "student_id,kind,subject,value\nHS03,kt,Ngữ văn,9\nHS04,kt,Toán,8\nHS03,rl,,Tốt\n")
        let bad = try cli.run(arguments)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("summer.csv: dòng/row 2, cột/column subject") && bad.stderr.contains("summer.csv: dòng/row 3, cột/column subject")
                && bad.stderr.contains("summer.csv: dòng/row 4, cột/column kind"), "\(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: students), "nothing is written from bad input")
    }
}
