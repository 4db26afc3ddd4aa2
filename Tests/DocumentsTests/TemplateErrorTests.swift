import Documents
import EduCore
import Foundation
import Testing

/// Templates are data written by people: what is wrong must be refused with an error that says where.
@Suite struct TemplateErrorTests {
    struct BadTemplate: CustomTestStringConvertible, Sendable {
        let name: String
        let json: String
        let code: String
        /// Text both the Vietnamese and the English message must contain.
        let mentions: [String]

        var testDescription: String { name }
    }

    static func template(page: String = #""size": "A4", "orientation": "portrait""#, margins: String = #""top": 20, "bottom": 20, "left": 20, "right": 20"#,
                         font: String = #""family": "Liberation Serif", "size": 12"#, extra: String = "",
                         blocks: String = #"{"type": "heading", "text": "HỌC BẠ"}"#) -> String {
        #"{"title": "DEMO", "page": {\#(page), "margins": {\#(margins)}}, "font": {\#(font)}, \#(extra) "blocks": [\#(blocks)]}"#
    }

    static let slot = #"{"role": "principal", "label": "HIỆU TRƯỞNG", "width": 50, "height": 25}"#

    static let badTemplates = [
        BadTemplate(name: "unknown block type", json: template(blocks: #"{"type": "heading", "text": "A"}, {"type": "hinh_anh", "src": "x.png"}"#),
                    code: "template.unknown_block", mentions: ["“hinh_anh”", "blocks[2]", "paragraph"]),
        BadTemplate(name: "paper size", json: template(page: #""size": "A5", "orientation": "portrait""#),
                    code: "template.page_size", mentions: ["“A5”", "page.size", "A4"]),
        BadTemplate(name: "orientation", json: template(page: #""size": "A4", "orientation": "sideways""#),
                    code: "template.page_size", mentions: ["“sideways”", "landscape"]),
        BadTemplate(name: "unclosed placeholder", json: template(blocks: #"{"type": "paragraph", "text": "Họ tên: {{ho_ten"}"#),
                    code: "template.placeholder", mentions: ["blocks[1].text", "{{ho_ten"]),
        BadTemplate(name: "field name with spaces", json: template(blocks: #"{"type": "paragraph", "text": "{{họ tên}}"}"#),
                    code: "template.placeholder", mentions: ["“họ tên”"]),
        BadTemplate(name: "misspelt key", json: template(blocks: #"{"type": "paragraph", "text": "A", "algin": "center"}"#),
                    code: "template.unknown_key", mentions: ["“algin”", "blocks[1]", "align"]),
        BadTemplate(name: "missing key", json: template(blocks: #"{"type": "paragraph"}"#),
                    code: "template.invalid", mentions: ["blocks[1].text"]),
        BadTemplate(name: "wrong type", json: template(blocks: #"{"type": "heading", "text": "A", "size": "lớn"}"#),
                    code: "template.invalid", mentions: ["blocks[1].size"]),
        BadTemplate(name: "not JSON", json: #"{"title": "#, code: "template.invalid", mentions: ["JSON"]),
        BadTemplate(name: "signer role twice", json: template(blocks: #"{"type": "signatures", "slots": [\#(slot), \#(slot)]}"#),
                    code: "template.invalid_value", mentions: ["“principal”"]),
        BadTemplate(name: "slot wider than its column", json: template(blocks: #"{"type": "signatures", "slots": [{"role": "seal", "width": 200, "height": 40}]}"#),
                    code: "template.invalid_value", mentions: ["“seal”", "170.0"]),
        BadTemplate(name: "margins leave no room", json: template(margins: #""top": 20, "bottom": 20, "left": 150, "right": 20"#),
                    code: "template.invalid_value", mentions: ["page"]),
        BadTemplate(name: "font size", json: template(font: #""family": "Liberation Serif", "size": 200"#),
                    code: "template.invalid_value", mentions: ["font", "200"]),
        BadTemplate(name: "table without columns", json: template(blocks: #"{"type": "table", "source": "mon_hoc", "columns": []}"#),
                    code: "template.invalid_value", mentions: ["blocks[1]"]),
        BadTemplate(name: "page mark without room", json: template(margins: #""top": 5, "bottom": 20, "left": 20, "right": 20"#, extra: #""page_mark": "DEMO","#),
                    code: "template.invalid_value", mentions: ["page_mark"]),
    ]

    @Test(arguments: badTemplates)
    func badTemplateIsRefusedSayingWhere(_ bad: BadTemplate) {
        #expect(throws: EduError.self) { try Fixtures.template(json: bad.json) }
        do {
            _ = try DocumentTemplate(json: Data(bad.json.utf8))
        } catch {
            #expect(error.code == bad.code, "\(error)")
            for text in bad.mentions {
                #expect(error.message.vi.contains(text) && error.message.en.contains(text), "\(text) in \(error)")
            }
        }
    }

    @Test func theBaseOfTheBadTemplatesIsGood() throws {
        let template = try Fixtures.template(json: Self.template(blocks: #"{"type": "signatures", "slots": [\#(Self.slot)]}"#))
        #expect(try Fixtures.renderer.render(template: template, document: [:]).signatureSlots.count == 1)
    }

    @Test func everyMissingFieldIsNamed() throws {
        var document = Fixtures.hocBa()
        document["ho_ten"] = nil
        document["ngay_ky"] = nil
        guard case .rows(var rows) = document["mon_hoc"] else { Issue.record("rows"); return }
        rows[1]["nhan_xet"] = nil
        document["mon_hoc"] = .rows(rows)
        let error = try #require(throws: EduError.self) {
            try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: document)
        }
        #expect(error.code == "document.field_missing")
        for name in ["ho_ten", "ngay_ky", "mon_hoc[2].nhan_xet"] {
            #expect(error.message.vi.contains(name) && error.message.en.contains(name), "\(name): \(error)")
        }
    }

    @Test func aFieldOfTheWrongKindIsNamed() throws {
        var document = Fixtures.hocBa()
        document["ho_ten"] = .rows([])
        document["mon_hoc"] = "Toán"
        let error = try #require(throws: EduError.self) {
            try Fixtures.renderer.render(template: Fixtures.template("hoc-ba"), document: document)
        }
        #expect(error.code == "document.field_kind")
        #expect(error.message.vi.contains("ho_ten, mon_hoc"))
    }

    @Test func aFontThatIsNotInstalledIsRefused() throws {
        let json = Self.template(font: #""family": "EduVN No Such Font", "size": 12"#)
        let error = try #require(throws: EduError.self) {
            try Fixtures.renderer.render(template: Fixtures.template(json: json), document: [:])
        }
        #expect(error.code == "document.font_missing")
        #expect(error.message.vi.contains("EduVN No Such Font"))
    }

    @Test func aCharacterNoFontHasIsRefused() throws {
        let json = Self.template(blocks: #"{"type": "paragraph", "text": "{{ghi_chu}}"}"#)
        let error = try #require(throws: EduError.self) {
            try Fixtures.renderer.render(template: Fixtures.template(json: json), document: ["ghi_chu": "Ký hiệu riêng \u{F8FF}"])
        }
        #expect(error.code == "document.glyph_missing")
    }

    @Test func aBlockTallerThanThePageIsRefused() throws {
        let json = Self.template(blocks: #"{"type": "signatures", "slots": [{"role": "seal", "width": 40, "height": 270}]}"#)
        let error = try #require(throws: EduError.self) {
            try Fixtures.renderer.render(template: Fixtures.template(json: json), document: [:])
        }
        #expect(error.code == "document.block_too_tall")
    }
}
