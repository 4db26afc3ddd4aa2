import Foundation
import ZIPFoundation

/// XLSX output: the sheet XML streams to a temp file, row by row; `finish()` zips it (deflate)
/// with the fixed parts. Every non-empty cell is an inline string, so "00123" stays "00123".
final class XLSXSink: TableSink {
    private let output: AtomicOutput
    private let sheetName: String
    private let folder: TemporaryFolder
    private let sheet: BufferedFile
    private var row = 0

    init(output: AtomicOutput, sheetName: String) throws {
        self.output = output
        self.sheetName = XLSXTemplates.validSheetName(sheetName)
        let folder = try output.writing { try TemporaryFolder() }
        let sheet = try output.writing { try BufferedFile(creating: folder.file("sheet1.xml")) }
        try output.writing { try sheet.append(XLSXTemplates.sheetStart) }
        self.folder = folder
        self.sheet = sheet
    }

    func write(_ cells: [String]) throws {
        row += 1
        let style = row == 1 ? XLSXTemplates.headerStyle : XLSXTemplates.textStyle
        var xml = #"<row r="\#(row)">"#
        for (column, cell) in cells.enumerated() where !cell.isEmpty {
            xml += #"<c r="\#(CellText.reference(column: column))\#(row)" t="inlineStr" s="\#(style)">"#
                + #"<is><t xml:space="preserve">\#(XMLText.escaped(CellText.escape(cell)))</t></is></c>"#
        }
        xml += "</row>"
        try output.writing { try sheet.append(xml) }
    }

    func finish() throws {
        defer { folder.remove() }
        try output.writing {
            try sheet.append(XLSXTemplates.sheetEnd)
            try sheet.close()
            let archive = try Archive(url: output.partial, accessMode: .create)
            for (path, xml) in XLSXTemplates.parts(sheetName: sheetName) {
                let data = Data(xml.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try archive.addEntry(with: XLSXTemplates.sheetPart, fileURL: folder.file("sheet1.xml"), compressionMethod: .deflate)
        }
        try output.commit()
    }

    func discard() {
        try? sheet.close()
        folder.remove()
        output.discard()
    }
}
