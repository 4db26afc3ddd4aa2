import Foundation

/// The Vietnamese lunisolar calendar (âm lịch), for the holidays that follow it (Tết, Giỗ Tổ Hùng Vương). Months begin
/// on the day of the new moon at Hanoi's meridian (UTC+7), the eleventh month holds the winter solstice, and a year of
/// thirteen months repeats the first month without a major solar term. Astronomy after Jean Meeus, "Astronomical
/// Algorithms" (1998), as Hồ Ngọc Đức's widely used converter computes it; UTC+7 is why Vietnam's Tết differs from
/// China's in some years (1985, 2007).
public enum LunarCalendar {
    /// Vietnam's time zone, in hours east of Greenwich.
    static let timeZone = 7.0

    /// The solar date of lunar day `day` of `month` (1–12) in lunar year `year`; `leap`: the repeated month of a
    /// thirteen-month year. Nil when there is no such day (a leap month the year does not have).
    public static func solar(day: Int, month: Int, year: Int, leap: Bool = false) -> CalendarDate? {
        let (a11, b11) = month < 11 ? (lunarMonth11(year - 1), lunarMonth11(year)) : (lunarMonth11(year), lunarMonth11(year + 1))
        let k = Int(floor(0.5 + (Double(a11) - 2_415_021.076998695) / 29.530588853))
        var offset = (month - 11 + 12) % 12
        if b11 - a11 > 365 {
            let leapOffset = leapMonthOffset(a11)
            let leapMonth = (leapOffset - 2 + 12) % 12
            if leap && month != leapMonth { return nil }
            if leap || offset >= leapOffset { offset += 1 }
        } else if leap {
            return nil
        }
        return date(julianDay: newMoonDay(k + offset) + day - 1)
    }

    /// The first day of the lunar year `year` (Tết Nguyên đán); nil only outside the years a `CalendarDate` holds.
    public static func newYear(_ year: Int) -> CalendarDate? {
        solar(day: 1, month: 1, year: year)
    }

    // MARK: astronomy

    /// The day (Julian day number) of the new moon that begins the eleventh month of the lunar year ending in `year`.
    private static func lunarMonth11(_ year: Int) -> Int {
        let offset = Double(julianDay(day: 31, month: 12, year: year)) - 2_415_021
        let k = Int(floor(offset / 29.530588853))
        let newMoon = newMoonDay(k)
        // A new moon after the sun passes 270° (the solstice) begins month 12: month 11 began a lunation earlier.
        return sunLongitudeSector(newMoon) >= 9 ? newMoonDay(k - 1) : newMoon
    }

    /// How many months after month 11 the leap month comes: the first month without a major solar term.
    private static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5))
        var index = 1
        var sector = sunLongitudeSector(newMoonDay(k + index))
        var last: Int
        repeat {
            last = sector
            index += 1
            sector = sunLongitudeSector(newMoonDay(k + index))
        } while sector != last && index < 14
        return index - 1
    }

    /// The day of the `k`-th new moon after 1900-01-01, at UTC+7.
    private static func newMoonDay(_ k: Int) -> Int {
        Int(floor(newMoon(Double(k)) + 0.5 + timeZone / 24))
    }

    /// Which twelfth of the ecliptic (0–11, 30° each) the sun is in at the start of the day, at UTC+7.
    private static func sunLongitudeSector(_ day: Int) -> Int {
        Int(floor(sunLongitude(Double(day) - 0.5 - timeZone / 24) / Double.pi * 6))
    }

    /// The Julian date of the `k`-th new moon after 1900-01-01 (Meeus, chapter 49, shortened).
    private static func newMoon(_ k: Double) -> Double {
        let t = k / 1236.85, t2 = t * t, t3 = t2 * t, dr = Double.pi / 180
        var jd = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 += -0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr) - 0.0004 * sin(dr * 3 * mpr)
        c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr)) - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 += -0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr)) + 0.0010 * sin(dr * (2 * f - mpr))
            + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT = t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd + c1 - deltaT
    }

    /// The sun's apparent longitude in radians, 0 to 2π, at Julian date `jd` (Meeus, chapter 25, low precision).
    private static func sunLongitude(_ jd: Double) -> Double {
        let t = (jd - 2_451_545.0) / 36525, t2 = t * t, dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        let dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m) + (0.019993 - 0.000101 * t) * sin(dr * 2 * m)
            + 0.000290 * sin(dr * 3 * m)
        let l = (l0 + dl) * dr
        return l - Double.pi * 2 * floor(l / (Double.pi * 2))
    }

    // MARK: Julian day numbers (Gregorian calendar)

    static func julianDay(day: Int, month: Int, year: Int) -> Int {
        let a = (14 - month) / 12, y = year + 4800 - a, m = month + 12 * a - 3
        return day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045
    }

    static func date(julianDay jd: Int) -> CalendarDate? {
        let a = jd + 32044, b = (4 * a + 3) / 146_097, c = a - (b * 146_097) / 4
        let d = (4 * c + 3) / 1461, e = c - (1461 * d) / 4, m = (5 * e + 2) / 153
        return CalendarDate(year: b * 100 + d - 4800 + m / 10, month: m + 3 - 12 * (m / 10), day: e - (153 * m + 2) / 5 + 1)
    }
}
