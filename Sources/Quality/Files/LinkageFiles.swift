import EduCore
import Foundation
import Tabular

/// The files of `eduvn linkage dedupe`: `persons.csv` in (`record_id,source,national_id,full_name,date_of_birth,gender,birthplace`,
/// ISO dates, any field but `record_id` empty), `clusters.csv` out (`record_id,cluster_id`, every record once, in
/// input order). Problems are reported with their row and column; nothing is linked from a file with problems.
public enum LinkageFiles {
    public static func readPersons(_ path: String) throws -> [PersonRecord] {
        var records: [PersonRecord] = []
        var firstRow: [String: Int] = [:]
        try CheckedTable.read(path, columns: { _ in LinkageDemoData.personsHeader }, required: ["record_id"], unknownColumns: .ignored) { row in
            let id = row.cell(0)!
            if let earlier = firstRow.updateValue(row.row, forKey: id) {
                firstRow[id] = earlier
                row.problem(0, vi: "Mã bản ghi trùng với dòng \(earlier)", en: "Duplicate record_id (also on row \(earlier))")
            }
            let nationalID = row.cell(2).map { text -> NationalID? in
                guard let id = NationalID(text) else {
                    row.problem(2, vi: "Số định danh cá nhân gồm 12 chữ số", en: "The personal ID is 12 digits")
                    return nil
                }
                return id
            }
            let birth = row.cell(4).map { text -> CalendarDate? in
                guard let date = CalendarDate(iso: text) else {
                    row.problem(4, vi: "Ngày sinh viết dạng YYYY-MM-DD và phải có thật", en: "The date of birth is a real date written YYYY-MM-DD")
                    return nil
                }
                return date
            }
            let gender = row.cell(5).map { text -> Gender? in
                guard let gender = Gender(parsing: text) else {
                    row.problem(5, vi: "Giới tính là Nam hoặc Nữ (M/F)", en: "The gender is Nam or Nữ (M/F)")
                    return nil
                }
                return gender
            }
            guard !row.hasProblems else { return }
            records.append(PersonRecord(recordID: id, source: row.cell(1) ?? "", nationalID: nationalID ?? nil, fullName: row.cell(3),
                                        dateOfBirth: birth ?? nil, gender: gender ?? nil, birthplace: row.cell(6)))
        }
        return records
    }

    public static func writeClusters(_ records: [PersonRecord], clusters: [Int], to path: String) throws {
        let writer = try TableWriter(path: path, format: TableFormat.of(path: path) ?? .csv, header: ["record_id", "cluster_id"], csvStyle: .plain)
        for (record, cluster) in zip(records, clusters) { try writer.write([record.recordID, String(cluster)]) }
        try writer.close()
    }

    /// `record_id,<label>` columns of a clusters or truth file, by record id.
    public static func readLabels(_ path: String, column: String) throws -> [String: String] {
        var labels: [String: String] = [:]
        try CheckedTable.read(path, columns: { _ in ["record_id", column] }, required: ["record_id", column], unknownColumns: .ignored) { row in
            if labels.updateValue(row.cell(1)!, forKey: row.cell(0)!) != nil {
                row.problem(0, vi: "Mã bản ghi trùng", en: "Duplicate record_id")
            }
        }
        return labels
    }
}
