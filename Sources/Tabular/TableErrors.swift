import EduCore
import Foundation

/// Every error this module throws, with its stable code and both messages in one place.
/// Messages name the file by its last path component only: server-side paths mean nothing to users.
enum TableError {
    static func unreadable(_ path: String) -> EduError {
        let name = displayName(path)
        return EduError("file.unreadable",
            vi: "Không đọc được tệp “\(name)”: tệp không tồn tại hoặc không có quyền đọc.",
            en: "Cannot read the file “\(name)”: it does not exist or is not readable.")
    }

    static func unwritable(_ path: String) -> EduError {
        let name = displayName(path)
        return EduError("file.unwritable",
            vi: "Không ghi được tệp “\(name)”: thư mục không tồn tại, không có quyền ghi hoặc ổ đĩa đã đầy.",
            en: "Cannot write the file “\(name)”: the folder is missing, not writable, or the disk is full.")
    }

    static func empty(_ path: String) -> EduError {
        let name = displayName(path)
        return EduError("file.empty",
            vi: "Tệp “\(name)” trống: không có dòng tiêu đề.",
            en: "The file “\(name)” is empty: it has no header row.")
    }

    static func notXLSX(_ path: String, appearsToBe what: Bilingual) -> EduError {
        let name = displayName(path)
        return EduError("file.not_xlsx",
            vi: "Tệp “\(name)” không phải là tệp Excel .xlsx hợp lệ: có vẻ là \(what.vi). "
                + "Hãy mở tệp bằng Excel rồi lưu lại với định dạng “Excel Workbook (.xlsx)”.",
            en: "The file “\(name)” is not a valid .xlsx workbook: it appears to be \(what.en). "
                + "Open it in Excel and save it as “Excel Workbook (.xlsx)”.")
    }

    /// For text that is not UTF-8: names the legacy encoding the bytes look like, when one stands out.
    static func encoding(_ path: String, likely encoding: LegacyEncoding?) -> EduError {
        self.encoding(path, appearsToBe: encoding?.description ?? LegacyEncoding.unknown, hint: encoding?.conversionHint)
    }

    static func encoding(_ path: String, appearsToBe what: Bilingual, hint: Bilingual? = nil) -> EduError {
        let name = displayName(path)
        return EduError("file.encoding",
            vi: "Tệp “\(name)” không dùng bảng mã Unicode UTF-8; có vẻ là \(what.vi). "
                + "Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) với kiểu “CSV UTF-8 (Comma delimited) (*.csv)” rồi tải lên lại."
                + (hint.map { " " + $0.vi } ?? ""),
            en: "The file “\(name)” is not UTF-8 text; it appears to be \(what.en). "
                + "Open it in Excel, use Save As with the type “CSV UTF-8 (Comma delimited) (*.csv)”, and upload it again."
                + (hint.map { " " + $0.en } ?? ""))
    }

    static func csvMalformed(_ path: String, row: Int, problem: Bilingual) -> EduError {
        let name = displayName(path)
        return EduError("csv.malformed",
            vi: "Tệp CSV “\(name)” bị lỗi ở dòng \(row): \(problem.vi).",
            en: "The CSV file “\(name)” is malformed at row \(row): \(problem.en).")
    }

    /// `code` is `csv.columns` or `xlsx.columns`: the same rule holds for both formats.
    static func columns(_ format: TableFormat, row: Int, cells: Int, headerWidth: Int) -> EduError {
        EduError("\(format.rawValue).columns",
            vi: "Dòng \(row) có dữ liệu ở \(cells) cột nhưng dòng tiêu đề chỉ có \(headerWidth) cột.",
            en: "Row \(row) has data in \(cells) columns but the header has only \(headerWidth) column\(headerWidth == 1 ? "" : "s").")
    }

    /// `part` is the path inside the package; `row` the last sheet row read, when known.
    static func xlsxMalformed(_ path: String, part: String, row: Int? = nil) -> EduError {
        let name = displayName(path)
        let whereVi = row.map { ", dòng \($0)" } ?? ""
        let whereEn = row.map { ", row \($0)" } ?? ""
        return EduError("xlsx.malformed",
            vi: "Tệp Excel “\(name)” bị hỏng (phần \(part)\(whereVi)): nội dung XML không hợp lệ. "
                + "Hãy mở tệp bằng Excel rồi lưu lại.",
            en: "The Excel file “\(name)” is damaged (part \(part)\(whereEn)): its XML is invalid. "
                + "Open it in Excel and save it again.")
    }

    private static func displayName(_ path: String) -> String {
        URL(fileURLWithPath: path).lastPathComponent
    }
}
