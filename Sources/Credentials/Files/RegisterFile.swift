import EduCore
import Foundation
import Tabular

/// Reads a digitised register sheet (CSV or XLSX) for `eduvn credentials import`: the contract header
/// `credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date`
/// (Vietnamese headers accepted too; optional `national_id`, `classification`, `page_image`, `ethnicity`, `signer`; other columns such as STT
/// ignored).
/// Every problem is named with its row and column; a file with problems yields no entries.
public enum RegisterFile {
    public static let columns: [Column] = [
        Column("credential_type", "Loại văn bằng", required: true, aliases: ["loai", "loai bang"]),
        Column("serial", "Số hiệu", required: true, aliases: ["so hieu van bang", "so hieu bang"]),
        Column("register_number", "Số vào sổ gốc", required: true, aliases: ["so vao so", "so vao so goc cap van bang"]),
        Column("full_name", "Họ và tên", required: true, aliases: ["ho ten"]),
        Column("date_of_birth", "Ngày sinh", required: true),
        Column("gender", "Giới tính"),
        Column("birthplace", "Nơi sinh"),
        Column("school", "Trường", required: true, aliases: ["hoc sinh truong", "hoi dong thi"]),
        Column("graduation_year", "Năm tốt nghiệp", required: true, aliases: ["khoa thi", "nam"]),
        Column("decision_number", "Số quyết định", required: true, aliases: ["so qd", "quyet dinh"]),
        Column("decision_date", "Ngày quyết định", required: true, aliases: ["ngay qd", "ngay cap"]),
        Column("national_id", "Số định danh cá nhân", aliases: ["cccd", "so cccd", "so dinh danh"]),
        Column("classification", "Xếp loại", aliases: ["xep loai tot nghiep"]),
        Column("page_image", "Ảnh trang sổ", aliases: ["anh trang so goc", "trang so", "tep anh"]),
        Column("ethnicity", "Dân tộc"),
        Column("signer", "Người ký", aliases: ["nguoi ky van bang", "nguoi ky bang"]),
    ]

    public struct Row: Sendable {
        public let row: Int
        public let entry: RegisterEntryDraft
        /// The scanned register page the row was transcribed from: a file in the import's `ScanFolder`.
        public var pageImage: String?

        public init(row: Int, entry: RegisterEntryDraft, pageImage: String? = nil) {
            self.row = row
            self.entry = entry
            self.pageImage = pageImage
        }
    }

    /// The rows (spooled to an unlinked temporary file, so memory does not grow with the file), and what was converted
    /// when the file was in a legacy encoding (TCVN3, VNI, Windows-1258), as old registers typed with .VnTime or VNI
    /// fonts often are. `progress`: the share of the file read, 0 to 1.
    public static func read(_ path: String, today: CalendarDate, progress: ((Double) -> Void)? = nil) throws -> (rows: RegisterRows, conversion: LegacyConversion?) {
        let rows = try RegisterRows()
        var seen = SeenKeys()
        let conversion = try CheckedTable.read(path, columns: Column.choose(columns), optional: Set(columns.filter { !$0.required }.map(\.name)),
                                               unknownColumns: .ignored, convertingLegacyText: true, progress: progress) { row in
            func cell(_ name: String) -> String? { row.cell(columns.firstIndex { $0.name == name }!) }
            func problem(_ name: String, _ reason: Bilingual) { row.problem(columns.firstIndex { $0.name == name }!, vi: reason.vi, en: reason.en) }
            let entry = self.entry(cell: cell, today: today, problem: problem)
            seen.duplicates(line: row.row, serial: cell("serial"), number: cell("register_number")).forEach(problem)
            guard !row.hasProblems, let entry else { return }
            try rows.append(Row(row: row.row, entry: entry, pageImage: cell("page_image")))
        }
        return (rows, conversion)
    }

