import EduCore
import Foundation

/// Working days for the certified-copy deadline (Nghị định 23/2015: the same working day, or the next one when the
/// request arrives after 15:00). Monday to Friday, less public holidays: the fixed-date ones of the Labour Code (1/1,
/// 30/4, 1/5, 2/9) are built in; Tết and Giỗ Tổ Hùng Vương follow the lunar calendar, and the second National Day
/// holiday and compensatory days are set each year, so those are configured (`EDUVN_HOLIDAYS`).
public struct WorkingCalendar: Sendable, Equatable {
    /// Holidays besides the fixed-date ones.
    public let holidays: Set<CalendarDate>
    /// Requests received from this time on (minutes after midnight, Vietnam time) count from the next working day.
    public static let cutoff = 15 * 60

    public init(holidays: Set<CalendarDate> = []) {
        self.holidays = holidays
    }

    /// `EDUVN_HOLIDAYS`: ISO dates separated by commas or spaces.
    public init(parsing text: String) throws(EduError) {
        var days: Set<CalendarDate> = []
        for word in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
            guard let day = CalendarDate(iso: String(word)) else {
                throw EduError("config.holidays", vi: "EDUVN_HOLIDAYS gồm các ngày YYYY-MM-DD, không phải \"\(word)\"",
                               en: "EDUVN_HOLIDAYS lists YYYY-MM-DD dates, not \"\(word)\"")
            }
            days.insert(day)
        }
        self.init(holidays: days)
    }

    private static let fixed: Set<[Int]> = [[1, 1], [4, 30], [5, 1], [9, 2]]

    public func isWorkingDay(_ day: CalendarDate) -> Bool {
        !(day.weekday == 0 || day.weekday == 6) && !Self.fixed.contains([day.month, day.day]) && !holidays.contains(day)
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
