import EduCore
import Foundation

/// Working days for the certified-copy deadline (Nghị định 23/2015: the same working day, or the next one when the
/// request arrives after 15:00). Monday to Friday, less public holidays (Bộ luật Lao động 2019, Điều 112), which are
/// built in: 1/1, 30/4, 1/5 and 2/9; Giỗ Tổ Hùng Vương (10/3 of the lunar year) and Tết, five days from the last day
/// of the lunar year, from the lunar calendar (`LunarCalendar`); a holiday falling on a weekend moves to the next
/// working day (Điều 111: "lễ, tết"). What the government decides each year — the day beside 2/9, the Tết
/// schedule, swapped days — is configured: extra days off (`EDUVN_HOLIDAYS`) and days worked despite the rules
/// (`EDUVN_WORKING_DAYS`, a Saturday made up, a built-in day the year's schedule does not give).
public struct WorkingCalendar: Sendable, Equatable {
    /// Holidays besides the built-in ones.
    public let holidays: Set<CalendarDate>
    /// Days worked though the rules would give them off.
    public let workingDays: Set<CalendarDate>
    /// Requests received from this time on (minutes after midnight, Vietnam time) count from the next working day.
    public static let cutoff = 15 * 60

    public init(holidays: Set<CalendarDate> = [], workingDays: Set<CalendarDate> = []) {
        self.holidays = holidays
        self.workingDays = workingDays
    }

    /// `EDUVN_HOLIDAYS` and `EDUVN_WORKING_DAYS`: ISO dates separated by commas or spaces.
    public init(parsing holidays: String, workingDays: String = "") throws(EduError) {
        self.init(holidays: try Self.dates(holidays, "EDUVN_HOLIDAYS"), workingDays: try Self.dates(workingDays, "EDUVN_WORKING_DAYS"))
    }

    private static func dates(_ text: String, _ variable: String) throws(EduError) -> Set<CalendarDate> {
        var days: Set<CalendarDate> = []
        for word in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let day = CalendarDate(iso: String(word)) else {
                throw EduError("config.holidays", vi: "\(variable) gồm các ngày YYYY-MM-DD, không phải \"\(word)\"",
                               en: "\(variable) lists YYYY-MM-DD dates, not \"\(word)\"")
            }
            days.insert(day)
        }
        return days
    }

    /// The built-in public holidays of a year, a weekend's moved to the next working day.
    public static func statutoryHolidays(_ year: Int) -> Set<CalendarDate> {
        var holidays = [[1, 1], [4, 30], [5, 1], [9, 2]].compactMap { CalendarDate(year: year, month: $0[0], day: $0[1]) }
        if let tet = LunarCalendar.newYear(year) { holidays += (-1...3).compactMap { tet.adding(days: $0) } }
        if let gioTo = LunarCalendar.solar(day: 10, month: 3, year: year) { holidays.append(gioTo) }
        var days = Set(holidays)
        for day in holidays.sorted() where isWeekend(day) {
            var next = day.adding(days: 1)!
            while isWeekend(next) || days.contains(next) { next = next.adding(days: 1)! }
            days.insert(next)
        }
        return days
    }

    private static func isWeekend(_ day: CalendarDate) -> Bool {
        day.weekday == 0 || day.weekday == 6
    }

    public func isWorkingDay(_ day: CalendarDate) -> Bool {
        if workingDays.contains(day) { return true }
        return !Self.isWeekend(day) && !holidays.contains(day) && !Self.statutoryHolidays(day.year).contains(day)
    }

    /// The first working day after `day`.
    public func nextWorkingDay(after day: CalendarDate) -> CalendarDate {
        var next = day.adding(days: 1)!
        while !isWorkingDay(next) { next = next.adding(days: 1)! }
        return next
    }

    /// The day a request received at `time` must be answered by: that day when it is a working day and the request came
    /// before 15:00, otherwise the next working day.
    public func deadline(receivedAt time: Date) -> CalendarDate {
        let received = CalendarDate.inVietnam(time)
        return isWorkingDay(received.day) && received.minutes < Self.cutoff ? received.day : nextWorkingDay(after: received.day)
    }
}
