import EduCore
import Tabular

/// One row of a catchments file: a school (by its code) and one area of its catchment.
public struct CatchmentRow: Sendable, Hashable {
    public let row: Int
    public let schoolCode: String
    public let area: Residence

    public init(row: Int, schoolCode: String, area: Residence) {
        self.row = row
        self.schoolCode = schoolCode
        self.area = area
    }
}

/// The catchments of a campaign's schools as the department keeps them, one area per row: `ma_truong` (the school's
/// code), `ma_xa` (the code of the commune, ward or special zone), `thon_to` (the village, neighbourhood or street;
/// empty: the whole commune). CSV or XLSX; every problem by row and column, all together.
public enum CatchmentFile {
    public static let columns = ["ma_truong", "ma_xa", "thon_to"]

    public static func read(_ path: String) throws -> [CatchmentRow] {
        var rows: [CatchmentRow] = []
        try CheckedTable.read(path, columns: { _ in columns }, optional: ["thon_to"], required: ["ma_truong", "ma_xa"],
                              unknownColumns: .refused) { row in
            guard let school = row.cell("ma_truong"), let commune = row.cell("ma_xa") else { return }
            rows.append(CatchmentRow(row: row.row, schoolCode: school.trimmingCharacters(in: .whitespaces),
                                     area: Residence(communeCode: commune, locality: row.cell("thon_to") ?? "")))
        }
        return rows
    }

    /// Areas typed one a line — the commune's code, then optionally a semicolon and the village, neighbourhood or
    /// street (`31001; Thôn Đông`) — blank lines skipped; the store checks the codes and lengths.
    public static func areas(typed text: String) -> [Residence] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let parts = line.split(separator: ";", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let code = parts.first, !code.isEmpty else { return nil }
            return Residence(communeCode: code, locality: parts.count > 1 ? parts[1] : "")
        }
    }
}
