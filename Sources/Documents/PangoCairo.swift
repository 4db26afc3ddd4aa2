import CPangoCairo
import EduCore
import Foundation

// The only file that touches pango, cairo and pointers. Coordinates here are cairo's: points, origin at
// the top left of the page, y growing downwards.

/// How a piece of text is set.
struct TextStyle {
    var family: String
    /// Points.
    var size: Double
    var bold = false
    var italic = false
    var alignment = TextAlignment.left
    /// 0 is black, 1 white.
    var grey = 0.0
    /// One line, cut with an ellipsis where it is wider than the layout, instead of wrapped.
    var oneLine = false
}

/// Text that pango has wrapped to a width and shaped, with its lines measured.
final class TextLayout {
    struct Line {
        let index: Int32
        /// From the top of the layout.
        let top: Double
        let height: Double
        /// From the top of the line.
        fileprivate let baseline: Double
        /// Where alignment put the line, from the layout's left edge.
        fileprivate let left: Double
    }

    fileprivate let layout: OpaquePointer
    fileprivate let grey: Double
    let lines: [Line]
    var height: Double { lines.last.map { $0.top + $0.height } ?? 0 }

    fileprivate init(_ layout: OpaquePointer, grey: Double) {
        self.layout = layout
        self.grey = grey
        var lines: [Line] = []
        let iterator = pango_layout_get_iter(layout)
        defer { pango_layout_iter_free(iterator) }
        repeat {
            var extents = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &extents)
            let top = points(extents.y)
            lines.append(Line(index: Int32(lines.count), top: top, height: points(extents.height),
                              baseline: points(pango_layout_iter_get_baseline(iterator)) - top, left: points(extents.x)))
        } while pango_layout_iter_next_line(iterator) != 0
        self.lines = lines
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
    }
}

/// Pango's units are 1/1024 of cairo's.
private func points(_ pangoUnits: Int32) -> Double {
    Double(pangoUnits) / Double(PANGO_SCALE)
}

/// A PDF that cairo draws into memory (no file), with a pango context for its text. Cairo embeds a
/// subset of each font used.
final class PDFCanvas {
    /// Collects what cairo writes; cairo holds an unretained pointer to it, which the canvas keeps alive.
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let sink: Sink
    private let surface: OpaquePointer
    private let cairo: OpaquePointer
    private let pango: OpaquePointer

