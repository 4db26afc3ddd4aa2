import EduCore
import Foundation
import Tabular

/// Reads the two input files of `eduvn admissions allocate` (CSV or XLSX):
/// - schools: `school_code,quota`, optionally `specialised` (1/0, true/false, yes/no, có/không; empty is no);
///   other columns ignored;
/// - applicants: `applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3` and any further `prefN` columns,
///   optionally `direct_admission` (a school code); other columns ignored. A preference's rank is the N of its
///   column, so a blank NV2 leaves NV3 at rank 3.
/// Every problem is reported with its file, row and column; nothing is allocated from files with problems.
public enum AllocationInput {
    public static let maximumProblems = 1000

    public struct Read: Sendable {
        public let problem: AllocationProblem
        /// Things allowed but worth saying (a school listed twice by one applicant: the later listing is ignored).
        public let notices: [RowProblem]
    }

    public static func read(schools: String, applicants: String) throws -> Read {
        var problem = try readSchools(schools)
        let notices = try readApplicants(applicants, into: &problem)
        return Read(problem: problem, notices: notices)
    }

    private static func readSchools(_ path: String) throws -> AllocationProblem {
        var problem = AllocationProblem()
        var firstRow: [String: Int] = [:]
        try CheckedTable.read(path, columns: { header in ["school_code", "quota"] + header.filter { $0 == "specialised" } },
                              required: ["school_code", "quota"], unknownColumns: .ignored, maximumProblems: maximumProblems) { row in
            let code = row.cell(0)!
            if let earlier = firstRow[code] {
                return row.problem(0, vi: "Mã trường trùng với dòng \(earlier)", en: "Duplicate school code (also on row \(earlier))")
            }
            guard let quota = Int(row.cell(1)!), quota >= 0 else {
                return row.problem(1, vi: "Chỉ tiêu phải là số nguyên không âm", en: "The quota must be a non-negative whole number")
            }
            var isSpecialised = false
            if let flag = row.cell("specialised")?.lowercased() {
                guard yes.contains(flag) || no.contains(flag) else {
                    return row.problem("specialised", vi: "Trường chuyên ghi 1 hoặc 0 (có/không)", en: "specialised is 1 or 0 (yes/no)")
                }
                isSpecialised = yes.contains(flag)
            }
            firstRow[code] = row.row
            problem.addSchool(AllocationProblem.School(code: code, quota: quota, isSpecialised: isSpecialised))
        }
        return problem
    }

    private static let yes: Set<String> = ["1", "true", "yes", "x", "có"], no: Set<String> = ["0", "false", "no", "không"]

    /// Column indexes in `CheckedRow` order; the preference columns follow, then `direct_admission` when present.
    private enum Column { static let id = 0, score = 1, priority = 2, tiebreak = 3, firstPreference = 4 }

