import Foundation

/// The index file of `openssl ca` and `openssl ocsp`, which tests write to play another CA.
public enum OpenSSLIndex {
    /// A date as the index writes it: UTCTime, YYMMDDHHMMSSZ.
    public static func time(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%02d%02d%02d%02d%02d%02dZ", parts.year! % 100, parts.month!, parts.day!,
                      parts.hour!, parts.minute!, parts.second!)
    }
}
