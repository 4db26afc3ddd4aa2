import EduCore
import Foundation

/// What reading a table converted from a legacy Vietnamese encoding to Unicode: the encoding, how many cells changed,
/// and the first few of them as they were and as they are now, so a person can check the guess.
public struct LegacyConversion: Sendable, Equatable {
    public struct Example: Sendable, Equatable {
        public let row: Int
        public let column: String
        public let before: String
        public let after: String
    }

    public let encoding: String
    public var cells = 0
    public var examples: [Example] = []

    static let exampleLimit = 5

    public var summary: Bilingual {
        let shown = examples.map { "dòng \($0.row), cột \($0.column): «\($0.before)» → «\($0.after)»" }
        let shownEnglish = examples.map { "row \($0.row), column \($0.column): «\($0.before)» → «\($0.after)»" }
        return Bilingual(vi: "Đã chuyển \(cells) ô từ bảng mã \(encoding) sang Unicode; ví dụ: " + shown.joined(separator: "; "),
                         en: "Converted \(cells) cells from \(encoding) to Unicode; for example: " + shownEnglish.joined(separator: "; "))
    }
}

/// Finds whether a table's text is in a legacy encoding: either the CSV bytes are not UTF-8 at all, or every data cell is
/// text that a single byte per character stands for (an XLSX or a UTF-8 CSV typed with a .VnTime or VNI font) and the
/// bytes point to one encoding with enough evidence. Unicode Vietnamese almost always holds a character beyond
/// Windows-1252 (ư ơ đ ă ạ …), so one such cell settles it.
///
/// Garbled Unicode ("Nguyá»…n": UTF-8 read as Windows-1252 and saved again) looks the same way, one byte a character, but
/// its bytes are valid UTF-8 throughout, which legacy Vietnamese text of any length almost never is (a UTF-8 sequence
/// needs a lead byte and then exactly the right number of continuation bytes); it is decided before the legacy guess.
struct LegacyTextDetector {
    private var tally = LegacyEncoding.Tally()
    private var unicode = false
    private var evidence = 0
    /// Whether every cell's bytes so far are valid UTF-8.
    private var validUTF8 = true

    /// Non-ASCII bytes needed before a file that is valid Unicode is read as legacy text.
    static let minimumEvidence = 20

    mutating func add(_ cell: String) {
        guard !unicode, cell.utf8.contains(where: { $0 >= 0x80 }) else { return }
        guard let bytes = ByteView.bytes(cell) else {
            unicode = true
            return
        }
        if validUTF8, String(validating: bytes, as: UTF8.self) == nil { validUTF8 = false }
        for byte in bytes {
            tally.add(byte)
            if byte >= 0x80 { evidence += 1 }
        }
        tally.add(0x20)
    }

    /// A cell with a character no legacy encoding has was seen: the text is Unicode.
    var settledUnicode: Bool { unicode }

    /// `certain`: the bytes are known not to be Unicode (a CSV that is not UTF-8), so any verdict will do.
    func encoding(certain: Bool) -> LegacyEncoding? {
        guard !unicode, certain || evidence >= Self.minimumEvidence else { return nil }
        return validUTF8 && !certain ? .utf8ReadAsWindows1252 : tally.verdict
    }
}
