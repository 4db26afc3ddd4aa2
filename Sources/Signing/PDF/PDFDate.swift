import Foundation

/// Dates as PDF writes them (ISO 32000-1 §7.9.4): `D:YYYYMMDDHHmmSSOHH'mm'`, every part after the year optional.
enum PDFDate {
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    /// In UTC, to the second.
    static func string(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let digits = [(parts.year, 4), (parts.month, 2), (parts.day, 2), (parts.hour, 2), (parts.minute, 2), (parts.second, 2)]
            .map { value, width in
                let text = String(value ?? 0)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
        return "D:" + digits.joined() + "Z"
    }

    /// Nil for text that is not such a date.
    static func date(_ bytes: [UInt8]) -> Date? {
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        if text.hasPrefix("D:") { text = text.dropFirst(2) }
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        guard digits.count >= 4, digits.count <= 14, digits.count % 2 == 0 else { return nil }
        let fields = stride(from: 0, to: digits.count, by: 2).compactMap { Int(digits.dropFirst($0).prefix(2)) }
        guard fields.count == digits.count / 2 else { return nil }
        let year = fields[0] * 100 + fields[1]
        var parts = DateComponents(year: year, month: 1, day: 1, hour: 0, minute: 0, second: 0)
        let ranges = [1...12, 1...31, 0...23, 0...59, 0...59]
        for (index, value) in fields.dropFirst(2).enumerated() {
            guard ranges[index].contains(value) else { return nil }
            switch index {
            case 0: parts.month = value
            case 1: parts.day = value
            case 2: parts.hour = value
            case 3: parts.minute = value
            default: parts.second = value
            }
        }
        guard let local = utcCalendar.date(from: parts),
              let offset = offset(text.dropFirst(digits.count)) else { return nil }
        return local.addingTimeInterval(-offset)
    }

    /// `Z`, nothing (taken as UTC), or `+HH'mm'` / `-HH'mm'` with the minutes and apostrophes optional.
    private static func offset(_ text: Substring) -> TimeInterval? {
        guard let sign = text.first, sign == "+" || sign == "-" else {
            return text.isEmpty || text == "Z" || text.hasPrefix("Z") ? 0 : nil
        }
        let digits = text.dropFirst().filter { $0 != "'" }
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), [2, 4].contains(digits.count),
              let hours = Int(digits.prefix(2)), let minutes = Int(digits.dropFirst(2).isEmpty ? "0" : String(digits.dropFirst(2))),
              hours <= 23, minutes <= 59
        else { return nil }
        return Double(sign == "-" ? -1 : 1) * Double(hours * 3_600 + minutes * 60)
    }
}
