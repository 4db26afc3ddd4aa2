import EduCore
import Foundation

/// Renders a template filled with a document's values to PDF: pango lays the text out (Vietnamese
/// line breaking and shaping), cairo writes the PDF with subsets of the fonts embedded.
///
/// The output is byte-for-byte the same for the same template, values and `createdAt`, on the same
/// cairo, pango and font files. Renders may run on several threads at once: each has its own cairo
/// surface and pango context, and pango's default font map is per thread.
public struct PDFRenderer: Sendable {
    /// The creation date written into the PDF's document information.
    public let createdAt: Date

    public init(createdAt: Date = Date()) {
        self.createdAt = createdAt
    }

    /// Throws `document.field_missing` naming every field the values lack (`document.field_kind`:
    /// text given for a table, or rows for text), `document.font_missing` when the template's font
    /// family is not installed, `document.glyph_missing` when a character cannot be printed,
    /// `document.block_too_tall` when a block cannot fit on an empty page.
    ///
    /// `keywords` go into the document information dictionary (`/Keywords`), such as the digest of the data the
    /// document was made from, so that signing the PDF also vouches for that data.
    public func render(template: DocumentTemplate, document: [String: TemplateValue], keywords: String? = nil) throws(EduError) -> RenderedPDF {
        let canvas = PDFCanvas(width: template.page.width * PDFUnits.pointsPerMillimetre,
                               height: template.page.height * PDFUnits.pointsPerMillimetre)
        var composer = try DocumentComposer(template: template, canvas: canvas, fields: FieldLookup(document))
        for block in template.blocks {
            try composer.place(block)
        }
        var fields = composer.fields
        canvas.setMetadata(title: fields.text(template.title), creator: "EduVN", created: createdAt, keywords: keywords)
        try fields.checkComplete()
        return RenderedPDF(bytes: try canvas.finish(), pageCount: composer.flow.page, signatureSlots: composer.slots)
    }
}

/// A rendered document.
public struct RenderedPDF: Sendable {
    public let bytes: [UInt8]
    public let pageCount: Int
    /// The rectangles kept blank for signatures, in the order of the template.
    public let signatureSlots: [SignatureSlot]
}

/// Where a signer's visible signature goes: the page (counted from 1) and a rectangle in that page's
/// default PDF user space (points, origin at the bottom left), ready for a signature widget's `/Rect`.
public struct SignatureSlot: Sendable, Hashable, Codable {
    public let role: String
    public let page: Int
    public let rect: PDFRect
}

/// A rectangle in PDF user space: points, origin at the bottom left of the page.
public struct PDFRect: Sendable, Hashable, Codable {
    public let x: Double
    public let y: Double
    public let width: Double
    public let height: Double
}

enum PDFUnits {
    static let pointsPerMillimetre = 72 / 25.4
}
