import Documents
import Foundation
import Testing

/// The sample templates (Templates/*.json, test resources) and DEMO documents to fill them with.
enum Fixtures {
    /// A fixed creation date, so that tests can compare bytes.
    static let renderer = PDFRenderer(createdAt: Date(timeIntervalSince1970: 1_780_000_000))

    static func template(_ name: String) throws -> DocumentTemplate {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Templates"))
        return try DocumentTemplate(json: Data(contentsOf: url))
    }

    /// A template from JSON text written in a test.
    static func template(json: String) throws -> DocumentTemplate {
        try DocumentTemplate(json: Data(json.utf8))
    }

    static func hocBa(subjectCount: Int = subjects.count) -> [String: TemplateValue] {
        [
            "so_gddt": "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG (DEMO)",
            "truong": "TRƯỜNG THPT TRẦN PHÚ (DEMO)",
            "ho_ten": "Nguyễn Thị Hoà",
            "ngay_sinh": "05/09/2008",
            "gioi_tinh": "Nữ",
            "ma_hoc_sinh": "0311000123",
            "lop": "12A1",
            "nam_hoc": "2025–2026",
            "mon_hoc": .rows((0..<subjectCount).map(subjectRow)),
            "diem_trung_binh": "8,6",
            "ket_qua_hoc_tap": "Tốt",
            "ket_qua_ren_luyen": "Tốt",
            "len_lop": "Hoàn thành chương trình lớp 12 – Học sinh Xuất sắc",
            "nhan_xet_gvcn": teacherComment,
            "dia_danh": "Hải Phòng",
            "ngay_ky": "25 tháng 5 năm 2026",
            "gvcn": "Trần Văn Đức",
            "hieu_truong": "Lê Thị Thu Hường",
        ]
    }

    /// The DEMO diploma's values (Templates/bang-tot-nghiep-thpt.sample.json, which other modules' tests use too).
    static let diploma: [String: TemplateValue] = {
        let url = Bundle.module.url(forResource: "bang-tot-nghiep-thpt.sample", withExtension: "json", subdirectory: "Templates")!
        return try! JSONDecoder().decode([String: TemplateValue].self, from: Data(contentsOf: url))
    }()

    static let teacherComment: TemplateValue = """
        Em chăm ngoan, lễ phép, có ý thức tự học rất tốt; tích cực tham gia các hoạt động của lớp và của \
        Đoàn trường. Kết quả học tập các môn khoa học tự nhiên nổi bật, đạt giải Nhì kỳ thi học sinh giỏi \
        cấp thành phố. Cần mạnh dạn hơn khi trình bày ý kiến trước tập thể.
        """

    static let subjects = [
        "Ngữ văn", "Toán", "Tiếng Anh", "Lịch sử", "Giáo dục thể chất", "Giáo dục quốc phòng và an ninh",
        "Vật lí", "Hoá học", "Sinh học", "Tin học", "Địa lí", "Giáo dục kinh tế và pháp luật",
        "Hoạt động trải nghiệm, hướng nghiệp", "Nội dung giáo dục của địa phương",
    ]

    private static let comments = [
        "Nắm vững kiến thức, vận dụng tốt.", "Tư duy logic tốt; cần cẩn thận hơn khi trình bày lời giải.",
        "Đạt yêu cầu.", "Tiến bộ rõ rệt ở học kỳ II, đặc biệt kỹ năng thực hành thí nghiệm.",
    ]

    /// The subjects in turn, numbered on past the list for long tables (“Chuyên đề 15”…).
    private static func subjectRow(_ index: Int) -> [String: String] {
        let score = 7.0 + Double(index % 7) * 0.45
        return [
            "stt": "\(index + 1)",
            "mon": index < subjects.count ? subjects[index] : "Chuyên đề học tập số \(index + 1)",
            "hk1": vietnameseDecimal(score - 0.3),
            "hk2": vietnameseDecimal(score + 0.2),
            "ca_nam": vietnameseDecimal(score),
            "nhan_xet": comments[index % comments.count],
        ]
    }

    private static func vietnameseDecimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }
}
