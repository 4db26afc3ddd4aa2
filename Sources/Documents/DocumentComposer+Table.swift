import EduCore

/// One row of a data table, laid out: its cells and the height of the tallest.
private struct TableRow {
    let cells: [TextLayout]
    let height: Double
}

extension DocumentComposer {
    private static let cellPadding = 1.5 * PDFUnits.pointsPerMillimetre
    private static let ruleWidth = 0.5
    private static let headerShade = 0.88

    /// A row never splits; when the next row does not fit, the table goes on on a new page under a
    /// repeated header.
    mutating func placeTable(_ table: DataTable) throws(EduError) {
        let totalWeight = table.columns.reduce(0) { $0 + ($1.weight ?? 1) }
        let widths = table.columns.map { flow.width * ($0.weight ?? 1) / totalWeight }
        var headers: [String] = []
        for column in table.columns {
            headers.append(fields.text(column.header))
        }
        let header = try layoutRow(headers, widths: widths, alignments: table.columns.map { _ in .center }, bold: true)

        var headerDrawn = false
        for (index, values) in fields.rows(table.source).enumerated() {
            var texts: [String] = []
            for column in table.columns {
                texts.append(fields.cell(column.field, of: values, number: index + 1, in: table.source))
            }
            let row = try layoutRow(texts, widths: widths, alignments: table.columns.map { $0.align ?? .left }, bold: false)
            if !headerDrawn || row.height > flow.remaining {
                try flow.keepTogether(header.height + row.height)
                drawRow(header, widths: widths, shaded: true)
                headerDrawn = true
            }
            drawRow(row, widths: widths, shaded: false)
        }
        if !headerDrawn {
            try flow.keepTogether(header.height)
            drawRow(header, widths: widths, shaded: true)
        }
    }

    private func layoutRow(_ texts: [String], widths: [Double], alignments: [TextAlignment], bold: Bool) throws(EduError) -> TableRow {
        var cells: [TextLayout] = []
        for (index, text) in texts.enumerated() {
            let cellStyle = style(bold: bold, alignment: alignments[index])
            cells.append(try canvas.layout(text, style: cellStyle, width: widths[index] - 2 * Self.cellPadding))
        }
        return TableRow(cells: cells, height: (cells.map(\.height).max() ?? 0) + 2 * Self.cellPadding)
    }

    private mutating func drawRow(_ row: TableRow, widths: [Double], shaded: Bool) {
        var left = flow.left
        for (cell, width) in zip(row.cells, widths) {
            if shaded {
                canvas.fillRectangle(left: left, top: flow.top, width: width, height: row.height, grey: Self.headerShade)
            }
            canvas.strokeRectangle(left: left, top: flow.top, width: width, height: row.height, lineWidth: Self.ruleWidth)
            canvas.draw(cell, left: left + Self.cellPadding, top: flow.top + Self.cellPadding)
            left += width
        }
        flow.advance(row.height)
    }
}
