import EduCore

/// The visible part of a digital signature: a framed box with a few lines of text (who signed, when), drawn as a
/// one-page PDF the size of the box, with the subset of the font it uses embedded, so a signer's name prints with its
/// Vietnamese letters. The signer copies the page into the signed document as the signature widget's appearance.
public struct SignatureBlock: Sendable {
    /// Metric-compatible with Arial (fonts-liberation2, which the documents' serif comes with).
    static let family = "Liberation Sans"
    static let fontSize = 7.5
    static let padding = 4.0

    /// Drawn top down, each on one line, cut with an ellipsis where too long. One face, regular: each face costs the
    /// signed document its own embedded subsets (a bold name would add about 10 KB to every signature).
    public let lines: [String]

    public init(lines: [String]) {
        self.lines = lines
    }

    /// A PDF of one page `width` × `height` points. Lines that do not fit the height are left out. Throws
    /// `document.font_missing` when Liberation Sans is not installed, `document.glyph_missing` when a character has no
    /// glyph in any installed font.
    public func render(width: Double, height: Double) throws(EduError) -> [UInt8] {
        let canvas = PDFCanvas(width: width, height: height)
        let style = TextStyle(family: Self.family, size: Self.fontSize, oneLine: true)
        try canvas.requireInstalled(style)
        canvas.fillRectangle(left: 0, top: 0, width: width, height: height, grey: 0.95)
        canvas.strokeRectangle(left: 0.5, top: 0.5, width: width - 1, height: height - 1, lineWidth: 1)
        var top = Self.padding
        for line in lines {
            let layout = try canvas.layout(line, style: style, width: max(width - 2 * Self.padding, 1))
            guard top + layout.height <= height - Self.padding / 2 else { break }
            canvas.draw(layout, left: Self.padding, top: top)
            top += layout.height
        }
        return try canvas.finish()
    }
}
