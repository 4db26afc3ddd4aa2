import Foundation

/// A calendar date without time or zone (dates of birth, decisions, school years).
public struct CalendarDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), year >= 1900, year <= 2200,
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO `YYYY-MM-DD`, the form stored and exported.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// What spreadsheets contain: `YYYY-MM-DD` or the Vietnamese `dd/mm/yyyy` (also `d/m/yyyy`).
    /// `mm/dd/yyyy` is never guessed: a date is read day first, as Vietnamese users write it.
    public static func parse(_ text: String) -> Result<CalendarDate, Bilingual> {
        let value = text.trimmingWhitespace
        if let date = CalendarDate(iso: value) { return .success(date) }
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 3, parts[2].count == 4, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count),
           let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]) {
            if let date = CalendarDate(year: y, month: m, day: d) { return .success(date) }
            return .failure(Bilingual(vi: "Ngày không tồn tại", en: "No such date"))
        }
        if parts.count == 3, parts[2].count == 2 {
            return .failure(Bilingual(vi: "Năm phải đủ 4 chữ số (dd/mm/yyyy)", en: "The year needs four digits (dd/mm/yyyy)"))
        }
        return .failure(Bilingual(vi: "Ngày phải có dạng YYYY-MM-DD hoặc dd/mm/yyyy",
                                  en: "Dates must be YYYY-MM-DD or dd/mm/yyyy"))
    }

    public var iso: String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public var vietnamese: String {
        "\(day < 10 ? "0" : "")\(day)/\(month < 10 ? "0" : "")\(month)/\(year)"
    }

    public var description: String { iso }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Today in Vietnam (UTC+7), whatever the server's time zone.
    public static var today: CalendarDate { inVietnam(Date()).day }

    /// The day and the minutes since midnight that `date` is in Vietnam (UTC+7, no daylight saving).
    public static func inVietnam(_ date: Date) -> (day: CalendarDate, minutes: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return (CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!, parts.hour! * 60 + parts.minute!)
    }

    /// The day `days` after this one (before it when negative); nil outside the years a `CalendarDate` holds.
    public func adding(days: Int) -> CalendarDate? {
        // Howard Hinnant's civil_from_days, the inverse of `dayNumber`.
        let z = dayNumber + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return CalendarDate(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    }

    /// 0 for Sunday, 1 for Monday … 6 for Saturday.
    public var weekday: Int { (dayNumber % 7 + 11) % 7 }  // 1970-01-01 was a Thursday

    /// Days from 1970-01-01 (proleptic Gregorian), negative before.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Whole days from `earlier` to this date.
    public func daysSince(_ earlier: CalendarDate) -> Int {
        dayNumber - earlier.dayNumber
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
