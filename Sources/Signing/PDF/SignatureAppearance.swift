import Documents
import EduCore
import Foundation

/// What the signature block shows: who signed and when. Documents draws it with pango and cairo, which embed the
/// subset of the font it uses, so "Nguyễn Thị Hoà" shows as written; `PageForm` makes it the widget's appearance.
struct SignatureAppearance {
    let lines: [String]
    let rect: PDFSignaturePlacement.Rect

    init(signer: String, time: Date, timestamped: Bool, rect: PDFSignaturePlacement.Rect) {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        lines = [
            "Đã ký số bởi / Digitally signed by:",
            signer,
            "Ngày ký / Date: \(format.string(from: time)) UTC",
        ] + (timestamped ? ["Có dấu thời gian / Time-stamped"] : [])
        self.rect = rect
    }

    /// The block as a one-page PDF the size of the widget. A name with a character no installed font has is shown
    /// folded to ASCII rather than refused: the block is only what a person sees, and the signature dictionary's
    /// `/Name` and the certificate keep the name in full.
    func pdf() throws(EduError) -> [UInt8] {
        do {
            return try SignatureBlock(lines: lines).render(width: rect.width, height: rect.height)
        } catch where error.code == "document.glyph_missing" {
            return try SignatureBlock(lines: lines.map(Self.ascii)).render(width: rect.width, height: rect.height)
        }
    }

    /// Printable ASCII: marks dropped, đ as d, dashes as hyphens, anything else as '?'.
    static func ascii(_ text: String) -> String {
        var output = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "đ": output.append("d")
            case "Đ": output.append("D")
            case "\u{2013}", "\u{2014}": output.append("-")
            case _ where scalar.properties.canonicalCombiningClass != .notReordered: continue
            case _ where (0x20..<0x7F).contains(scalar.value): output.append(scalar)
            default: output.append("?")
            }
        }
        return String(output)
    }
}