    init(width: Double, height: Double) {
        let sink = Sink()
        self.sink = sink
        surface = cairo_pdf_surface_create_for_stream({ closure, data, length in
            guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().bytes
                .append(contentsOf: UnsafeBufferPointer(start: data, count: Int(length)))
            return CAIRO_STATUS_SUCCESS
        }, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        cairo = cairo_create(surface)
        pango = pango_cairo_create_context(cairo)
        // Lay text out in exact, unhinted metrics: a PDF is scaled by whoever views it, and line
        // breaks must not depend on a screen's pixel grid.
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pango, options)
        cairo_font_options_destroy(options)
        pango_context_set_round_glyph_positions(pango, 0)
        pango_context_set_language(pango, pango_language_from_string("vi"))
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(pango))
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
    }

    /// The document information dictionary. A fixed creation date keeps identical input byte-identical
    /// (left unset, cairo writes the current time). Cairo 1.16 writes a set date without the "D:"
    /// prefix; later cairo fixed it.
    func setMetadata(title: String, creator: String, created: Date, keywords: String?) {
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title)
        if let keywords { cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS, keywords) }
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, creator)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, created.formatted(.iso8601))
    }

    /// The family fontconfig really uses for the style: another one when the family asked for is not
    /// installed. Nil when no font can be loaded at all.
    func installedFamily(for style: TextStyle) -> String? {
        let description = fontDescription(style)
        defer { pango_font_description_free(description) }
        guard let font = pango_context_load_font(pango, description) else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(font)) }
        let loaded = pango_font_describe(font)
        defer { pango_font_description_free(loaded) }
        return pango_font_description_get_family(loaded).map { String(cString: $0) }
    }

    /// Throws `document.font_missing` when the style's family is not installed: another one quietly put in its place
    /// would change the document's look and line breaks.
    func requireInstalled(_ style: TextStyle) throws(EduError) {
        let installed = installedFamily(for: style)
        guard installed?.lowercased() == style.family.lowercased() else {
            throw EduError("document.font_missing",
                           vi: "Chưa cài phông chữ “\(style.family)” (hệ thống sẽ thay bằng “\(installed ?? "không có")”)",
                           en: "The font “\(style.family)” is not installed (the system would use “\(installed ?? "none")” instead)")
        }
    }

    /// Lays text out at a width. Throws when a character has no glyph in any installed font: it would
    /// print as an empty box.
    func layout(_ text: String, style: TextStyle, width: Double) throws(EduError) -> TextLayout {
        let layout = pango_layout_new(pango)!
        let description = fontDescription(style)
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded(.down)))
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        if style.oneLine { pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END) }
        // No hyphen where a word is broken to fit: a reader would take it for part of a name or a
        // register number (text extraction hides it; the printed page shows it).
        let attributes = pango_attr_list_new()
        pango_attr_list_insert(attributes, pango_attr_insert_hyphens_new(0))
        pango_layout_set_attributes(layout, attributes)
        pango_attr_list_unref(attributes)
        switch style.alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        case .justify: pango_layout_set_justify(layout, 1)
        }
        pango_layout_set_text(layout, text.nfc, -1)
        let laidOut = TextLayout(layout, grey: style.grey)
        guard pango_layout_get_unknown_glyphs_count(layout) == 0 else {
            throw EduError("document.glyph_missing",
                           vi: "Không phông chữ nào đã cài có đủ ký tự để in: “\(text)”",
                           en: "No installed font has every character of: “\(text)”")
        }
        return laidOut
    }

    /// Draws one line of a layout; `top` is where the line's top goes on the page.
    func draw(_ line: TextLayout.Line, of text: TextLayout, left: Double, top: Double) {
        cairo_set_source_rgb(cairo, text.grey, text.grey, text.grey)
        cairo_move_to(cairo, left + line.left, top + line.baseline)
        pango_cairo_show_layout_line(cairo, pango_layout_get_line_readonly(text.layout, line.index))
    }

    /// Draws a whole layout with its top-left corner at the point.
    func draw(_ text: TextLayout, left: Double, top: Double) {
        for line in text.lines {
            draw(line, of: text, left: left, top: top + line.top)
        }
    }

    func fillRectangle(left: Double, top: Double, width: Double, height: Double, grey: Double) {
        cairo_set_source_rgb(cairo, grey, grey, grey)
        cairo_rectangle(cairo, left, top, width, height)
        cairo_fill(cairo)
    }

    func strokeRectangle(left: Double, top: Double, width: Double, height: Double, lineWidth: Double) {
        cairo_set_source_rgb(cairo, 0, 0, 0)
        cairo_set_line_width(cairo, lineWidth)
        cairo_rectangle(cairo, left, top, width, height)
        cairo_stroke(cairo)
    }

    func nextPage() {
        cairo_show_page(cairo)
    }

    /// Ends the document and returns the PDF. The canvas cannot be drawn on afterwards.
    func finish() throws(EduError) -> [UInt8] {
        cairo_surface_finish(surface)
        let status = cairo_status(cairo) != CAIRO_STATUS_SUCCESS ? cairo_status(cairo) : cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            let reason = String(cString: cairo_status_to_string(status))
            throw EduError("document.render_failed", vi: "Cairo không tạo được PDF: \(reason)", en: "Cairo could not make the PDF: \(reason)")
        }
        return sink.bytes
    }

    private func fontDescription(_ style: TextStyle) -> OpaquePointer {
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, style.family)
        // Absolute size is in device units, which on a PDF surface are points.
        pango_font_description_set_absolute_size(description, style.size * Double(PANGO_SCALE))
        pango_font_description_set_weight(description, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return description
    }
}
