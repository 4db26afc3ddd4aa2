import Foundation
import Testing

@Suite struct DocumentCLITests {
    static let template = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DocumentsTests/Templates/bang-tot-nghiep-thpt.json").path

    @Test func aTemplateAndItsFieldsBecomeAPDFWithSignatureSlots() throws {
        let cli = try CLIProcess()
        var fields: [String: String] = [
            "so_gddt": "SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG (DEMO)", "ho_ten": "Trần Văn Bình", "ngay_sinh": "01/02/2008",
            "noi_sinh": "Hải Dương", "truong": "Trường THPT Nguyễn Trãi", "nam_tot_nghiep": "2026", "xep_loai": "Khá",
            "dia_danh": "Hải Phòng", "ngay_cap": "15 tháng 7 năm 2026", "giam_doc": "Phạm Quốc Khánh",
            "so_hieu": "DEMO-0000124", "so_vao_so": "031/2026/THPT-00124",
        ]
        let pdf = cli.directory.appendingPathComponent("bang.pdf").path
        let good = try cli.write("fields.json", String(decoding: try JSONEncoder().encode(fields), as: UTF8.self))
        let rendered = try cli.run(["document", "render", Self.template, good, "--out", pdf])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("slot director: --page 1 --rect "))
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).starts(with: Data("%PDF".utf8)))

        fields["ho_ten"] = nil
        let missing = try cli.write("missing.json", String(decoding: try JSONEncoder().encode(fields), as: UTF8.self))
        let refused = try cli.run(["document", "render", Self.template, missing, "--out", pdf + "2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ho_ten"))
        #expect(!FileManager.default.fileExists(atPath: pdf + "2"))
    }
}
