import Crypto
import Documents
import EduCore
import Foundation

/// The học bạ of one student for one school year, as data: what the PDF shows, kept beside it as JSON (for the
/// Ministry's database and for a receiving school), rebuilt only by a new version. Field names are the glossary's.
public struct HocBa: Sendable, Hashable, Codable {
    public struct Subject: Sendable, Hashable, Codable {
        public let name: String
        /// Averages with one decimal or Đ / CĐ; nil while missing.
        public let firstSemester: String?
        public let secondSemester: String?
        public let year: String?
    }

    /// Bumped when the shape changes, so readers of stored JSON know what they hold.
    public var formatVersion = 1
    /// The rule set the results follow: `TT22`.
    public let regime: String
    public let department: String
    public let school: String
    public let schoolCode: String
    public let studentName: String
    public let dateOfBirth: String
    public let gender: String
    public let studentCode: String?
    public let className: String
    public let grade: Int
    public let schoolYear: String
    public let subjects: [Subject]
    /// HK I, HK II, year: Tốt / Khá / Đạt / Chưa đạt, or nil while missing.
    public let learning: [String?]
    public let conduct: [String?]
    public let absences: Int?
    public let outcome: String?
    public let award: String?
    public let homeroomComment: String
    public let homeroomTeacher: String
    public let principal: String
    /// Counted from 1; a correction makes a new version.
    public let version: Int
    /// The version's public verification page, printed as a QR code and as text.
    public let link: String

    /// The template's fields (`hoc-ba-tt22.json`).
    public var templateFields: [String: TemplateValue] {
        let missing = "Chưa đủ dữ liệu"
        func row(_ label: String, _ values: [String?]) -> [String: String] {
            ["muc": label, "hk1": values[0] ?? missing, "hk2": values[1] ?? missing, "ca_nam": values[2] ?? missing]
        }
        return [
            "so_gddt": .text(department.uppercased()), "truong": .text(school.uppercased()), "nam_hoc": .text(schoolYear),
            "ho_ten": .text(studentName), "ngay_sinh": .text(dateOfBirth), "gioi_tinh": .text(gender),
            "ma_hoc_sinh": .text(studentCode ?? ""), "lop": .text(className),
            "mon_hoc": .rows(subjects.enumerated().map { index, subject in
                ["stt": String(index + 1), "mon": subject.name, "hk1": subject.firstSemester ?? "", "hk2": subject.secondSemester ?? "",
                 "ca_nam": subject.year ?? ""]
            }),
            "tong_hop": .rows([row("Kết quả học tập", learning), row("Kết quả rèn luyện", conduct)]),
            "so_buoi_nghi": .text(absences.map(String.init) ?? missing), "ket_qua_cuoi_nam": .text(outcome ?? missing),
            "danh_hieu": .text(award ?? "—"), "nhan_xet_gvcn": .text(homeroomComment.isEmpty ? "—" : homeroomComment),
            "gvcn": .text(homeroomTeacher), "hieu_truong": .text(principal), "phien_ban": .text(String(version)),
            "lien_ket": .text(link),
        ]
    }

    /// What the PDF's `/Keywords` say of the data it was made from: its SHA-256, so a signature over the PDF vouches
    /// for the JSON too (checked when another school imports the record).
    public static func dataKeyword(_ json: String) -> String {
        "eduvn-hoc-ba-sha256:" + Hex.encode(SHA256.hash(data: Data(json.utf8)))
    }

    /// The TT22 template shipped with EduVN; a province may keep its own beside it (templates are data).
    public static func template() throws -> DocumentTemplate {
        guard let url = Bundle.module.url(forResource: "hoc-ba-tt22", withExtension: "json", subdirectory: "Resources") else {
            throw EduError("hoc_ba.template", vi: "Thiếu mẫu học bạ hoc-ba-tt22.json cạnh chương trình (thư mục tài nguyên của Records)",
                           en: "The học bạ template hoc-ba-tt22.json is missing beside the program (the Records resource bundle)")
        }
        return try DocumentTemplate(json: try Data(contentsOf: url))
    }
}
