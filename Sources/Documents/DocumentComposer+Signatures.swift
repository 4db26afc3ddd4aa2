import EduCore

/// One signer's column, laid out: captions above and below the blank rectangle.
private struct SignatureColumn {
    let spec: SignatureSlotSpec
    let label: TextLayout?
    let note: TextLayout?
    let name: TextLayout?

    static let gap = 2 * PDFUnits.pointsPerMillimetre

    var slotWidth: Double { spec.width * PDFUnits.pointsPerMillimetre }
    var slotHeight: Double { spec.height * PDFUnits.pointsPerMillimetre }
    var height: Double {
        (label?.height ?? 0) + (note?.height ?? 0) + Self.gap + slotHeight + Self.gap + (name?.height ?? 0)
    }
}

extension DocumentComposer {
    /// The whole row stays on one page: a signature block split from its captions would be useless.
    /// Each rectangle is centred in its column and reported in PDF user space (origin bottom left).
    mutating func placeSignatures(_ row: SignatureRow) throws(EduError) {
        let columnWidth = flow.width / Double(row.slots.count)
        var columns: [SignatureColumn] = []
        for spec in row.slots {
            columns.append(SignatureColumn(
                spec: spec,
                label: try optionalLayout(spec.label, style: style(bold: true, alignment: .center), width: columnWidth),
                note: try optionalLayout(spec.note, style: style(size: max(font.size - 1, FontSpec.sizes.lowerBound), italic: true, alignment: .center),
                                         width: columnWidth),
                name: try optionalLayout(spec.name, style: style(bold: true, alignment: .center), width: columnWidth)))
        }
        let height = columns.map(\.height).max() ?? 0
        try flow.keepTogether(height)
        for (index, column) in columns.enumerated() {
            let left = flow.left + Double(index) * columnWidth
            var top = flow.top
            for caption in [column.label, column.note].compactMap({ $0 }) {
                canvas.draw(caption, left: left, top: top)
                top += caption.height
            }
            top += SignatureColumn.gap
            let rect = PDFRect(x: left + (columnWidth - column.slotWidth) / 2, y: pageHeight - top - column.slotHeight,
                               width: column.slotWidth, height: column.slotHeight)
            slots.append(SignatureSlot(role: column.spec.role, page: flow.page, rect: rect))
            top += column.slotHeight + SignatureColumn.gap
            if let name = column.name {
                canvas.draw(name, left: left, top: top)
            }
        }
        flow.advance(height)
    }
}
