import EduCore

/// Lays the blocks of a template out one below the other, filling in the document's values.
struct DocumentComposer {
    let canvas: PDFCanvas
    let font: FontSpec
    let pageHeight: Double
    var flow: PageFlow
    var fields: FieldLookup
    var slots: [SignatureSlot] = []

    /// Space after each block.
    var blockGap: Double { font.size * 0.5 }

    init(template: DocumentTemplate, canvas: PDFCanvas, fields: FieldLookup) throws(EduError) {
        self.canvas = canvas
        font = template.font
        pageHeight = template.page.height * PDFUnits.pointsPerMillimetre
        self.fields = fields
        try canvas.requireInstalled(TextStyle(family: font.family, size: font.size))
        var pageMark: TextLayout?
        if let mark = template.pageMark {
            let style = TextStyle(family: font.family, size: 9, italic: true, alignment: .center, grey: 0.4)
            pageMark = try canvas.layout(self.fields.text(mark), style: style, width: template.page.contentWidth * PDFUnits.pointsPerMillimetre)
        }
        flow = PageFlow(canvas: canvas, page: template.page, pageMark: pageMark)
    }

    func style(size: Double? = nil, bold: Bool = false, italic: Bool = false, alignment: TextAlignment = .left) -> TextStyle {
        TextStyle(family: font.family, size: size ?? font.size, bold: bold, italic: italic, alignment: alignment)
    }

    mutating func place(_ block: TemplateBlock) throws(EduError) {
        switch block {
        case .heading(let heading):
            let text = try canvas.layout(fields.text(heading.text), style: style(size: heading.size ?? font.size + 2, bold: true, alignment: .center),
                                         width: flow.width)
            try flow.flow(text)
        case .paragraph(let paragraph):
            let paragraphStyle = style(size: paragraph.size, bold: paragraph.bold ?? false, italic: paragraph.italic ?? false,
                                       alignment: paragraph.align ?? .left)
            let text = try canvas.layout(fields.text(paragraph.text), style: paragraphStyle, width: flow.width)
            try flow.flow(text)
        case .fields(let list):
            try placeFields(list)
        case .table(let table):
            try placeTable(table)
        case .spacer(let spacer):
            flow.advance(spacer.height * PDFUnits.pointsPerMillimetre)
        case .signatures(let row):
            try placeSignatures(row)
        case .qr(let code):
            try placeQRCode(code)
        }
        flow.advance(blockGap)
    }

    /// Each label–value line is kept whole; lines may fall on different pages.
    private mutating func placeFields(_ list: FieldList) throws(EduError) {
        let labelWidth = flow.width * (list.labelWidth ?? 0.35)
        for row in list.rows {
            let label = try canvas.layout(fields.text(row.label), style: style(), width: labelWidth)
            let value = try canvas.layout(fields.text(row.value), style: style(bold: true), width: flow.width - labelWidth)
            let height = max(label.height, value.height)
            try flow.keepTogether(height)
            canvas.draw(label, left: flow.left, top: flow.top)
            canvas.draw(value, left: flow.left + labelWidth, top: flow.top)
            flow.advance(height + font.size * 0.2)
        }
    }

    /// The code and its caption stay on one page. Dark modules are drawn as runs along each row, with the quiet
    /// zone of four modules the standard asks for around them.
    private mutating func placeQRCode(_ block: QRCodeBlock) throws(EduError) {
        let matrix = try QRCodeMatrix(fields.text(block.text))
        let side = block.size * PDFUnits.pointsPerMillimetre
        let caption = try optionalLayout(block.caption, style: style(size: max(font.size - 2, FontSpec.sizes.lowerBound), alignment: block.align ?? .left),
                                         width: flow.width)
        try flow.keepTogether(side + (caption?.height ?? 0))
        let left = switch block.align ?? .left {
        case .center: flow.left + (flow.width - side) / 2
        case .right: flow.left + flow.width - side
        case .left, .justify: flow.left
        }
        let module = side / Double(matrix.dark.count + 8)
        for (row, modules) in matrix.dark.enumerated() {
            var column = 0
            while column < modules.count {
                guard modules[column] else { column += 1; continue }
                let start = column
                while column < modules.count, modules[column] { column += 1 }
                canvas.fillRectangle(left: left + Double(start + 4) * module, top: flow.top + Double(row + 4) * module,
                                     width: Double(column - start) * module, height: module, grey: 0)
            }
        }
        flow.advance(side)
        if let caption {
            canvas.draw(caption, left: flow.left, top: flow.top)
            flow.advance(caption.height)
        }
    }

    /// Text for an optional part of a block: nothing when the template leaves it out.
    mutating func optionalLayout(_ text: TemplateText?, style: TextStyle, width: Double) throws(EduError) -> TextLayout? {
        guard let text else { return nil }
        return try canvas.layout(fields.text(text), style: style, width: width)
    }
}
