import EduCore

/// The content area of each page and how much of it is used: where the next thing goes, and when a
/// new page starts. Points, cairo's coordinates (origin top left).
struct PageFlow {
    let canvas: PDFCanvas
    let left: Double
    let width: Double
    let contentTop: Double
    let contentBottom: Double
    /// Drawn in the top margin of every page.
    let pageMark: TextLayout?
    private(set) var page = 1
    /// Where the next block's top goes.
    private(set) var top: Double

    init(canvas: PDFCanvas, page: PageSetup, pageMark: TextLayout?) {
        let scale = PDFUnits.pointsPerMillimetre
        self.canvas = canvas
        left = page.margins.left * scale
        width = page.contentWidth * scale
        contentTop = page.margins.top * scale
        contentBottom = (page.height - page.margins.bottom) * scale
        self.pageMark = pageMark
        top = contentTop
        drawPageMark()
    }

    var remaining: Double { contentBottom - top }

    /// Starts a new page unless `height` fits below what this page already holds.
    mutating func keepTogether(_ height: Double) throws(EduError) {
        guard height > remaining else { return }
        guard height <= contentBottom - contentTop else {
            throw EduError("document.block_too_tall",
                           vi: "Một khối của văn bản cao hơn cả trang (\(Int(height)) pt), không in được",
                           en: "A block of the document is taller than a whole page (\(Int(height)) pt) and cannot be printed")
        }
        canvas.nextPage()
        page += 1
        top = contentTop
        drawPageMark()
    }

    mutating func advance(_ height: Double) {
        top += height
    }

    /// Draws text line by line, going on to the next page where a line does not fit.
    mutating func flow(_ text: TextLayout) throws(EduError) {
        for line in text.lines {
            try keepTogether(line.height)
            canvas.draw(line, of: text, left: left, top: top)
            advance(line.height)
        }
    }

    /// Just above the content area, so it never meets the blocks.
    private func drawPageMark() {
        guard let pageMark else { return }
        canvas.draw(pageMark, left: left, top: contentTop - pageMark.height - PDFUnits.pointsPerMillimetre * 2)
    }
}
