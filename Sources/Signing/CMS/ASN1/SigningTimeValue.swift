import Foundation
import SwiftASN1

/// The signing-time attribute value (RFC 5652 §11.3): UTCTime for the years 1950 to 2049,
/// GeneralizedTime otherwise, whole seconds in UTC.
enum SigningTimeValue {
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    static func encode(_ date: Date) throws -> ASN1Any {
        let field = { (component: Calendar.Component) in utcCalendar.component(component, from: date) }
        let (year, month, day) = (field(.year), field(.month), field(.day))
        let (hours, minutes, seconds) = (field(.hour), field(.minute), field(.second))
        if (1950..<2050).contains(year) {
            return try ASN1Any(erasing: UTCTime(year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds))
        }
        return try ASN1Any(erasing: GeneralizedTime(
            year: year, month: month, day: day, hours: hours, minutes: minutes, seconds: seconds, fractionalSeconds: 0))
    }

    static func decode(_ value: ASN1Any) throws -> Date {
        let parts: DateComponents
        if let time = try? UTCTime(asn1Any: value) {
            parts = DateComponents(year: time.year, month: time.month, day: time.day,
                                   hour: time.hours, minute: time.minutes, second: time.seconds)
        } else {
            let time = try GeneralizedTime(asn1Any: value)
            parts = DateComponents(year: time.year, month: time.month, day: time.day,
                                   hour: time.hours, minute: time.minutes, second: time.seconds)
        }
        guard let date = utcCalendar.date(from: parts) else {
            throw ASN1Error.invalidASN1Object(reason: "signing-time is not a calendar date")
        }
        return date
    }
}
