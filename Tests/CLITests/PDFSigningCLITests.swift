import Foundation
import Testing

/// The diploma workflow from the command line: render, sign three times in order, verify.
@Suite(.serialized) struct PDFSigningCLITests {
    @Test func aRenderedDiplomaIsSignedInTurnAndVerified() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "40", "--seed", "8"]).status == 0)
        #expect(try cli.run(["pki", "init-demo"]).status == 0)
        let signers = try cli.run(["pki", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let people = signers.filter { $0[1] == "person" }.map { $0[0] }, seals = signers.filter { $0[1] == "seal" }.map { $0[0] }
        try #require(people.count >= 2 && !seals.isEmpty)

        let fields = try cli.write("fields.json", #"""
            {"so_gddt":"SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG (DEMO)","ho_ten":"Trần Văn Bình","ngay_sinh":"01/02/2008",
             "noi_sinh":"Hải Dương","truong":"Trường THPT Nguyễn Trãi","nam_tot_nghiep":"2026","xep_loai":"Khá",
             "dia_danh":"Hải Phòng","ngay_cap":"15 tháng 7 năm 2026","giam_doc":"Phạm Quốc Khánh",
             "so_hieu":"DEMO-0000124","so_vao_so":"031/2026/THPT-00124"}
            """#)
        var pdf = cli.directory.appendingPathComponent("bang-0.pdf").path
        let rendered = try cli.run(["document", "render", DocumentCLITests.template, fields, "--out", pdf])
        #expect(rendered.status == 0)
        // The seal goes into the slot the template laid out for it.
        let sealSlot = try #require(rendered.stdout.split(separator: "\n").first { $0.hasPrefix("slot seal:") })
            .split(separator: " ").dropFirst(2).map(String.init)
        #expect(try cli.run(["verify", pdf]).status == 1)  // no signatures yet

        for (step, signer) in [people[0], people[1], seals[0]].enumerated() {
            let next = cli.directory.appendingPathComponent("bang-\(step + 1).pdf").path
            let timestamp = step == 2 ? ["--timestamp"] + sealSlot : []
            let signed = try cli.run(["sign", "pdf", "--signer", signer, "--in", pdf, "--out", next] + timestamp)
            #expect(signed.status == 0, "\(signed.stderr)")
            pdf = next
        }
        let verified = try cli.run(["verify", pdf])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.components(separatedBy: "người ký/signer:").count == 4)
        #expect(verified.stdout.contains("dấu thời gian/time-stamp:"))
        #expect(try cli.run(["log", "verify"]).stdout.contains("3 entries"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        bytes[bytes.count / 3] ^= 0x01
        let tampered = cli.directory.appendingPathComponent("tampered.pdf")
        try bytes.write(to: tampered)
        #expect(try cli.run(["verify", tampered.path]).status == 1)
        let garbage = try cli.write("garbage.pdf", "%PDF-1.7\nkhông phải PDF")
        #expect(try cli.run(["verify", garbage]).status == 2)
    }
}
