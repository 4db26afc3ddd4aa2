import Foundation

/// The fixed parts of the minimal workbook `XLSXSink` writes: one sheet, three cell styles
/// (default; text "@"; bold text for the header). Text-format cells keep what a user types later as text too.
enum XLSXTemplates {
    static let sheetPart = "xl/worksheets/sheet1.xml"
    static let textStyle = 1
    static let headerStyle = 2

    static let sheetStart = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
    static let sheetEnd = "</sheetData></worksheet>"

    static func parts(sheetName: String) -> [(path: String, xml: String)] {
        let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        return [
            ("[Content_Types].xml", declaration
                + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
                + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
                + #"<Default Extension="xml" ContentType="application/xml"/>"#
                + #"<Override PartName="/xl/workbook.xml" ContentType="\#(contentType).sheet.main+xml"/>"#
                + #"<Override PartName="/\#(sheetPart)" ContentType="\#(contentType).worksheet+xml"/>"#
                + #"<Override PartName="/xl/styles.xml" ContentType="\#(contentType).styles+xml"/>"#
                + "</Types>"),
            ("_rels/.rels", declaration
                + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + #"<Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/>"#
                + "</Relationships>"),
            ("xl/workbook.xml", declaration
                + #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets>"#
                + #"<sheet name="\#(XMLText.escaped(sheetName))" sheetId="1" r:id="rId1"/>"#
                + "</sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", declaration
                + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
                + #"<Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/>"#
                + #"<Relationship Id="rId2" Type="\#(relationships)/styles" Target="styles.xml"/>"#
                + "</Relationships>"),
            ("xl/styles.xml", declaration
                + #"<styleSheet xmlns="\#(main)">"#
                + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>"#
                + #"<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
                + #"<fills count="2"><fill><patternFill patternType="none"/></fill>"#
                + #"<fill><patternFill patternType="gray125"/></fill></fills>"#
                + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
                + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
                + #"<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
                + #"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
                + #"<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>"#
                + "</cellXfs>"
                + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
                + "</styleSheet>"),
        ]
    }

    /// Excel refuses sheet names longer than 31 characters, with : \ / ? * [ ], or starting or ending with '.
    static func validSheetName(_ name: String) -> String {
        let replaced = String(name.map { ":\\/?*[]".contains($0) ? "_" : $0 })
        let trimmed = replaced.trimmingCharacters(in: CharacterSet(charactersIn: "' ").union(.whitespacesAndNewlines))
        return trimmed.isEmpty ? "Sheet1" : String(trimmed.prefix(31))
    }
}
