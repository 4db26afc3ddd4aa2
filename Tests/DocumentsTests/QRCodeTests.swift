import Documents
import Foundation
import Testing
import TestSupport

/// A QR code drawn into the PDF reads back, through poppler's rasteriser and zbar's decoder (two programs that
/// know nothing of ours), as the text it was made of.
@Suite struct QRCodeTests {
    static let requiredByCI = ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(arguments: ["https://eduvn.haiphong.edu.vn/hb/7KQ2MX9TRA", "Học bạ số – Nguyễn Thị Hoà – 2025-2026"])
    func aRenderedCodeDecodesToItsText(_ text: String) throws {
        let template = try Fixtures.template(json: """
            {"title": "QR", "page": {"size": "A4", "orientation": "portrait", "margins": {"top": 20, "bottom": 20, "left": 20, "right": 20}},
             "font": {"family": "Liberation Serif", "size": 12},
             "blocks": [{"type": "paragraph", "text": "Tra cứu học bạ:"},
                        {"type": "qr", "text": "{{link}}", "size": 30, "align": "right", "caption": "Quét để kiểm tra: {{link}}"}]}
            """)
        let pdf = try Fixtures.renderer.render(template: template, document: ["link": .text(text)])
        let poppler = try Poppler(pdf, name: "qr")
        #expect(try poppler.text().contains("Quét để kiểm tra"))

        let zbar = URL(fileURLWithPath: "/usr/bin/zbarimg")
        guard FileManager.default.isExecutableFile(atPath: zbar.path) else {
            if Self.requiredByCI { Issue.record("zbarimg is missing: scripts/install-deps installs zbar-tools") }
            return
        }
        let image = try poppler.png(page: 1, dpi: 150)
        let decoded = try ExternalProgram.run(zbar.path, ["--quiet", "--raw", image.path])
        #expect(decoded.status == 0)
        #expect(decoded.output.trimmingCharacters(in: .newlines) == text)
    }

    @Test func sizesOutsideWhatAPhoneReadsAreRefused() {
        for size in [10, 200] {
            #expect(throws: (any Error).self) {
                try Fixtures.template(json: """
                    {"title": "QR", "page": {"size": "A4", "orientation": "portrait", "margins": {"top": 20, "bottom": 20, "left": 20, "right": 20}},
                     "font": {"family": "Liberation Serif", "size": 12}, "blocks": [{"type": "qr", "text": "x", "size": \(size)}]}
                    """)
            }
        }
    }
}
