import EduCore
import Tabular

/// The four sheets of the registry, in the order they must be imported.
public enum RegistrySheet: String, Sendable, CaseIterable, Codable {
    case schools, staff, classes, students

    public var label: Bilingual {
        switch self {
        case .schools: Bilingual(vi: "Trường", en: "Schools")
        case .staff: Bilingual(vi: "Cán bộ, giáo viên", en: "Staff")
        case .classes: Bilingual(vi: "Lớp", en: "Classes")
        case .students: Bilingual(vi: "Học sinh", en: "Students")
        }
    }

    public var columns: [Column] {
        switch self {
        case .schools: [
            Column("school_code", "Mã trường", required: true, aliases: ["ma truong", "code"]),
            Column("name", "Tên trường", required: true, aliases: ["school_name"]),
            Column("levels", "Cấp học", required: true, aliases: ["level"]),
            Column("ownership", "Loại hình", required: true),
            Column("unit_code", "Mã đơn vị quản lý", required: true, aliases: ["ma xa", "managing_unit"]),
            Column("address", "Địa chỉ"),
            Column("status", "Trạng thái", aliases: ["tinh trang"]),
        ]
        case .classes: [
            Column("school_code", "Mã trường", required: true),
            Column("school_year", "Năm học", required: true),
            Column("grade", "Khối", required: true, aliases: ["khoi lop"]),
            Column("class_name", "Tên lớp", required: true, aliases: ["lop"]),
            Column("homeroom_teacher_code", "Mã GVCN", aliases: ["homeroom_staff_code", "ma giao vien chu nhiem"]),
        ]
        case .students: [
            Column("school_code", "Mã trường", required: true),
            Column("full_name", "Họ và tên", required: true, aliases: ["ho ten", "name"]),
            Column("date_of_birth", "Ngày sinh", required: true, aliases: ["dob", "birth_date"]),
            Column("gender", "Giới tính", required: true, aliases: ["sex"]),
            Column("student_code", "Mã học sinh", aliases: ["ma hs"]),
            Column("national_id", "Số định danh", aliases: ["so dinh danh ca nhan", "cccd", "personal_id", "ma dinh danh"]),
            Column("class_name", "Lớp", aliases: ["ten lop"]),
            Column("grade", "Khối"),
            Column("school_year", "Năm học"),
            Column("ethnicity", "Dân tộc"),
            Column("birthplace", "Nơi sinh"),
            Column("address", "Địa chỉ", aliases: ["noi o", "residence"]),
            Column("guardian_name", "Họ tên phụ huynh", aliases: ["phu huynh", "cha me"]),
            Column("guardian_phone", "Điện thoại phụ huynh", aliases: ["sdt phu huynh", "so dien thoai phu huynh"]),
            Column("status", "Trạng thái", aliases: ["tinh trang"]),
        ]
        case .staff: [
            Column("school_code", "Mã trường", required: true),
            Column("full_name", "Họ và tên", required: true, aliases: ["ho ten", "name"]),
            Column("date_of_birth", "Ngày sinh", required: true, aliases: ["dob"]),
            Column("gender", "Giới tính", required: true),
            Column("staff_code", "Mã cán bộ", aliases: ["ma giao vien", "ma gv"]),
            Column("national_id", "Số định danh", aliases: ["so dinh danh ca nhan", "cccd", "personal_id"]),
            Column("position", "Chức vụ"),
            Column("subjects", "Môn dạy", aliases: ["mon"]),
            Column("qualification", "Trình độ", aliases: ["trinh do chuyen mon"]),
            Column("status", "Trạng thái", aliases: ["tinh trang"]),
        ]
        }
    }

    public var englishHeader: [String] { columns.map(\.name) }
}

/// Where each known column sits in a file's header.
struct HeaderMap: Sendable {
    let positions: [String: Int]

    /// The sheet's columns this file does not have.
    func leftOut(of sheet: RegistrySheet) -> Set<String> {
        Set(sheet.columns.map(\.name)).subtracting(positions.keys)
    }

    /// Maps a header to the sheet's columns, reporting unknown, repeated and missing columns (row 1).
    static func make(header: [String], sheet: RegistrySheet) -> Result<HeaderMap, InputRejected> {
        var positions: [String: Int] = [:]
        var problems: [RowProblem] = []
        for (index, title) in header.enumerated() {
            let key = Column.key(title)
            if key.isEmpty { continue }
            guard let column = sheet.columns.first(where: { $0.keys.contains(key) }) else {
                problems.append(RowProblem(row: 1, column: title, value: title,
                                           vi: "Cột không được hỗ trợ (tải mẫu để xem các cột)",
                                           en: "Unknown column (download the template to see the columns)"))
                continue
            }
            if positions[column.name] != nil {
                problems.append(RowProblem(row: 1, column: title, value: title,
                                           vi: "Cột bị lặp lại", en: "The column appears twice"))
            }
            positions[column.name] = index
        }
        for column in sheet.columns where column.required && positions[column.name] == nil {
            problems.append(RowProblem(row: 1, column: column.name, value: "",
                                       vi: "Thiếu cột bắt buộc \"\(column.vietnamese)\"",
                                       en: "Required column \"\(column.name)\" is missing"))
        }
        return problems.isEmpty ? .success(HeaderMap(positions: positions)) : .failure(InputRejected(problems))
    }
}
