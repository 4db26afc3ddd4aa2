import EduCore
import Foundation

/// A job a server starts once a day, from a local hour on (Vietnam, UTC+7): the register's reconciliation, the
/// quality rules' run.
public struct NightlySchedule: Sendable, Equatable {
    /// The local hour (0–23) from which the night's run may start.
    public let hour: Int

    public init(hour: Int) {
        self.hour = hour
    }

    /// `EDUVN_QUALITY_HOUR`: the hour of the nightly quality run (default 3), or `off` for none.
    public static func quality(environment: [String: String]) throws(EduError) -> NightlySchedule? {
        guard let text = environment["EDUVN_QUALITY_HOUR"], !text.isEmpty else { return NightlySchedule(hour: 3) }
        if text.lowercased() == "off" { return nil }
        guard let hour = Int(text), (0...23).contains(hour) else {
            throw EduError("config.number", vi: "EDUVN_QUALITY_HOUR phải là giờ từ 0 đến 23 hoặc off, không phải \"\(text)\"",
                           en: "EDUVN_QUALITY_HOUR must be an hour from 0 to 23 or off, not \"\(text)\"")
        }
        return NightlySchedule(hour: hour)
    }

    /// The local day (`YYYY-MM-DD`) whose run is due at `date`, or nil before the hour.
    public func dueDay(at date: Date) -> String? {
        let now = CalendarDate.inVietnam(date)
        return now.minutes >= hour * 60 ? now.day.iso : nil
    }
}
