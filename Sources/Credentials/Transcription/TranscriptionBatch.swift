import EduCore

/// Whoever types or settles a batch: an account's stable key (`Principal.ownerKey`) and the name shown for it.
public struct Transcriber: Sendable, Hashable {
    public let key: String
    public let name: String

    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }
}

/// A register page (or a few) to digitise by double entry: typed by two operators on their own, settled by a third.
public struct TranscriptionBatch: Sendable, Hashable {
    public enum Status: String, Sendable { case open, settled }

    public let id: Int
    public let label: String
    /// The body whose register the page belongs to: the entries' issuer.
    public let issuer: String
    public let pageScan: PageScanReference?
    public let status: Status
    /// In the order they handed in their transcriptions; two at most.
    public let transcribers: [Transcriber]
    public let createdAt: String
    public let createdBy: String
    public let settledBy: String?

    /// Both transcriptions are in: their differences can be settled.
    public var isCompared: Bool { transcribers.count == 2 }

    /// May `person` hand in a transcription now?
    public func awaitsTranscription(from person: Transcriber) -> Bool {
        status == .open && transcribers.count < 2 && !transcribers.contains { $0.key == person.key }
    }

    /// May `person` settle the differences: neither of the two who typed the page.
    public func maySettle(_ person: Transcriber) -> Bool {
        status == .open && isCompared && !transcribers.contains { $0.key == person.key }
    }
}

/// The two transcriptions side by side, and what the third person has settled so far.
public struct TranscriptionComparison: Sendable {
    public let pairs: [DoubleEntry.Pair]
    /// Pair key → field → the settled value.
    public let resolutions: [String: [String: String]]

    public func settled(_ pair: DoubleEntry.Pair) -> DoubleEntry.Settled {
        DoubleEntry.settled(pair, resolutions: resolutions[pair.key] ?? [:])
    }

    /// Lines still waiting for the third person.
    public var unresolved: Int { pairs.filter { settled($0) == .unresolved }.count }
}
