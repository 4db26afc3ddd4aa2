import EduCore
import Foundation
import Records
import Tabular
import Testing
import TestSupport

/// The files of `eduvn records year-results`: every bad cell named by file, row and column; results written whole.
@Suite struct YearResultsFilesTests {
    let folder: URL

    init() throws {
        folder = try TestFiles.folder("records")
    }

    func file(_ name: String, _ lines: String...) throws -> String {
        let url = folder.appendingPathComponent(name)
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let conductHeader = "student_id,conduct_hk1,conduct_hk2,absences"
    static let marksHeader = "student_id,subject,semester,kind,value"

    @Test func everyBadCellIsReportedWithItsFileRowAndColumn() throws {
        let marks = try file("marks.csv", Self.marksHeader,
                             "001,Toán,1,tx,8",
                             "001,Toán,3,tx,8",                 // semester
                             "001,Toán,1,hk,8",                 // kind
                             "001,Toán,1,tx,10.5",              // out of range
                             "001,Toán,1,tx,7.25",              // two decimals
                             "001,Toán,1,gk,8",
                             "001,Toán,1,gk,9",                 // a second mid-term
                             "001,Toán,1,nx,Đ",                 // a comment for a scored subject
                             "001,Thể dục,1,nx,Đ",
                             "001,Thể dục,2,tx,8",              // a number for a comment subject
                             "001,Âm nhạc,1,nx,Tốt",            // not Đ/CĐ
                             ",Toán,1,tx,8")                    // no student
        let conduct = try file("conduct.csv", Self.conductHeader, "001,Tốt,Khá,3")
        let rejected = try #require(throws: InputRejected.self) { try YearResultsInput.read(marks: marks, conduct: conduct) }
        #expect(rejected.file == "marks.csv")
        #expect(rejected.problems.map { "\($0.row):\($0.column)" } == [
            "3:semester", "4:kind", "5:value", "6:value", "8:kind", "9:kind", "11:kind", "12:value", "13:student_id",
        ])
        #expect(rejected.description.contains("marks.csv: dòng/row 11, cột/column kind, giá trị/value \"tx\""))
        #expect(rejected.problems[7].reason.vi == "Môn nhận xét nhận Đ hoặc CĐ")
    }

    @Test func badConductAndHeadersAreReported() throws {
        let marks = try file("marks.csv", Self.marksHeader, "001,Toán,1,tx,8")
        let conduct = try file("conduct.csv", Self.conductHeader, "001,Tốt,Giỏi,3", "002,Tốt,Khá,-1", "001,Tốt,Tốt,0")
        let rejected = try #require(throws: InputRejected.self) { try YearResultsInput.read(marks: marks, conduct: conduct) }
        #expect(rejected.file == "conduct.csv")
        #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["2:conduct_hk2", "3:absences", "4:student_id"])

        let headers = try file("headers.csv", "student_id,subject,hoc_ki,kind,value", "001,Toán,1,tx,8")
        let header = try #require(throws: InputRejected.self) { try YearResultsInput.read(marks: headers, conduct: conduct) }
        #expect(header.problems.map { "\($0.row):\($0.column)" } == ["1:semester", "1:hoc_ki"])

        let ragged = try file("ragged.csv", Self.marksHeader, "001,Toán,2,gk,8,5")
        let structural = try #require(throws: EduError.self) { try YearResultsInput.read(marks: ragged, conduct: conduct) }
        #expect(structural.message.vi.hasPrefix("ragged.csv: "))
    }

    @Test func resultsAreWrittenWithTheContractsColumnsAndLabels() throws {
        var lines = [Self.marksHeader]
        for (index, subject) in ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học"].enumerated() {
            for semester in 1...2 {
                lines += ["001,\(subject),\(semester),tx,\(index == 0 ? "9" : "8")", "001,\(subject),\(semester),tx,8",
                          "001,\(subject),\(semester),gk,8", "001,\(subject),\(semester),ck,8,"]
            }
        }
        lines = lines.map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
        lines += ["001,Giáo dục thể chất,1,nx,Đ", "001,Giáo dục thể chất,2,nx,đ", "002,Toán,1,tx,4", "002,Toán,1,gk,4"]
        let marks = try file("marks.csv", lines.joined(separator: "\n"))
        let conduct = try file("conduct.csv", Self.conductHeader, "001,Tốt,Tốt,45", "003,Khá,,")
        let input = try YearResultsInput.read(marks: marks, conduct: conduct)
        let results = input.students.map { TT22Rules().results(of: $0) }
        let subjects = folder.appendingPathComponent("subjects.csv").path, students = folder.appendingPathComponent("students.csv").path
        try YearResultsOutput.writeSubjects(results, to: subjects)
        try YearResultsOutput.writeStudents(results, to: students)

        #expect(try rows(subjects).prefix(3) == [
            ["student_id", "subject", "hk1", "hk2", "year"], ["001", "Toán", "8.1", "8.1", "8.1"], ["001", "Ngữ văn", "8.0", "8.0", "8.0"],
        ])
        #expect(try rows(subjects).suffix(2) == [["001", "Giáo dục thể chất", "Đ", "Đ", "Đ"], ["002", "Toán", "", "", ""]])
        #expect(try rows(students) == [
            ["student_id", "learning_hk1", "learning_hk2", "learning_year", "conduct_year", "outcome", "award"],
            ["001", "Tốt", "Tốt", "Tốt", "Tốt", "Lên lớp", "Học sinh Giỏi"],
            ["002", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", ""],
            ["003", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", "Chưa đủ dữ liệu", ""],
        ])
    }

    private func rows(_ path: String) throws -> [[String]] {
        let table = try TableFile.open(path: path)
        var rows = [table.header]
        try table.forEachRecord { rows.append($0.cells) }
        return rows
    }
}
