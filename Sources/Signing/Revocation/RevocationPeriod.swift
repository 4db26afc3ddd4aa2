import Foundation

/// The period revocation data speaks for: from when it was issued (thisUpdate) until the next is due (nextUpdate).
struct RevocationPeriod: Sendable, Hashable {
    /// Data issued a moment ago by a server whose clock runs a little ahead is still taken as issued: the same five
    /// minutes that the demo certificates allow for.
    static let clockTolerance: TimeInterval = 300

    let thisUpdate: Date
    /// When the next data is due. Without it, a CRL is never current (RFC 5280 §5.1.2.5 requires it), and an OCSP
    /// answer speaks only for `maximumAge` after it was made (RFC 5019 §4).
    let nextUpdate: Date?
    let maximumAge: TimeInterval?

    /// Until when the data may be used.
    var end: Date? {
        nextUpdate ?? maximumAge.map(thisUpdate.addingTimeInterval)
    }

    /// Whether the data speaks for `time`: issued by then and not yet due to be replaced (RFC 5280 §6.3.3 a).
    func covers(_ time: Date) -> Bool {
        guard let end else { return false }
        return thisUpdate <= time.addingTimeInterval(Self.clockTolerance) && time < end
    }
}
