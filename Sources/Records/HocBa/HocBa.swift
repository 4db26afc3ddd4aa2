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
        /// The summer re-test's result, once approved; nil when the subject was not re-taken.
        public var retest: String? = nil
    }

    /// What the summer after the year decided (TT22 re-tests and training), once the principal approved it.
    public struct Summer: Sendable, Hashable, Codable {
        /// Learning and conduct as re-evaluated: Tốt … Chưa đạt, nil while missing.
        public let learning: String?
        public let conduct: String?
        /// Lên lớp or Ở lại lớp; nil: chưa đủ dữ liệu.
        public let outcome: String?
    }

    /// A primary school year (TT27): every subject's and activity's level and periodic test score at the four
    /// assessments, every quality and competence, the year's result.
    public struct Primary: Sendable, Hashable, Codable {
        public struct Subject: Sendable, Hashable, Codable {
            public let name: String
            /// T / H / C at gk1, ck1, gk2, ck2 (``AssessmentPoint``); nil where none.
            public let levels: [String?]
            public let tests: [Int?]
        }

        public struct Quality: Sendable, Hashable, Codable {
            public let name: String
            /// Tốt / Đạt / Cần cố gắng at gk1, ck1, gk2, ck2.
            public let levels: [String?]
        }

        public let subjects: [Subject]
        public let qualities: [Quality]
        /// Hoàn thành xuất sắc … Chưa hoàn thành; nil while missing.
        public let result: String?
    }

    /// Bumped when the shape changes, so readers of stored JSON know what they hold. Version 1 documents may carry
    /// `primary` (added without changing the rest): readers that know only TT22 find its fields empty there.
    public var formatVersion = 1
    /// The rule set the results follow: `TT22` or `TT27`.
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
    public var version: Int
    /// The version's public verification page, printed as a QR code and as text.
    public var link: String
    /// The primary year, in a TT27 document (whose TT22 fields — subjects, learning, conduct — are then empty).
    public var primary: Primary?
    /// 1 when the student left the school after semester I: the document holds that semester only (HK II and the
    /// year stay empty), for the receiving school to continue. Nil: the whole year.
    public var semesters: Int?
    /// Where semester I was spent, when the student came after it: that semester is carried from the học bạ the
    /// previous school signed. Nil otherwise.
    public var firstSemesterSchool: String?
    /// The summer's decision, when the year sent the student to re-tests or training and it has been approved.
    public var summer: Summer?

    /// The rule set whose template lays the document out.
    public var assessmentRegime: AssessmentRegime { primary == nil ? .tt22 : .tt27 }

    /// The template's fields (`hoc-ba-tt22.json`, or `hoc-ba-tt27.json` for a primary year).
    public var templateFields: [String: TemplateValue] {
        let missing = "Chưa đủ dữ liệu"
        let common: [String: TemplateValue] = [
            "so_gddt": .text(department.uppercased()), "truong": .text(school.uppercased()), "nam_hoc": .text(schoolYear),
            "ho_ten": .text(studentName), "ngay_sinh": .text(dateOfBirth), "gioi_tinh": .text(gender),
            "ma_hoc_sinh": .text(studentCode ?? ""), "lop": .text(className),
            "ket_qua_cuoi_nam": .text(semesters == 1 ? "Chuyển trường sau học kì I" : outcome ?? missing), "danh_hieu": .text(award ?? "—"),
            "ghi_chu": .text(note),
            "nhan_xet_gvcn": .text(homeroomComment.isEmpty ? "—" : homeroomComment),
            "gvcn": .text(homeroomTeacher), "hieu_truong": .text(principal), "phien_ban": .text(String(version)), "lien_ket": .text(link),
        ]
        if let primary {
            let (endFirst, endOfYear) = (AssessmentPoint.endFirst.rawValue, AssessmentPoint.endOfYear.rawValue)
            func score(_ test: Int?) -> String { test.map(String.init) ?? "" }
            let subjects: [[String: String]] = primary.subjects.enumerated().map { index, subject in
                ["stt": String(index + 1), "mon": subject.name, "muc_hk1": subject.levels[endFirst] ?? "", "diem_hk1": score(subject.tests[endFirst]),
                 "muc_cn": subject.levels[endOfYear] ?? "", "diem_cn": score(subject.tests[endOfYear])]
            }
            let qualities: [[String: String]] = primary.qualities.enumerated().map { index, quality in
                ["stt": String(index + 1), "ten": quality.name, "hk1": quality.levels[endFirst] ?? "", "cn": quality.levels[endOfYear] ?? ""]
            }
            let result = semesters == 1 ? "—" : primary.result ?? missing
            return common.merging(["mon_hoc": .rows(subjects), "pham_chat": .rows(qualities), "danh_gia": .text(result)]) { $1 }
        }
        // A record of semester I alone leaves HK II and the year empty by design, not for want of data.
        let later = semesters == 1 ? "—" : missing
        func row(_ label: String, _ values: [String?]) -> [String: String] {
            ["muc": label, "hk1": values[0] ?? missing, "hk2": values[1] ?? later, "ca_nam": values[2] ?? later]
        }
        let subjectRows: [[String: String]] = subjects.enumerated().map { index, subject in
            ["stt": String(index + 1), "mon": subject.name, "hk1": subject.firstSemester ?? "", "hk2": subject.secondSemester ?? "",
             "ca_nam": subject.year ?? "", "kt_lai": subject.retest ?? ""]
        }
        return common.merging([
            "mon_hoc": .rows(subjectRows),
            "sau_he": .text(afterSummer(missing: missing)),
            "tong_hop": .rows([row("Kết quả học tập", learning), row("Kết quả rèn luyện", conduct)]),
            "so_buoi_nghi": .text(absences.map { semesters == 1 ? "\($0) (học kì I)" : String($0) } ?? missing),
        ]) { $1 }
    }

    /// "Lên lớp (kết quả học tập Đạt, rèn luyện Khá)" when the summer decided; "—" when the year needed no summer.
    private func afterSummer(missing: String) -> String {
        guard let summer else { return "—" }
        let (outcome, learning, conduct) = (summer.outcome ?? missing, summer.learning ?? missing, summer.conduct ?? missing)
        return "\(outcome) (kết quả học tập \(learning), rèn luyện \(conduct))"
    }

    /// Whether `other` records the same year: the same data whatever its version and link.
    func says(_ other: HocBa) -> Bool {
        var (mine, theirs) = (self, other)
        (mine.version, mine.link, theirs.version, theirs.link) = (0, "", 0, "")
        return mine == theirs
    }

    /// A transfer in the middle of the year, said on the document.
    var note: String {
        if semesters == 1 { return "Học bạ học kì I: học sinh chuyển trường sau học kì I" }
        if let firstSemesterSchool { return "Học kì I học tại \(firstSemesterSchool) (học bạ chuyển đến, đã kiểm tra chữ ký số)" }
        return "—"
    }

    /// What the PDF's `/Keywords` say of the data it was made from: its SHA-256, so a signature over the PDF vouches
    /// for the JSON too (checked when another school imports the record).
    public static func dataKeyword(_ json: String) -> String {
        "eduvn-hoc-ba-sha256:" + Hex.encode(SHA256.hash(data: Data(json.utf8)))
    }

    /// The layout of a rule set's học bạ: `hoc-ba-tt22.json` or `hoc-ba-tt27.json` from `directory` when it holds one
    /// (`EDUVN_HOC_BA_TEMPLATES`: a province's own layout, since the Ministry's is unverified), else the one shipped
    /// with EduVN. Templates are data: a layout that does not read names its file.
    public static func template(_ regime: AssessmentRegime, directory: String? = nil) throws -> DocumentTemplate {
        let name = "hoc-ba-\(regime.rawValue).json"
        if let directory {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw EduError("hoc_ba.template", vi: "Không có thư mục mẫu học bạ \(directory) (EDUVN_HOC_BA_TEMPLATES)",
                               en: "The học bạ template folder \(directory) does not exist (EDUVN_HOC_BA_TEMPLATES)")
            }
            let path = URL(fileURLWithPath: directory).appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path) {
                let reason: Bilingual
                do {
                    return try checked(DocumentTemplate(json: try Data(contentsOf: URL(fileURLWithPath: path))))
                } catch let error as EduError {
                    reason = error.message
                } catch {
                    reason = Bilingual(vi: "\(error)", en: "\(error)")
                }
                throw EduError("hoc_ba.template", vi: "Mẫu học bạ \(path) không đọc được: \(reason.vi)",
                               en: "The học bạ template \(path) cannot be read: \(reason.en)")
            }
        }
        guard let url = Bundle.module.url(forResource: "hoc-ba-\(regime.rawValue)", withExtension: "json", subdirectory: "Resources") else {
            throw EduError("hoc_ba.template", vi: "Thiếu mẫu học bạ \(name) cạnh chương trình (thư mục tài nguyên của Records)",
                           en: "The học bạ template \(name) is missing beside the program (the Records resource bundle)")
        }
        return try checked(DocumentTemplate(json: try Data(contentsOf: url)))
    }

    /// A học bạ layout keeps a slot for each signer in turn and the QR code of its public page.
    private static func checked(_ template: DocumentTemplate) throws -> DocumentTemplate {
        let roles = Set(template.blocks.flatMap { block -> [String] in
            if case .signatures(let row) = block { row.slots.map(\.role) } else { [] }
        })
        let missing = HocBaSigner.allCases.map(\.rawValue).filter { !roles.contains($0) }
        let hasCode = template.blocks.contains { if case .qr = $0 { true } else { false } }
        guard missing.isEmpty, hasCode else {
            let lacks = missing.map { "\"\($0)\"" } + (hasCode ? [] : ["qr"])
            throw EduError("hoc_ba.template", vi: "mẫu học bạ cần ô ký teacher, principal, seal và khối qr; thiếu \(lacks.joined(separator: ", "))",
                           en: "a học bạ layout needs the slots teacher, principal, seal and a qr block; it lacks \(lacks.joined(separator: ", "))")
        }
        return template
    }
}
