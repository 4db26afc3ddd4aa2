import Documents
import Foundation
import Testing

/// The rectangles kept for signatures: on the page, clear of all text, blank, and where the captions say.
@Suite struct SignatureSlotTests {
    enum Sample: String, CaseIterable {
        case schoolRecord = "hoc-ba"
        case diploma = "bang-tot-nghiep-thpt"
        case longSchoolRecord = "hoc-ba-long"

        func render() throws -> (DocumentTemplate, RenderedPDF) {
            switch self {
            case .schoolRecord, .longSchoolRecord:
                let template = try Fixtures.template("hoc-ba")
                let rows = self == .longSchoolRecord ? 40 : Fixtures.subjects.count
                return (template, try Fixtures.renderer.render(template: template, document: Fixtures.hocBa(subjectCount: rows)))
            case .diploma:
                let template = try Fixtures.template("bang-tot-nghiep-thpt")
                return (template, try Fixtures.renderer.render(template: template, document: Fixtures.diploma))
            }
        }

        var roles: [String] {
            self == .diploma ? ["seal", "director"] : ["teacher", "principal", "seal"]
        }
    }

    @Test(arguments: Sample.allCases)
    func slotsLieInsideTheContentArea(_ sample: Sample) throws {
        let (template, pdf) = try sample.render()
        #expect(pdf.signatureSlots.map(\.role) == sample.roles)
        let mm = 72 / 25.4
        let margins = template.page.margins
        for slot in pdf.signatureSlots {
            #expect((1...pdf.pageCount).contains(slot.page))
            #expect(slot.rect.x >= margins.left * mm)
            #expect(slot.rect.x + slot.rect.width <= (template.page.width - margins.right) * mm)
            #expect(slot.rect.y >= margins.bottom * mm)
            #expect(slot.rect.y + slot.rect.height <= (template.page.height - margins.top) * mm)
        }
        if sample == .longSchoolRecord {
            #expect(pdf.signatureSlots.allSatisfy { $0.page == pdf.pageCount })
        }
    }

    @Test(arguments: Sample.allCases)
    func noTextTouchesASlotAndCaptionsFrameIt(_ sample: Sample) throws {
        let (template, pdf) = try sample.render()
        let words = try Poppler(pdf, name: "slots-\(sample.rawValue)").words()
        let pageHeight = template.page.height * 72 / 25.4
        for slot in pdf.signatureSlots {
            let pageWords = words[slot.page - 1]
            #expect(!pageWords.isEmpty)
            // pdftotext measures from the top of the page, PDF user space from the bottom.
            let (left, right) = (slot.rect.x, slot.rect.x + slot.rect.width)
            let (top, bottom) = (pageHeight - slot.rect.y - slot.rect.height, pageHeight - slot.rect.y)
            let inside = pageWords.filter { $0.left < right && $0.right > left && $0.top < bottom && $0.bottom > top }
            #expect(inside.isEmpty, "\(slot.role): \(inside.map(\.text))")
            // Right above the rectangle, centred on it, is its caption (the label, or the note under it).
            let centre = (left + right) / 2
            let above = pageWords.filter { $0.bottom <= top && top - $0.bottom < 20 && abs(($0.left + $0.right) / 2 - centre) < 90 }
            #expect(!above.isEmpty, "caption above \(slot.role)")
        }
        if let principal = pdf.signatureSlots.first(where: { $0.role == "principal" }) {
            let bottom = pageHeight - principal.rect.y
            let (left, right) = (principal.rect.x, principal.rect.x + principal.rect.width)
            let below = words[principal.page - 1].filter { $0.top >= bottom && $0.top - bottom < 20 && $0.right > left && $0.left < right }
                .map(\.text)
            #expect(below == ["Lê", "Thị", "Thu", "Hường"])
        }
    }

    @Test func slotsAreBlankOnAPageThatIsNot() throws {
        let (template, pdf) = try Sample.schoolRecord.render()
        let dpi = 50.0
        let poppler = try Poppler(pdf, name: "hoc-ba-raster")
        let scale = dpi / 72
        let pageHeight = template.page.height * 72 / 25.4
        // One row of slots, kept together on one page.
        let pages = Set(pdf.signatureSlots.map(\.page))
        #expect(pages.count == 1)
        let image = try poppler.greyImage(page: try #require(pages.first), dpi: Int(dpi))
        #expect(image.pixels.count(where: { $0 < 128 }) > 2_000)
        for slot in pdf.signatureSlots {
            // A pixel's worth in from each edge: anti-aliasing of neighbours may tint the border.
            let xs = Int((slot.rect.x * scale).rounded(.up)) + 1...Int(((slot.rect.x + slot.rect.width) * scale).rounded(.down)) - 1
            let topRow = Int(((pageHeight - slot.rect.y - slot.rect.height) * scale).rounded(.up)) + 1
            let ys = topRow...Int(((pageHeight - slot.rect.y) * scale).rounded(.down)) - 1
            let darkest = ys.flatMap { y in xs.map { x in image[x, y] } }.min()
            #expect(darkest == 255, "\(slot.role)")
        }
    }
}
