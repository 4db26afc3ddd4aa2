import EduCore
import Foundation
@testable import Signing
import Testing

/// A one-page PDF made into a form XObject of another PDF's update: what the page inherits from its page tree comes
/// along, every object it references is copied once under a new number, and the content keeps its filter.
@Suite struct PageFormTests {
    @Test func copiesThePageWithWhatItInheritsAndEveryObjectOnce() throws {
        let content = "BT /F1 9 Tf 4 4 Td (khoi chu ky) Tj ET"
        let block = PDFFixture.file([
            "<< /Type /Catalog /Pages 2 0 R >>",
            // Box and resources on the page tree, the box's width indirect; the font reached twice, and through a cycle.
            "<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 6 0 R 50] /Resources << /Font << /F1 4 0 R /F2 4 0 R >> >> >>",
            "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Self 4 0 R >>",
            "<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream",
            "120.5",
        ])
        let target = PDFFixture.document()
        let file = try PDFFile(target[...])
        var update = IncrementalUpdate(appendingTo: target, file: file)
        let form = update.newReference()
        try PageForm(block).write(into: &update, as: form)
        update.finish()

        let written = try PDFFile(update.bytes[...])
        guard case .stream(let stream) = try written.object(form) else { Issue.record("the form is a stream"); return }
        #expect(stream.dictionary.has("Subtype", name: "Form"))
        #expect(stream.dictionary["BBox"] == .array([.integer(0), .integer(0), .real("120.5"), .integer(50)]))
        #expect(stream.data == Array(content.utf8))
        let fonts = try #require(try written.dictionary(try written.dictionary(stream.dictionary["Resources"])?["Font"]))
        let font = try #require(fonts["F1"]?.reference)
        #expect(fonts["F2"]?.reference == font, "copied once")
        #expect(font.number >= file.nextObjectNumber, "a new object of the update")
        let copied = try #require(try written.dictionary(.reference(font)))
        #expect(copied.has("BaseFont", name: "Helvetica") && copied["Self"]?.reference == font, "the cycle points at the copy")
        #expect(try written.dictionary(.reference(font)) != nil && (try file.object(font)) == .null, "not an object of the original")
    }

    @Test func refusesAPageWithoutABox() throws {
        let block = PDFFixture.file(["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                                     "<< /Type /Page /Parent 2 0 R /Contents [] >>"])
        #expect(throws: EduError.malformedPDF) { try PageForm(block) }
    }
}
