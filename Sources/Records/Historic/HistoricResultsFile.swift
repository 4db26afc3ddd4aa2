import EduCore
import Foundation
import Tabular

/// A school year's results as the học bạ of the time recorded them, in that time's labels.
public struct HistoricResult: Sendable, Hashable, Codable {
    public let schoolYear: String
    public let grade: Int
    /// The school as it was named then (schools merged and renamed since).
    public let schoolName: String
    public let regime: AssessmentRegime
    /// Học lực (TT58), kết quả học tập (TT22), or the year's result (TT27).
    public let learning: String
    /// Hạnh kiểm (TT58) or kết quả rèn luyện (TT22); nil for primary.
    public let conduct: String?
    /// TT58's overall average of all subjects, one decimal.
    public let average: String?
    public let outcome: String
    public let award: String?

    public init(schoolYear: String, grade: Int, schoolName: String, regime: AssessmentRegime, learning: String, conduct: String?,
                average: String?, outcome: String, award: String?) {
        self.schoolYear = schoolYear
        self.grade = grade
        self.schoolName = schoolName
        self.regime = regime
        self.learning = learning
        self.conduct = conduct
        self.average = average
        self.outcome = outcome
        self.award = award
    }
}

/// One row of a historic results file: the student by personal ID or student code, and the result.
public struct HistoricRow: Sendable {
    public let row: Int
    public let nationalID: NationalID?
    public let studentCode: String?
    public let result: HistoricResult

    public init(row: Int, nationalID: NationalID?, studentCode: String?, result: HistoricResult) {
        self.row = row
        self.nationalID = nationalID
        self.studentCode = studentCode
        self.result = result
    }
}

/// Past years' results from the học bạ on paper or an old system, one row per student and year:
/// `so_dinh_danh` or `ma_hoc_sinh` (either), `nam_hoc` (2015-2016), `khoi` (6–12, or 1–5 from TT27), `truong`,
/// `hoc_luc`, `hanh_kiem`, `dtb_ca_nam` (TT58 only), `ket_qua`, `khen_thuong` (optional). Each row is checked against
/// the labels of the rule set its year and grade fall under (`RegimeSchedule`): Giỏi/Khá/Trung bình/Yếu/Kém under TT58,
/// Tốt/Khá/Đạt/Chưa đạt under TT22, and so on; every problem by row and column, all together.
public enum HistoricResultsFile {
    public static let columns = ["so_dinh_danh", "ma_hoc_sinh", "nam_hoc", "khoi", "truong", "hoc_luc", "hanh_kiem", "dtb_ca_nam",
                                 "ket_qua", "khen_thuong"]

    public static func read(_ path: String, schedule: RegimeSchedule = .standard) throws -> [HistoricRow] {
        var rows: [HistoricRow] = []
        try CheckedTable.read(path, columns: { _ in columns }, optional: ["so_dinh_danh", "ma_hoc_sinh", "dtb_ca_nam", "khen_thuong", "hanh_kiem"],
                              required: ["nam_hoc", "khoi", "truong", "hoc_luc", "ket_qua"], unknownColumns: .refused) { row in
            if let parsed = parse(&row, schedule: schedule), !row.hasProblems { rows.append(parsed) }
        }
        return rows
    }

