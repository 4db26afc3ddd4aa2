import Access
import EduCore
import Foundation
import SQLKit
import Synchronization

/// Employers' lookups counted against their keys' daily quotas in memory, and written to the database about once a
/// second, so that a keyed lookup costs one indexed read instead of a committed write.
///
/// A key passes while its count in the database (as of the last write) plus this instance's lookups not yet written
/// (or being written) stays under its quota, so one instance never lets a key past it. With several instances on one
/// database a key may go over by what the others admitted since their last writes. Keys are read again at each write,
/// so a revoked key stops within about a second; a key not known yet is looked up at once. Writes come from the first
/// lookup after the interval and from `writeIfNeeded()` (the server calls it every second); one runs at a time.
/// Lookups admitted in the last second before a crash are not counted.
public final class VerifierKeyMeter: Sendable {
    public static let interval = Duration.seconds(1)

    fileprivate struct State {
        var day: CalendarDate
        var keys: [String: VerifierKeyStore.ActiveKey] = [:]
        /// In the database for `day`, as of the last write.
        var counted: [Int: Int] = [:]
        /// Admitted here and not yet written.
        var unwritten: [Int: Int] = [:]
        /// Taken from `unwritten` by the write under way.
        var writing: [Int: Int]?
        var lastWrite: ContinuousClock.Instant?
    }

    private let state: Mutex<State>
    private let database: @Sendable () -> any SQLDatabase

    public init(today: CalendarDate = .today, database: @escaping @Sendable () -> any SQLDatabase) {
        state = Mutex(State(day: today))
        self.database = database
    }

    public func admit(secret: String, today: CalendarDate = .today) async throws -> VerifierKeyStore.Admission {
        if let batch = state.withLock({ $0.claimWrite(today: today, onlyWhenDue: true) }) { try await write(batch, today: today) }
        let digest = Secret.digest(secret)
        if let answer = state.withLock({ $0.take(digest) }) { return answer }
        // A key made since the last write, or no key at all.
        let store = VerifierKeyStore(database())
        guard let key = try await store.activeKey(digest: digest) else { return .unknown }
        let used = try await store.usage(on: today)[key.id] ?? 0
        return state.withLock { state in
            if state.keys[digest] == nil {
                state.keys[digest] = key
                state.counted[key.id] = max(state.counted[key.id] ?? 0, used)
            }
            return state.take(digest)!
        }
    }

    /// Writes what is unwritten and reads the keys and today's counts back, waiting for a write under way to end first
    /// (after a revocation, the keys read are the ones after it).
    public func write(today: CalendarDate = .today) async throws {
        while true {
            if let batch = state.withLock({ $0.claimWrite(today: today, onlyWhenDue: false) }) { return try await write(batch, today: today) }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// A write if lookups are waiting for one and none is under way: for the server's timer, so that an instance that
    /// stops getting lookups still writes what it admitted.
    public func writeIfNeeded(today: CalendarDate = .today) async throws {
        guard let batch = state.withLock({ $0.unwritten.isEmpty ? nil : $0.claimWrite(today: today, onlyWhenDue: true) }) else { return }
        try await write(batch, today: today)
    }

    private func write(_ batch: (counts: [Int: Int], day: CalendarDate), today: CalendarDate) async throws {
        let store = VerifierKeyStore(database())
        do {
            try await store.record(batch.counts, on: batch.day)
        } catch {
            state.withLock { state in
                for (id, lookups) in batch.counts { state.unwritten[id, default: 0] += lookups }
                state.writing = nil
            }
            throw error
        }
        do {
            let (keys, counts) = (try await store.activeKeys(), try await store.usage(on: today))
            state.withLock { state in
                (state.keys, state.counted, state.day, state.writing) = (keys, counts, today, nil)
            }
        } catch {
            // Written, but not read back: what was written still counts here.
            state.withLock { state in
                if batch.day == state.day { for (id, lookups) in batch.counts { state.counted[id, default: 0] += lookups } }
                state.writing = nil
            }
            throw error
        }
    }
}

extension VerifierKeyMeter.State {
    /// Takes the unwritten counts for a write, unless one is under way (or, `onlyWhenDue`, the interval has not passed
    /// and the day is the same): they go on counting against the quota while they are written.
    mutating func claimWrite(today: CalendarDate, onlyWhenDue: Bool) -> (counts: [Int: Int], day: CalendarDate)? {
        let now = ContinuousClock.now
        guard writing == nil else { return nil }
        if onlyWhenDue, day == today, let lastWrite, now - lastWrite < VerifierKeyMeter.interval { return nil }
        (writing, unwritten, lastWrite) = (unwritten, [:], now)
        return (writing!, day)
    }

    /// The key's answer when it is known here; nil when it is not.
    mutating func take(_ digest: String) -> VerifierKeyStore.Admission? {
        guard let key = keys[digest] else { return nil }
        let used = counted[key.id, default: 0] + unwritten[key.id, default: 0] + (writing?[key.id] ?? 0)
        guard used < key.dailyQuota else { return .overQuota }
        unwritten[key.id, default: 0] += 1
        return .admitted(keyID: key.id, remaining: key.dailyQuota - used - 1)
    }
}
