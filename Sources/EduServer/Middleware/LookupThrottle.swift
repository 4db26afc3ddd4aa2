import Foundation
import NIOConcurrencyHelpers

/// Token buckets for public lookups: one per client (a short burst, then a steady trickle) and one for everyone
/// together, so one client cannot flood the register and all clients together cannot exceed what the server is sized
/// for. In memory, per instance: with several instances each enforces its own share (docs/credentials.md).
final class LookupThrottle: Sendable {
    struct Limits: Sendable {
        var perClientBurst = 20.0
        var perClientPerSecond = 20.0 / 60
        var overallBurst = 2000.0
        var overallPerSecond = 1000.0
    }

    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct State {
        var clients: [String: Bucket] = [:]
        var overall: Bucket
    }

    private let limits: Limits
    private let state: NIOLockedValueBox<State>
    private static let maximumClients = 200_000

    init(limits: Limits = Limits()) {
        self.limits = limits
        state = NIOLockedValueBox(State(overall: Bucket(tokens: limits.overallBurst, updated: Self.now())))
    }

    /// Takes a token for `client`; nil when allowed, else the seconds to wait.
    func admit(_ client: String) -> Int? {
        let now = Self.now(), key = client.isEmpty ? "?" : client
        return state.withLockedValue { state in
            if state.clients.count > Self.maximumClients {
                // Forget clients whose buckets have refilled: they lose nothing by being forgotten.
                state.clients = state.clients.filter { self.refilled($0.value, now: now, burst: self.limits.perClientBurst,
                                                                     rate: self.limits.perClientPerSecond) < self.limits.perClientBurst }
            }
            var bucket = state.clients[key] ?? Bucket(tokens: limits.perClientBurst, updated: now)
            bucket.tokens = refilled(bucket, now: now, burst: limits.perClientBurst, rate: limits.perClientPerSecond)
            bucket.updated = now
            state.overall.tokens = refilled(state.overall, now: now, burst: limits.overallBurst, rate: limits.overallPerSecond)
            state.overall.updated = now
            defer { state.clients[key] = bucket }
            guard bucket.tokens >= 1 else { return Int(((1 - bucket.tokens) / limits.perClientPerSecond).rounded(.up)) }
            guard state.overall.tokens >= 1 else { return 1 }
            bucket.tokens -= 1
            state.overall.tokens -= 1
            return nil
        }
    }

    /// Takes a token from the overall bucket only (a client with its own quota); nil when allowed, else seconds to wait.
    func admitOverall() -> Int? {
        let now = Self.now()
        return state.withLockedValue { state in
            state.overall.tokens = refilled(state.overall, now: now, burst: limits.overallBurst, rate: limits.overallPerSecond)
            state.overall.updated = now
            guard state.overall.tokens >= 1 else { return 1 }
            state.overall.tokens -= 1
            return nil
        }
    }

    private func refilled(_ bucket: Bucket, now: Double, burst: Double, rate: Double) -> Double {
        min(burst, bucket.tokens + (now - bucket.updated) * rate)
    }

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