    private static func parse(_ row: inout CheckedRow, schedule: RegimeSchedule) -> HistoricRow? {
        let nationalID = row.cell("so_dinh_danh").flatMap { NationalID($0) }
        if row.cell("so_dinh_danh") != nil, nationalID == nil {
            row.problemWithoutValue("so_dinh_danh", vi: "Số định danh cá nhân gồm 12 chữ số", en: "A personal ID has 12 digits")
        }
        let code = row.cell("ma_hoc_sinh")?.trimmingCharacters(in: .whitespaces)
        if row.cell("so_dinh_danh") == nil, code == nil {
            row.problem("so_dinh_danh", vi: "Cần số định danh hoặc mã học sinh", en: "A personal ID or a student code is needed")
        }
        guard let year = row.cell("nam_hoc").flatMap(schoolYear) else {
            row.problem("nam_hoc", vi: "Năm học có dạng 2015-2016", en: "School years look like 2015-2016")
            return nil
        }
        guard let grade = row.cell("khoi").flatMap({ Int($0) }), (1...12).contains(grade) else {
            row.problem("khoi", vi: "Khối lớp từ 1 đến 12", en: "The grade is 1 to 12")
            return nil
        }
        guard let regime = schedule.regime(schoolYear: year, grade: grade) else {
            row.problem("khoi", vi: "Khối lớp từ 1 đến 12", en: "The grade is 1 to 12")
            return nil
        }
        let learning = label(&row, "hoc_luc", in: regime.learningLabels, regime: regime)
        var conduct: String?
        if regime.conductLabels.isEmpty {
            if row.cell("hanh_kiem") != nil {
                row.problem("hanh_kiem", vi: "Theo \(regime.label.vi), tiểu học không xếp loại hạnh kiểm, rèn luyện",
                            en: "Under \(regime.label.en), primary schools give no conduct grade")
            }
        } else {
            conduct = label(&row, "hanh_kiem", in: regime.conductLabels, regime: regime)
        }
        var average: String?
        if let text = row.cell("dtb_ca_nam") {
            if !regime.hasOverallAverage {
                row.problem("dtb_ca_nam", vi: "\(regime.label.vi) không có điểm trung bình các môn", en: "\(regime.label.en) has no overall average")
            } else if let mark = Mark(text) {
                average = mark.description
            } else {
                row.problem("dtb_ca_nam", vi: "Điểm từ 0 đến 10, một chữ số thập phân", en: "A mark is 0 to 10 with one decimal")
            }
        }
        // Under TT58 (and TT32) a summer re-test was "thi lại"; the học bạ of the time may say either.
        let outcomeText = row.cell("ket_qua").map { $0.nfc.lowercased() == "thi lại" && [.tt58, .tt32].contains(regime) ? "Kiểm tra lại" : $0 }
        let outcomes = regime.outcomeLabels(grade: grade)
        let outcome = outcomeText.flatMap { text in outcomes.first { $0.lowercased() == text.nfc.lowercased() } }
        if outcome == nil { row.problem("ket_qua", vi: "Theo \(regime.label.vi), khối \(grade): \(outcomes.joined(separator: ", "))",
                                        en: "Under \(regime.label.en), grade \(grade): \(outcomes.joined(separator: ", "))") }
        let award = row.cell("khen_thuong").map { _ in label(&row, "khen_thuong", in: regime.awardLabels, regime: regime) } ?? nil
        guard let learning, let outcome, !row.hasProblems else { return nil }
        return HistoricRow(row: row.row, nationalID: nationalID, studentCode: code, result: HistoricResult(
            schoolYear: year, grade: grade, schoolName: PersonName.normalized(row.cell("truong") ?? ""), regime: regime, learning: learning,
            conduct: conduct, average: average, outcome: outcome, award: award))
    }

    /// The label as the rule set writes it, whatever the case or Unicode form typed; a problem naming the set otherwise.
    private static func label(_ row: inout CheckedRow, _ column: String, in labels: [String], regime: AssessmentRegime) -> String? {
        guard let typed = row.cell(column)?.trimmingCharacters(in: .whitespaces).nfc.lowercased() else {
            row.problem(column, vi: "Thiếu giá trị", en: "The value is missing")
            return nil
        }
        guard let label = labels.first(where: { $0.lowercased() == typed }) else {
            row.problem(column, vi: "Theo \(regime.label.vi): \(labels.joined(separator: ", "))", en: "Under \(regime.label.en): \(labels.joined(separator: ", "))")
            return nil
        }
        return label
    }

    private static func schoolYear(_ text: String) -> String? {
        let parts = text.split(separator: "-").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, parts[1] == parts[0] + 1, (1990...2100).contains(parts[0]) else { return nil }
        return "\(parts[0])-\(parts[1])"
    }
}
