import Foundation
import SwiftASN1

/// genTime (RFC 3161 §2.4.2): GeneralizedTime in UTC. Written to the millisecond; DER drops the
/// fraction's trailing zeros, and the fraction itself when it is zero.
extension GeneralizedTime {
    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        return calendar
    }()

    init(millisecondsOf date: Date) throws {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1_000).rounded(.down))
        // Floor division, so a date before 1970 still gets a fraction in 0..<1000.
        let fraction = (milliseconds % 1_000 + 1_000) % 1_000
        let second = Date(timeIntervalSince1970: Double((milliseconds - fraction) / 1_000))
        let field = { (component: Calendar.Component) in Self.utcCalendar.component(component, from: second) }
        var digits = [fraction / 100, fraction / 10 % 10, fraction % 10].map { UInt8(ascii: "0") + UInt8($0) }[...]
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        try self.init(year: field(.year), month: field(.month), day: field(.day),
                      hours: field(.hour), minutes: field(.minute), seconds: field(.second), rawFractionalSeconds: digits)
    }

    var date: Date {
        get throws {
            let parts = DateComponents(year: year, month: month, day: day, hour: hours, minute: minutes, second: seconds)
            guard let date = Self.utcCalendar.date(from: parts) else {
                throw ASN1Error.invalidASN1Object(reason: "genTime is not a calendar date")
            }
            return date.addingTimeInterval(fractionalSeconds)
        }
    }
}