    /// One line of a register from its cells by column name (the file's, or a double entry's settled values); every
    /// problem goes to `problem` with its column, and the entry is nil when there was one.
    public static func entry(cell: (String) -> String?, today: CalendarDate, problem report: (String, Bilingual) -> Void) -> RegisterEntryDraft? {
        var failed = false
        func problem(_ name: String, _ vi: String, _ en: String) {
            failed = true
            report(name, Bilingual(vi: vi, en: en))
        }
        for column in columns where column.required && cell(column.name) == nil {
            problem(column.name, "Ô bắt buộc đang trống", "This cell is required")
        }
        guard !failed else { return nil }
        let kind = CredentialKind(parsing: cell("credential_type")!)
        if kind == nil { problem("credential_type", "Loại văn bằng là THPT, THCS hoặc CC", "The credential type is THPT, THCS or CC") }
        let name = PersonName.normalized(cell("full_name")!)
        if let reason = PersonName.problem(name) { problem("full_name", reason.vi, reason.en) }
        let birth = date(cell("date_of_birth")!, "date_of_birth", problem)
        let decided = date(cell("decision_date")!, "decision_date", problem)
        let year = Int(cell("graduation_year")!)
        // Two comparisons, not a range: a birth date under ten years ago would make an empty (and trapping) range.
        if let year, let birth, year < birth.year + 10 || year > today.year {
            problem("graduation_year", "Năm tốt nghiệp không thể có với ngày sinh \(birth.vietnamese)", "Impossible graduation year for a birth date of \(birth.iso)")
        } else if year == nil {
            problem("graduation_year", "Năm tốt nghiệp là số năm, ví dụ 2005", "The graduation year is a year such as 2005")
        } else if kind == .lowerSecondary, let year, year > CredentialKind.lastLowerSecondaryYear {
            problem("graduation_year", "Bằng tốt nghiệp THCS chỉ cấp đến năm \(CredentialKind.lastLowerSecondaryYear) (Luật 123/2025/QH15)",
                    "THCS diplomas were issued until \(CredentialKind.lastLowerSecondaryYear) (Law 123/2025/QH15)")
        }
        if let decided {
            if decided > today { problem("decision_date", "Ngày quyết định ở tương lai", "The decision date is in the future") }
            if let year, decided.year < year { problem("decision_date", "Quyết định trước năm tốt nghiệp", "The decision is dated before the graduation year") }
        }
        let gender = cell("gender").map { text -> Gender? in
            guard let gender = Gender(parsing: text) else { problem("gender", "Giới tính là Nam hoặc Nữ", "The gender is Nam or Nữ"); return nil }
            return gender
        }
        let nationalID = cell("national_id").map { text -> NationalID? in
            guard let id = NationalID(text) else { problem("national_id", "Số định danh cá nhân gồm 12 chữ số", "The personal ID is 12 digits"); return nil }
            return id
        }
        guard !failed, let kind, let birth, let decided, let year else { return nil }
        return RegisterEntryDraft(
            kind: kind, serial: RegisterEntryDraft.normalizedSerial(cell("serial")!), registerNumber: cell("register_number")!, fullName: name,
            dateOfBirth: birth, gender: gender ?? nil, birthplace: cell("birthplace") ?? "", nationalID: nationalID ?? nil, school: cell("school")!,
            graduationYear: year, classification: cell("classification") ?? "", decisionNumber: cell("decision_number")!, decisionDate: decided,
            ethnicity: cell("ethnicity").map(PersonName.normalized) ?? "", signer: cell("signer").map(PersonName.normalized) ?? "")
    }

    /// Serials and register numbers already met, each with the line it was first on.
    public struct SeenKeys {
        private var serials: [String: Int] = [:], numbers: [String: Int] = [:]

        public init() {}

        /// The problems (column, reason) of a line whose serial or register number an earlier line already has.
        public mutating func duplicates(line: Int, serial: String?, number: String?) -> [(String, Bilingual)] {
            var found: [(String, Bilingual)] = []
            if let serial = serial.map(RegisterEntryDraft.normalizedSerial), let earlier = serials.updateValue(line, forKey: serial) {
                serials[serial] = earlier
                found.append(("serial", Bilingual(vi: "Số hiệu trùng với dòng \(earlier)", en: "Duplicate serial (also on row \(earlier))")))
            }
            if let number, let earlier = numbers.updateValue(line, forKey: number) {
                numbers[number] = earlier
                found.append(("register_number", Bilingual(vi: "Số vào sổ gốc trùng với dòng \(earlier)", en: "Duplicate register number (also on row \(earlier))")))
            }
            return found
        }
    }

    private static func date(_ text: String, _ column: String, _ problem: (String, String, String) -> Void) -> CalendarDate? {
        switch CalendarDate.parse(text) {
        case .success(let date): return date
        case .failure(let reason): problem(column, reason.vi, reason.en); return nil
        }
    }
}
