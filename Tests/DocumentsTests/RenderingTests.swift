import Documents
import EduCore
import Foundation
import Testing

@Suite struct RenderingTests {
    @Test func schoolRecordTextReadsBackExactly() throws {
        let pdf = try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: Fixtures.hocBa())
        let text = try Poppler(pdf, name: "hoc-ba").text()
        for expected in ["Nguyễn Thị Hoà", "HỌC BẠ TRUNG HỌC PHỔ THÔNG", "Học bạ số", "Điểm trung bình", "Kết quả rèn luyện:",
                         "Giáo dục quốc phòng và an ninh", "Nhận xét của giáo viên bộ môn", "Trần Văn Đức", "Lê Thị Thu Hường",
                         "Hải Phòng, ngày 25 tháng 5 năm 2026", "BẢN MẪU DEMO – KHÔNG CÓ GIÁ TRỊ PHÁP LÝ", "8,6"] {
            #expect(text.contains(expected.nfcForTests), "\(expected)")
        }
        // The comment is longer than a line: wrapped, but every word is there, in order.
        guard case .text(let comment) = Fixtures.teacherComment else { Issue.record("comment is text"); return }
        #expect(text.withoutWhiteSpace.contains(comment.withoutWhiteSpace.nfcForTests))
    }

    @Test func diplomaIsOneLandscapeA4Page() throws {
        let pdf = try Fixtures.renderer.render(template: Fixtures.template("bang-tot-nghiep-thpt"), document: Fixtures.diploma)
        let poppler = try Poppler(pdf, name: "bang-tot-nghiep-thpt")
        #expect(pdf.pageCount == 1)
        #expect(try poppler.info()["Page size"]?.hasPrefix("841.89 x 595.276 pts") == true)
        let text = try poppler.text()
        for expected in ["BẰNG TỐT NGHIỆP TRUNG HỌC PHỔ THÔNG", "GIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO HẢI PHÒNG", "Nguyễn Thị Hoà",
                         "05/09/2008", "Giỏi", "031/2026/THPT-00123", "DEMO-0000123", "Phạm Quốc Khánh"] {
            #expect(text.contains(expected), "\(expected)")
        }
    }

    /// Every vowel with every tone, and đ, in both cases, given decomposed (NFD): it must come out NFC.
    @Test func everyVietnameseLetterSurvivesFromDecomposedInput() throws {
        let vowels = "aăâeêioôơuưy"
        let tones = ["", "\u{0300}", "\u{0301}", "\u{0309}", "\u{0303}", "\u{0323}"]
        let lower = vowels.map { vowel in tones.map { "\(vowel)\($0)" }.joined() }.joined(separator: " ") + " đ"
        let letters = lower + " " + lower.uppercased()
        let template = try Fixtures.template(json: """
            {"title": "{{chu}}", "page": {"size": "A4", "orientation": "portrait", "margins": {"top": 20, "bottom": 20, "left": 20, "right": 20}},
             "font": {"family": "Liberation Serif", "size": 12},
             "blocks": [{"type": "paragraph", "text": "{{chu}}"}, {"type": "paragraph", "text": "{{chu}}", "bold": true},
                        {"type": "paragraph", "text": "{{chu}}", "italic": true}]}
            """)
        let decomposed = letters.decomposedStringWithCanonicalMapping
        #expect(decomposed.unicodeScalars.count > letters.precomposedStringWithCanonicalMapping.unicodeScalars.count)
        let pdf = try Fixtures.renderer.render(template: template, document: ["chu": .text(decomposed)])
        let poppler = try Poppler(pdf, name: "vietnamese-letters")
        let extracted = try poppler.text()
        let expected = letters.precomposedStringWithCanonicalMapping.withoutWhiteSpace
        #expect(extracted.withoutWhiteSpace == expected + expected + expected)
        #expect(try poppler.info()["Title"] == letters.precomposedStringWithCanonicalMapping)
    }

    @Test func fontsAreEmbeddedSubsetsWithUnicodeMaps() throws {
        let pdf = try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: Fixtures.hocBa())
        let fonts = try Poppler(pdf, name: "hoc-ba-fonts").fonts()
        #expect(!fonts.isEmpty)
        for font in fonts {
            // name type… encoding emb sub uni object generation: read from the right, the type has spaces.
            let (emb, sub, uni) = (font[font.count - 5], font[font.count - 4], font[font.count - 3])
            #expect(emb == "yes" && sub == "yes" && uni == "yes", "\(font)")
        }
        let names = fonts.map { $0[0] }
        #expect(names.contains { $0.hasSuffix("+LiberationSerif") })
        #expect(names.contains { $0.hasSuffix("+LiberationSerif-Bold") })
        #expect(names.contains { $0.hasSuffix("+LiberationSerif-Italic") })
    }

    @Test func metadataNamesTheDocumentAndEduVN() throws {
        let pdf = try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: Fixtures.hocBa())
        let info = try Poppler(pdf, name: "hoc-ba-info").info()
        #expect(info["Title"] == "Học bạ (DEMO) – Nguyễn Thị Hoà – lớp 12A1 – năm học 2025–2026")
        #expect(info["Creator"] == "EduVN")
        // 1 780 000 000 s after 1970 is 2026-05-28 20:26:40 UTC; pdfinfo prints it in the local zone.
        #expect(info["CreationDate"]?.contains("2026") == true)
    }

    @Test func identicalInputGivesIdenticalBytes() throws {
        let template = try Fixtures.template("hoc-ba")
        let first = try Fixtures.renderer.render(template: template, document: Fixtures.hocBa())
        let second = try Fixtures.renderer.render(template: template, document: Fixtures.hocBa())
        #expect(first.bytes == second.bytes)
        let later = try PDFRenderer(createdAt: Fixtures.renderer.createdAt.addingTimeInterval(60)).render(template: template, document: Fixtures.hocBa())
        #expect(later.bytes != first.bytes)
    }

    @Test func longTableGoesOnUnderARepeatedHeader() throws {
        let rowCount = 40
        let pdf = try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: Fixtures.hocBa(subjectCount: rowCount))
        let poppler = try Poppler(pdf, name: "hoc-ba-long-table")
        #expect(pdf.pageCount >= 3)
        var pagesWithRows = 0
        for page in 1...pdf.pageCount {
            let text = try poppler.text(page: page)
            #expect(text.contains("BẢN MẪU DEMO"), "page mark on page \(page)")
            guard text.contains("Chuyên đề học tập số") else { continue }
            pagesWithRows += 1
            #expect(try occurrences(of: "Nhận xét của giáo viên bộ môn", in: text) == 1, "header on page \(page)")
        }
        #expect(pagesWithRows >= 2)
        // No row lost or doubled.
        let all = try poppler.text()
        for number in 1...rowCount {
            let subject = number <= Fixtures.subjects.count ? Fixtures.subjects[number - 1] : "Chuyên đề học tập số \(number)"
            #expect(try occurrences(of: subject, in: all) == 1, "row \(number)")
        }
    }

    /// Whole occurrences: "số 1" does not count inside "số 12".
    private func occurrences(of text: String, in page: String) throws -> Int {
        let escaped = NSRegularExpression.escapedPattern(for: text)
        return page.matches(of: try Regex("\(escaped)(?![0-9])")).count
    }

    @Test func documentValuesReadFromJSON() throws {
        let json = #"{"ho_ten": "Nguyễn Thị Hoà", "mon_hoc": [{"mon": "Toán", "ca_nam": "9,1"}]}"#
        let values = try JSONDecoder().decode([String: TemplateValue].self, from: Data(json.utf8))
        #expect(values == ["ho_ten": "Nguyễn Thị Hoà", "mon_hoc": .rows([["mon": "Toán", "ca_nam": "9,1"]])])
        #expect(try JSONDecoder().decode([String: TemplateValue].self, from: JSONEncoder().encode(values)) == values)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([String: TemplateValue].self, from: Data(#"{"diem": 9.1}"#.utf8)) }
    }

    @Test func templateRoundTripsThroughJSON() throws {
        for name in ["hoc-ba", "bang-tot-nghiep-thpt"] {
            let template = try Fixtures.template(name)
            let again = try DocumentTemplate(json: JSONEncoder().encode(template))
            #expect(again == template)
        }
    }
}
