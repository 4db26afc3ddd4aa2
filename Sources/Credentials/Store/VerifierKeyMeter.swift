import Access
import EduCore
import Foundation
import SQLKit
import Synchronization

/// Employers' lookups counted against their keys' daily quotas in memory, and written to the database about once a
/// second, so that a keyed lookup costs one indexed read instead of a committed write.
///
/// A key passes while its count in the database (as of the last write) plus this instance's unwritten lookups stays
/// under its quota, so one instance never lets a key past it; with several instances on one database a key may go
/// over by what the others admitted since their last writes (about a second of its lookups). Keys are read again at
/// each write, so a revoked key stops within about a second of the next lookup; a key not known yet is looked up at
/// once. The write is made by the first lookup after the interval (and by `write()` when the server stops).
public final class VerifierKeyMeter: Sendable {
    public static let interval = 1.0

    fileprivate struct State {
        var day: CalendarDate
        var keys: [String: VerifierKeyStore.ActiveKey] = [:]
        /// In the database for `day`, as of the last write.
        var counted: [Int: Int] = [:]
        /// Admitted here since the last write.
        var unwritten: [Int: Int] = [:]
        var lastWrite = -Double.infinity
        var writing = false
    }

    private let state: Mutex<State>
    private let database: @Sendable () -> any SQLDatabase

    public init(today: CalendarDate = .today, database: @escaping @Sendable () -> any SQLDatabase) {
        state = Mutex(State(day: today))
        self.database = database
    }

    public func admit(secret: String, today: CalendarDate = .today) async throws -> VerifierKeyStore.Admission {
        if state.withLock({ $0.isDue(today: today) }) { try await write(today: today) }
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

    /// Writes the unwritten lookups to their day, and reads the keys and today's counts back.
    public func write(today: CalendarDate = .today) async throws {
        let (unwritten, day) = state.withLock { state in
            defer { state.unwritten = [:] }
            return (state.unwritten, state.day)
        }
        let store = VerifierKeyStore(database())
        do {
            try await store.record(unwritten, on: day)
            let (keys, counts) = (try await store.activeKeys(), try await store.usage(on: today))
            state.withLock { state in
                (state.keys, state.counted, state.day, state.writing) = (keys, counts, today, false)
            }
        } catch {
            state.withLock { state in
                for (id, lookups) in unwritten { state.unwritten[id, default: 0] += lookups }
                state.writing = false
            }
            throw error
        }
    }
}

extension VerifierKeyMeter.State {
    /// Claims the write when one is due: the interval has passed, or the day has changed.
    mutating func isDue(today: CalendarDate) -> Bool {
        let now = Date().timeIntervalSinceReferenceDate
        guard !writing, now - lastWrite >= VerifierKeyMeter.interval || day != today else { return false }
        (writing, lastWrite) = (true, now)
        return true
    }

    /// The key's answer when it is known here; nil when it is not.
    mutating func take(_ digest: String) -> VerifierKeyStore.Admission? {
        guard let key = keys[digest] else { return nil }
        let used = counted[key.id, default: 0] + unwritten[key.id, default: 0]
        guard used < key.dailyQuota else { return .overQuota }
        unwritten[key.id, default: 0] += 1
        return .admitted(keyID: key.id, remaining: key.dailyQuota - used - 1)
    }
}
