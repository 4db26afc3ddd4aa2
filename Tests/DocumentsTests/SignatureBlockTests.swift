import Documents
import EduCore
import Foundation
import Testing

/// The visible block of a digital signature, as poppler reads it back: the lines with their Vietnamese letters, in
/// fonts embedded as subsets, on a page the size of the box.
@Suite struct SignatureBlockTests {
    @Test func drawsTheLinesWithTheirVietnameseLettersInEmbeddedFonts() throws {
        let lines = ["Đã ký số bởi / Digitally signed by:", "DEMO – Nguyễn Thị Hoà", "Ngày ký / Date: 2026-09-21 14:13:20 UTC"]
        let poppler = try Poppler(bytes: try SignatureBlock(lines: lines).render(width: 180, height: 50), name: "signature-block")

        #expect(try poppler.text() == lines.joined(separator: " ").nfcForTests)
        #expect(try poppler.info()["Page size"]?.hasPrefix("180 x 50 pts") == true)
        let fonts = try poppler.fonts()
        #expect(Set(fonts.compactMap { $0.first?.split(separator: "+").last }) == ["LiberationSans"])
        for font in fonts {
            #expect(font.filter { $0 == "yes" }.count == 3, "embedded, a subset, with a Unicode map: \(font)")
        }
    }

    @Test func cutsALineTooLongAndLeavesOutLinesBelowTheBox() throws {
        let name = "Trường Trung học phổ thông chuyên Trần Phú, thành phố Hải Phòng (DEMO)"
        let poppler = try Poppler(bytes: try SignatureBlock(lines: ["Ký bởi:", name, "ba", "bốn", "năm", "sáu"]).render(width: 120, height: 40),
                                  name: "signature-block-cut")
        let words = try #require(try poppler.words().first)

        // The ellipsis stands for the words cut off (copying the text gives them all back), so the name reads whole,
        // but it is drawn on one line inside the box.
        #expect(try poppler.text() == "Ký bởi: \(name) ba bốn", "a line below the box is left out")
        #expect(Set(words.map(\.top)).count == 4, "one line each: \(words.map(\.top))")
        #expect(words.allSatisfy { $0.right <= 116 }, "inside the padding: \(words.map(\.right))")
    }
}
