import Access
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
}

extension AdmissionsStore {
    /// A new catchment version for every school the rows name, all or nothing: a school not in the campaign or an area
    /// naming no current commune is refused with its row. Schools the file does not name keep their catchment.
    /// Answers how many schools and areas; with `dryRun`, checks and counts only.
    public func importCatchments(_ rows: [CatchmentRow], campaignID: Int, dryRun: Bool, by actor: Actor) async throws -> (schools: Int, areas: Int) {
        let campaign = try await campaign(id: campaignID)
        guard campaign.usesCatchments else { throw AdmissionsError.catchmentGrade }
        struct Row: Decodable { let id: Int; let code: String }
        let schools = Dictionary(uniqueKeysWithValues: try await database.raw("""
            SELECT s.id, s.code FROM admission_schools a JOIN schools s ON s.id = a.school_id WHERE a.campaign_id = \(bind: campaignID)
            """).all(decoding: Row.self).map { ($0.code, $0.id) })
        let unknown = try await unknownCommunes(Set(rows.map(\.area.communeCode)))
        var problems: [RowProblem] = []
        for row in rows {
            if schools[row.schoolCode] == nil {
                problems.append(RowProblem(row: row.row, column: "ma_truong", value: row.schoolCode, vi: "Trường không tham gia đợt tuyển sinh này",
                                           en: "The school does not take part in this campaign"))
            }
            if unknown.contains(row.area.communeCode) {
                problems.append(RowProblem(row: row.row, column: "ma_xa", value: row.area.communeCode,
                                           vi: "Không có xã, phường, đặc khu hiện hành mang mã này", en: "No current commune, ward or special zone has this code"))
            }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        let bySchool = Dictionary(grouping: rows, by: \.schoolCode)
        if !dryRun {
            for (code, areas) in bySchool.sorted(by: { $0.key < $1.key }) {
                try await setCatchment(campaignID: campaignID, schoolID: schools[code]!, areas: areas.map(\.area), by: actor)
            }
        }
        return (bySchool.count, rows.count)
    }
}
