import EduCore
import Tabular

/// One row of a campaign's scores file: an application and its paper scores, or its one score.
public struct ScoreRow: Sendable, Hashable {
    public let row: Int
    public let applicationID: Int
    /// By subject as the campaign's rules name it; a paper left empty is absent (missing, which makes the applicant
    /// ineligible). Empty for a campaign without paper rules.
    public let papers: [String: Points]
    /// The one score, for a campaign without paper rules.
    public let score: Points?
}

/// The results the exam board hands over for a campaign, one application a row: `ma_ho_so` (the application code) and,
/// for a campaign with paper rules, a column per paper headed by its subject as the rules write it (each score 0 to 10,
/// up to two decimals, a decimal comma taken as a point; empty: the paper is missing), or else `diem` (the score, 0 to
/// 1000). Other columns (a name, a room) are ignored. CSV or XLSX; every problem by row and column, all together.
public enum ScoreFile {
    public static let applicationColumn = "ma_ho_so"
    public static let scoreColumn = "diem"

    /// `subjects`: the campaign's papers, nil for a campaign without paper rules.
    public static func read(_ path: String, name: String? = nil, subjects: [String]?) throws -> [ScoreRow] {
        let paperColumns = (subjects ?? []).map { $0.nfc.lowercased() }
        let columns = [applicationColumn] + (subjects == nil ? [scoreColumn] : paperColumns)
        var rows: [ScoreRow] = [], seen: [Int: Int] = [:]
        try CheckedTable.read(path, name: name, columns: { _ in columns },
                              required: subjects == nil ? [applicationColumn, scoreColumn] : [applicationColumn], unknownColumns: .ignored) { row in
            // Empty required cells (the code; `diem`) are CheckedTable's to name.
            guard let code = row.cell(applicationColumn) else { return }
            guard let id = Int(code.trimmingCharacters(in: .whitespaces)), id > 0 else {
                row.problem(applicationColumn, vi: "Mã hồ sơ là một số nguyên dương", en: "An application code is a positive whole number")
                return
            }
            if let first = seen[id] {
                row.problem(applicationColumn, vi: "Hồ sơ này đã có ở dòng \(first)", en: "This application is already on row \(first)")
            }
            seen[id] = seen[id] ?? row.row
            var papers: [String: Points] = [:]
            for (subject, column) in zip(subjects ?? [], paperColumns) {
                guard let text = row.cell(column) else { continue }
                guard let points = points(text), points <= CampaignRules.maximumPaper else {
                    row.problem(column, vi: "Điểm bài thi từ 0 đến 10, tối đa hai chữ số thập phân", en: "A paper scores 0 to 10, two decimals at most")
                    continue
                }
                papers[subject] = points
            }
            var score: Points?
            if subjects == nil, let text = row.cell(scoreColumn) {
                score = points(text).flatMap { $0 <= AdmissionsStore.maximumScore ? $0 : nil }
                if score == nil {
                    row.problem(scoreColumn, vi: "Điểm là một số từ 0 đến 1000, tối đa hai chữ số thập phân",
                                en: "A score is a number from 0 to 1000, two decimals at most")
                }
            }
            if !row.hasProblems { rows.append(ScoreRow(row: row.row, applicationID: id, papers: papers, score: score)) }
        }
        return rows
    }

    /// "8.25" or, as Vietnamese spreadsheets write it, "8,25".
    private static func points(_ text: String) -> Points? {
        Points(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
    }
}
