import EduCore

/// Cells typed with a legacy font (.VnTime, VNI-Times) or garbled once on their way, in a file whose bytes are Unicode
/// (an XLSX, a UTF-8 CSV): the bytes pass every check, so the text is judged over the whole file, as the credentials
/// register's import does before converting it. The registry warns: text whose only accents are in Windows-1252's range
/// (French names) looks the same, so it cannot refuse.
public struct LegacyFontCheck: Sendable {
    private var detector = LegacyTextDetector()
    private var first: RowProblem?

    public init() {}

    /// A cell only Unicode has was seen, as in almost every file: the rest need not be looked at.
    public var settled: Bool { detector.settledUnicode }

    public mutating func add(_ cell: String, row: Int, column: String) {
        guard !settled, cell.utf8.contains(where: { $0 >= 0x80 }) else { return }
        if first == nil { first = RowProblem(row: row, column: column, value: cell, reason: Bilingual(vi: "", en: "")) }
        detector.add(cell)
    }

    /// The first cell with such text, and why, when the file's text as a whole is legacy.
    public var problem: RowProblem? {
        guard let first, let encoding = detector.encoding(certain: false) else { return nil }
        let advice = encoding.conversionHint ?? Bilingual(vi: "Hãy sửa chữ tiếng Việt cho đúng rồi nhập lại.",
                                                           en: "Correct the Vietnamese text and import it again.")
        return RowProblem(row: first.row, column: first.column, value: first.value, reason: Bilingual(
            vi: "Chữ trong tệp có vẻ được gõ bằng \(encoding.description.vi) chứ không phải Unicode (các ô như ô này): nếu tên hiện sai dấu, hãy dừng lại. \(advice.vi)",
            en: "The file's text looks typed in \(encoding.description.en), not Unicode (cells like this one): if the names look garbled, stop. \(advice.en)"))
    }
}