    private static func readApplicants(_ path: String, into problem: inout AllocationProblem) throws -> [RowProblem] {
        let schoolIndex = Dictionary(uniqueKeysWithValues: problem.schools.enumerated().map { ($1.code, Int32($0)) })
        var preferenceRanks: [Int32] = []
        var idRows: [String: Int] = [:], tiebreakRows: [Int64: Int] = [:], directCount: [Int: Int] = [:]
        var notices: [RowProblem] = []
        var preferences: [AllocationProblem.Preference] = []
        // Growing a dictionary of a million keys rehashes it twenty times: size it from the file once (a row takes at
        // least about 32 bytes in practice; fewer only costs a rehash).
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let expectedRows = min(size / 32, 50_000_000)
        idRows.reserveCapacity(expectedRows)
        tiebreakRows.reserveCapacity(expectedRows)
        problem.reserveCapacity(applicants: expectedRows, preferencesEach: 3)
        try CheckedTable.read(path, columns: { header in
            let ranked = header.compactMap { title in preferenceRank(title).map { (title, $0) } }.sorted { $0.1 < $1.1 }
            preferenceRanks = ranked.map(\.1)
            return ["applicant_id", "score", "priority_points", "tiebreak"] + (ranked.isEmpty ? ["pref1"] : ranked.map(\.0))
                + header.filter { $0 == "direct_admission" }
        }, required: ["applicant_id", "score", "tiebreak"], unknownColumns: .ignored, maximumProblems: maximumProblems) { row in
            let id = row.cell(Column.id)!
            // One hash in the usual case: insert, and put the first row back in the rare duplicate.
            if let earlier = idRows.updateValue(row.row, forKey: id) {
                idRows[id] = earlier
                row.problem(Column.id, vi: "Mã thí sinh trùng với dòng \(earlier)", en: "Duplicate applicant id (also on row \(earlier))")
            }
            let score = points(in: &row, Column.score, required: true)
            let priority = points(in: &row, Column.priority, required: false)
            let tiebreak = Int64(row.cell(Column.tiebreak)!)
            if let tiebreak {
                if let earlier = tiebreakRows.updateValue(row.row, forKey: tiebreak) {
                    tiebreakRows[tiebreak] = earlier
                    row.problem(Column.tiebreak, vi: "Số thứ tự ưu tiên trùng với dòng \(earlier)", en: "Duplicate tie-break (also on row \(earlier))")
                }
            } else {
                row.problem(Column.tiebreak, vi: "Số thứ tự ưu tiên phải là số nguyên", en: "The tie-break must be a whole number")
            }
            preferences.removeAll(keepingCapacity: true)
            for (offset, rank) in preferenceRanks.enumerated() {
                let column = Column.firstPreference + offset
                guard let code = row.cell(column) else { continue }
                guard let school = schoolIndex[code] else {
                    row.problem(column, vi: "Không có trường này trong danh sách trường", en: "Unknown school: not in the schools file")
                    continue
                }
                if preferences.contains(where: { $0.school == school }) {
                    notices.append(RowProblem(row: row.row, column: row.columnName(column), value: code,
                                              vi: "Trường đã có ở nguyện vọng trước: bỏ qua lần đăng ký sau",
                                              en: "The school is already listed at an earlier preference: the later listing is ignored"))
                    continue
                }
                preferences.append(AllocationProblem.Preference(school: school, rank: rank))
            }
            var direct: Int32?
            if let code = row.cell("direct_admission") {
                if let school = schoolIndex[code] {
                    direct = school
                    directCount[Int(school), default: 0] += 1
                    if directCount[Int(school)]! > problem.schools[Int(school)].quota {
                        row.problem("direct_admission", vi: "Số tuyển thẳng vượt chỉ tiêu của trường (\(problem.schools[Int(school)].quota))",
                                    en: "More direct admissions than the school's quota (\(problem.schools[Int(school)].quota))")
                    }
                } else {
                    row.problem("direct_admission", vi: "Không có trường này trong danh sách trường", en: "Unknown school: not in the schools file")
                }
            }
            guard !row.hasProblems, let score, let priority, let tiebreak else { return }
            problem.addApplicant(id: id, admissionScore: score + priority, tiebreak: tiebreak, preferences: preferences, directAdmission: direct)
        }
        return notices
    }

    /// Far beyond any campaign's preferences; it keeps G × (N − 1) inside exact integer arithmetic for any G the
    /// number format allows. A `prefN` column past it is not a preference (and so ignored, like other columns).
    static let maximumRank: Int32 = 1000

    /// `pref1`, `pref2`, …: the N, from 1, written without leading zeros (so no two columns share a rank).
    private static func preferenceRank(_ title: String) -> Int32? {
        let digits = title.utf8.dropFirst(4)
        guard title.hasPrefix("pref"), digits.first != UInt8(ascii: "0"),
              digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
              let rank = Int32(title.dropFirst(4)), rank <= maximumRank else { return nil }
        return rank
    }

    /// An empty optional cell counts as zero.
    private static func points(in row: inout CheckedRow, _ column: Int, required: Bool) -> Points? {
        guard let text = row.cell(column) else { return required ? nil : .zero }
        guard let points = Points(text) else {
            row.problem(column, vi: "Không phải là số hợp lệ (số không âm, dấu chấm thập phân, tối đa hai chữ số sau dấu chấm, ví dụ 37.75)",
                        en: "Not a valid number (non-negative, a decimal point, at most two decimals, e.g. 37.75)")
            return nil
        }
        return points
    }
}
