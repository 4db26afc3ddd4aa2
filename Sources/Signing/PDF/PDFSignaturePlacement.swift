/// Where the visible signature block goes: a slot that `Documents` laid out (its page and rectangle), or
/// the next free place.
public struct PDFSignaturePlacement: Sendable, Hashable {
    /// A rectangle in PDF user space: points (1/72 inch) from the page's lower left corner. Nested, so it
    /// does not clash with `Documents.PDFRect` where both modules are imported.
    public struct Rect: Sendable, Hashable {
        public var x: Double
        public var y: Double
        public var width: Double
        public var height: Double

        public init(x: Double, y: Double, width: Double, height: Double) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }

        /// Within ISO 32000-1 Annex C's largest page (14,400 units, 200 inches), and not empty.
        var isOnAPage: Bool {
            let extent = -14_400.0 ... 14_400.0
            return [x, y, x + width, y + height].allSatisfy(extent.contains) && width >= 1 && height >= 1
        }

        /// `[llx lly urx ury]`, as `/Rect` and `/BBox` take it.
        var corners: PDFObject {
            .array([x, y, x + width, y + height].map(PDFObject.number))
        }
    }

    /// Zero-based; nil puts it on the last page, where signatures of a school record usually sit.
    public var page: Int?
    /// Nil takes the next free place along the bottom of the page: three blocks a row, rows going up,
    /// so teacher, principal and seal sign side by side without covering one another.
    public var rect: Rect?

    public init(page: Int? = nil, rect: Rect? = nil) {
        self.page = page
        self.rect = rect
    }

    public static let automatic = PDFSignaturePlacement()

    static let blockSize = (width: 180.0, height: 54.0)

    /// The place of the document's n-th signature (from zero), inside the margins of an A4 or Letter page.
    static func slot(_ index: Int) -> Rect {
        let margin = 36.0, gap = 6.0
        let column = Double(index % 3), row = Double(index / 3)
        return Rect(x: margin + column * (blockSize.width + gap), y: margin + row * (blockSize.height + gap),
                       width: blockSize.width, height: blockSize.height)
    }
}

extension PDFObject {
    /// An integer when the value is whole, otherwise a real with two decimals (a hundredth of a point).
    static func number(_ value: Double) -> PDFObject {
        let hundredths = (value * 100).rounded()
        guard hundredths.truncatingRemainder(dividingBy: 100) != 0 else { return .integer(Int(hundredths / 100)) }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Int(abs(hundredths))
        let fraction = String(magnitude % 100)
        return .real("\(sign)\(magnitude / 100).\(fraction.count == 1 ? "0" + fraction : fraction)")
    }
}
