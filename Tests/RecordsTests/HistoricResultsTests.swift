import Access
import EduCore
import Foundation
import Records
import SQLKit
import Storage
import Tabular
import Testing
import TestSupport

/// Past years in the labels of their time: the rule set chosen by school year and grade, each row checked against
/// it, and the import all or nothing, repeatable, audited.
@Suite struct HistoricResultsTests {
    let folder: URL

    init() throws {
        folder = try TestFiles.folder("historic")
    }

    func file(_ lines: String...) throws -> String {
        let url = folder.appendingPathComponent("historic.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    static let header = "so_dinh_danh,ma_hoc_sinh,nam_hoc,khoi,truong,hoc_luc,hanh_kiem,dtb_ca_nam,ket_qua,khen_thuong"

    @Test(arguments: [("2020-2021", 6, AssessmentRegime.tt58), ("2021-2022", 6, .tt22), ("2021-2022", 7, .tt58), ("2022-2023", 7, .tt22),
                      ("2022-2023", 10, .tt22), ("2022-2023", 11, .tt58), ("2024-2025", 12, .tt22), ("2020-2021", 1, .tt27),
                      ("2024-2025", 5, .tt27), ("2021-2022", 3, .tt30), ("2014-2015", 5, .tt30), ("2013-2014", 2, .tt32),
                      ("2000-2001", 1, .tt32)])
    func theRuleSetFollowsTheSchoolYearAndGrade(_ year: String, _ grade: Int, _ regime: AssessmentRegime) {
        #expect(RegimeSchedule.standard.regime(schoolYear: year, grade: grade) == regime)
    }

    @Test func theScheduleIsConfigurable() throws {
        #expect(RegimeSchedule.standard.regime(schoolYear: "2021-2022", grade: 13) == nil)
        #expect(try RegimeSchedule(parsing: "3:2021").regime(schoolYear: "2021-2022", grade: 3) == .tt27)
        let later = try RegimeSchedule(parsing: "6:2022, 7:2023")
        #expect(later.regime(schoolYear: "2021-2022", grade: 6) == .tt58)
        #expect(later.regime(schoolYear: "2022-2023", grade: 10) == .tt22, "grades not given keep the standard year")
        #expect(throws: EduError.self) { try RegimeSchedule(parsing: "6-2021") }
    }

    @Test func eachRowIsReadInTheLabelsOfItsTime() throws {
        let rows = try HistoricResultsFile.read(try file(Self.header,
            "031208000001,,2019-2020,7,THCS Lê Lợi,khá,Tốt,\"7,2\",Lên lớp,Học sinh tiên tiến",
            ",HS0002,2019-2020,8,THCS Lê Lợi,Trung bình,Khá,5.6,thi lại,",
            ",HS0003,2023-2024,8,THCS Lê Lợi,Tốt,Tốt,,Lên lớp,Học sinh Giỏi"))
        #expect(rows.map(\.result.regime) == [.tt58, .tt58, .tt22])
        #expect(rows[0].result.learning == "Khá" && rows[0].result.average == "7.2" && rows[0].result.award == "Học sinh tiên tiến")
        #expect(rows[1].result.outcome == "Kiểm tra lại", "TT58's thi lại")
        #expect(rows[2].result.average == nil && rows[2].result.award == "Học sinh Giỏi")
    }

    /// Primary years before TT27: TT30/2014 (as TT22/2016 amended it) from 2014-2015, TT32/2009 earlier.
    @Test func primaryYearsBeforeTT27InTheirLabels() throws {
        let rows = try HistoricResultsFile.read(try file(Self.header,
            ",HS6,2019-2020,3,TH A,Hoàn thành,,,Hoàn thành chương trình lớp học,Học sinh hoàn thành xuất sắc các nội dung học tập và rèn luyện",
            ",HS7,2012-2013,5,TH A,khá,Thực hiện đầy đủ,,Hoàn thành chương trình tiểu học,Học sinh tiên tiến",
            ",HS8,2012-2013,4,TH A,Yếu,Thực hiện đầy đủ,,thi lại,"))
        #expect(rows.map(\.result.regime) == [.tt30, .tt32, .tt32])
        #expect(rows[0].result.conduct == nil && rows[1].result.conduct == "Thực hiện đầy đủ" && rows[1].result.learning == "Khá")
        #expect(rows[2].result.outcome == "Kiểm tra lại", "TT32's thi lại")
        let rejected = try #require(throws: InputRejected.self) {
            try HistoricResultsFile.read(try file(Self.header,
                ",HS9,2019-2020,3,TH A,Hoàn thành,Tốt,,Hoàn thành chương trình lớp học,",   // TT30 gives no conduct grade
                ",HS10,2012-2013,3,TH A,Khá,Tốt,,Lên lớp,"))                              // TT32's conduct is thực hiện đầy đủ or not
        }
        #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["2:hanh_kiem", "3:hanh_kiem"])
        #expect(rejected.problems.first?.reason.vi.contains("Thông tư 30/2014") == true)
    }

    @Test func aLabelFromTheWrongTimeIsNamedWithTheRuleSet() throws {
        let rejected = try #require(throws: InputRejected.self) {
            try HistoricResultsFile.read(try file(Self.header,
                ",HS1,2023-2024,8,THCS A,Trung bình,Tốt,,Lên lớp,",      // TT22 has no Trung bình
                ",HS2,2023-2024,8,THCS A,Tốt,Tốt,8.0,Lên lớp,",           // TT22 has no overall average
                ",HS3,2019-2020,7,THCS A,Đạt,Tốt,6.0,Lên lớp,",           // TT58 has no Đạt
                ",HS4,2019-2020,3,TH A,Giỏi,,,Lên lớp,",                  // primary under TT30: no Giỏi, no Lên lớp
                ",,2019-2020,7,THCS A,Khá,Tốt,,Lên lớp,",                 // no student
                "0312,,2019-2020,7,THCS A,Khá,Tốt,,Lên lớp,"))            // not a personal ID
        }
        let found = Set(rejected.problems.map { "\($0.row):\($0.column)" })
        #expect(found == ["2:hoc_luc", "3:dtb_ca_nam", "4:hoc_luc", "5:hoc_luc", "5:ket_qua", "6:so_dinh_danh", "7:so_dinh_danh"])
        #expect(rejected.problems.first { $0.row == 2 }?.reason.vi.contains("Thông tư 22/2021") == true)
        #expect(rejected.problems.first { $0.row == 7 }?.value == "", "a mistyped personal ID is not repeated")
        let primary = try #require(throws: InputRejected.self) {
            try HistoricResultsFile.read(try file(Self.header, ",HS5,2024-2025,4,TH A,Hoàn thành tốt,,,Hoàn thành chương trình tiểu học,"))
        }
        #expect(primary.problems.map(\.column) == ["ket_qua"], "grade 4 does not complete primary school")
    }

    @Test func importIsAllOrNothingRepeatableAndAudited() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 60)
            let sql = db.database.sql
            struct Student: Decodable { let id: Int; let studentCode: String; let nationalIdEnc: String }
            let students = try await sql.raw("""
                SELECT id, student_code, national_id_enc FROM students WHERE student_code IS NOT NULL AND national_id_enc IS NOT NULL ORDER BY id LIMIT 2
                """).all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
            let personalID = try db.cipher.open(students[0].nationalIdEnc)
            let store = HistoricResultsStore(sql, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test")
            let good = try HistoricResultsFile.read(try file(Self.header,
                "\(personalID),,2019-2020,7,THCS Lê Lợi,Giỏi,Tốt,8.4,Lên lớp,Học sinh giỏi",
                ",\(students[1].studentCode),2019-2020,7,THCS Lê Lợi,Khá,Khá,7.0,Lên lớp,"))
            let unknown = try HistoricResultsFile.read(try file(Self.header, ",KHONGCO,2019-2020,7,THCS A,Khá,Tốt,,Lên lớp,"))
            let rejected = try await #require(throws: InputRejected.self) { try await store.importRows(good + unknown, by: actor) }
            #expect(rejected.problems.map(\.row) == [2] && rejected.problems[0].column == "ma_hoc_sinh")
            #expect(try await store.results(studentID: students[0].id).isEmpty, "nothing written")

            #expect(try await store.importRows(good, by: actor) == .init(created: 2, updated: 0, unchanged: 0))
            #expect(try await store.importRows(good, by: actor) == .init(created: 0, updated: 0, unchanged: 2))
            let changed = try HistoricResultsFile.read(try file(Self.header, "\(personalID),,2019-2020,7,THCS Lê Lợi,Khá,Tốt,7.9,Lên lớp,"))
            #expect(try await store.importRows(changed, dryRun: true, by: actor) == .init(created: 0, updated: 1, unchanged: 0))
            #expect(try await store.results(studentID: students[0].id).first?.learning == "Giỏi", "a dry run writes nothing")
            #expect(try await store.importRows(changed, by: actor) == .init(created: 0, updated: 1, unchanged: 0))
            let kept = try await store.results(studentID: students[0].id)
            #expect(kept.count == 1 && kept[0].learning == "Khá" && kept[0].regime == .tt58 && kept[0].average == "7.9")
            let audit = try await AuditLog(sql).entries(entity: "student", entityID: String(students[0].id)).map(\.action)
            #expect(audit.filter { $0.hasPrefix("historic_result") }.sorted() == ["historic_result", "historic_result_update"])
            let leaks = try await sql.raw("SELECT id FROM audit_log WHERE COALESCE(after, '') LIKE \(bind: "%\(personalID)%")").all()
            #expect(leaks.isEmpty)
        }
    }
}
