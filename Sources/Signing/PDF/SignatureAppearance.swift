import Foundation

/// What the signature block shows: who signed and when, drawn with the standard Helvetica font.
///
/// Helvetica's WinAnsi encoding lacks most Vietnamese letters (ă, đ, ơ, ư and the tone marks under and
/// above them), and embedding a font subset is a project of its own, so the text is folded to ASCII:
/// "Nguyễn Thị Hoà" shows as "Nguyen Thi Hoa". The signature dictionary's `/Name` and the certificate keep
/// the name in full; the block is only what a person sees on the page.
struct SignatureAppearance {
    private static let fontSize = 7.5
    private static let leading = 9.5
    private static let padding = 5.0

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

    /// The form XObject to put under the widget's `/AP /N`, drawing with `font`.
    func stream(font: PDFReference) -> PDFStream {
        let (width, height) = (rect.width, rect.height)
        // Helvetica averages about half an em a character: enough to keep each line inside the block.
        let fitting = max(8, Int((width - 2 * Self.padding) / (Self.fontSize * 0.5)))
        var content = "q\n0.96 0.97 1 rg 0 0 \(Self.number(width)) \(Self.number(height)) re f\n"
            + "0.13 0.27 0.55 RG 1 w 0.5 0.5 \(Self.number(width - 1)) \(Self.number(height - 1)) re S\n"
            + "BT\n0.1 0.1 0.1 rg /F1 \(Self.fontSize) Tf \(Self.leading) TL "
            + "\(Self.padding) \(Self.number(height - Self.padding - Self.fontSize)) Td\n"
        for (index, line) in lines.enumerated() {
            let text = PDFObject.hex(Array(Self.ascii(line).prefix(fitting).utf8))
            content += (index == 0 ? "" : "T* ") + String(decoding: text, as: UTF8.self) + " Tj\n"
        }
        content += "ET\nQ\n"
        return PDFStream(dictionary: PDFDictionary([
            "Type": .name("XObject"),
            "Subtype": .name("Form"),
            "BBox": PDFSignaturePlacement.Rect(x: 0, y: 0, width: width, height: height).corners,
            "Resources": .dictionary(PDFDictionary(["Font": .dictionary(PDFDictionary(["F1": .reference(font)]))])),
        ]), data: Array(content.utf8))
    }

    /// The standard 14 fonts need no embedding (ISO 32000-1 §9.6.2.2).
    static let font = PDFObject.dictionary(PDFDictionary([
        "Type": .name("Font"),
        "Subtype": .name("Type1"),
        "BaseFont": .name("Helvetica"),
        "Encoding": .name("WinAnsiEncoding"),
    ]))

    private static func number(_ value: Double) -> String {
        String(decoding: PDFObject.number(value).serialized, as: UTF8.self)
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
