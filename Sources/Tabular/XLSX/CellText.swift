import Foundation

/// How worksheet cell contents become text.
enum CellText {
    /// Zero-based column of a reference such as "C5"; nil when it is not one or lies past Excel's last column (XFD).
    static func column(of reference: String) -> Int? {
        var column = 0
        for byte in reference.utf8.prefix(while: { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }) {
            column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
        }
        return (1...16_384).contains(column) ? column - 1 : nil
    }

    /// The letters of a zero-based column: 0 → "A", 26 → "AA".
    static func reference(column: Int) -> String {
        var letters = ""
        var rest = column + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(ascii: "A") + UInt8(digit))), at: letters.startIndex)
            rest = (rest - 1) / 26
        }
        return letters
    }

    /// A number as stored, except that integral values lose their ".0" (and exponent form): "42.0" → "42".
    static func number(_ stored: String) -> String {
        guard let value = Double(stored), value.rounded() == value, abs(value) < 1e15 else { return stored }
        return String(Int64(value))
    }

    /// A date serial as YYYY-MM-DD (time of day dropped), or nil when the serial is not a date.
    /// 1900 system: day 1 is 1900-01-01 and day 60 is the 1900-02-29 that Excel keeps from Lotus 1-2-3,
    /// so from day 61 on the count is one more than the real number of days. 1904 system: day 0 is 1904-01-01.
    static func date(serial stored: String, date1904: Bool) -> String? {
        guard let serial = Double(stored), serial >= (date1904 ? 0 : 1), serial < 2_958_466 else { return nil }
        let day = Int(serial.rounded(.down))
        if !date1904 && day == 60 { return "1900-02-29" }
        let daysSince1970 = date1904 ? day - 24_107 : day - (day < 60 ? 25_568 : 25_569)
        return isoDate(daysSince1970: daysSince1970)
    }

    /// Civil date from a day count (Howard Hinnant's `civil_from_days`), free of time zones and calendars.
    private static func isoDate(daysSince1970: Int) -> String {
        let z = daysSince1970 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// Decodes the `_xHHHH_` escapes Excel writes for characters XML cannot hold (e.g. `_x000D_` for CR,
    /// `_x005F_` for an underscore that starts a literal "_xHHHH_").
    static func unescape(_ text: String) -> String {
        mapEscapes(text) { sequence, code in Unicode.Scalar(code).map { String(Character($0)) } ?? String(sequence) }
    }

    /// The inverse of `unescape` for text we write: only a literal "_xHHHH_" needs protecting.
    static func escape(_ text: String) -> String {
        mapEscapes(text) { sequence, _ in "_x005F" + sequence }
    }

    /// Replaces each "_xHHHH_" in `text` by `transform(sequence, code)` and keeps everything else.
    private static func mapEscapes(_ text: String, _ transform: (Substring, UInt32) -> String) -> String {
        guard text.utf8.contains(UInt8(ascii: "_")), text.contains("_x") else { return text }  // the cheap test first
        var result = ""
        var rest = Substring(text)
        while let start = rest.range(of: "_x") {
            result += rest[..<start.lowerBound]
            let tail = rest[start.upperBound...].prefix(5)
            let digits = tail.dropLast()
            if tail.count == 5, tail.last == "_", digits.allSatisfy(\.isHexDigit), let code = UInt32(digits, radix: 16) {
                result += transform(rest[start.lowerBound..<tail.endIndex], code)
                rest = rest[tail.endIndex...]
            } else {
                result += "_x"
                rest = rest[start.upperBound...]
            }
        }
        return result + rest
    }
}
