@testable import EduServer
import Testing

/// The public lookup's budget: per client, and for everyone together, so many clients cannot exceed what one client
/// may not.
@Suite struct LookupThrottleTests {
    /// Refilling so slowly that nothing refills during a test.
    static let still = 1e-6

    @Test func oneClientGetsItsBurstThenWaits() {
        let throttle = LookupThrottle(limits: .init(perClientBurst: 3, perClientPerSecond: Self.still, overallBurst: 100, overallPerSecond: Self.still))
        #expect((0..<3).map { _ in throttle.admit("203.0.113.7") } == [nil, nil, nil])
        let wait = throttle.admit("203.0.113.7")
        #expect(wait != nil && wait! > 60)
        #expect(throttle.admit("198.51.100.2") == nil, "another client has its own bucket")
    }

    @Test func allClientsTogetherShareTheOverallBudget() {
        let throttle = LookupThrottle(limits: .init(perClientBurst: 20, perClientPerSecond: Self.still, overallBurst: 5, overallPerSecond: Self.still))
        #expect((1...5).map { throttle.admit("192.0.2.\($0)") } == [nil, nil, nil, nil, nil])
        #expect(throttle.admit("192.0.2.6") == 1, "a fresh client is refused once everyone together spent the budget")
        #expect(throttle.admitOverall() == 1, "clients with their own quota draw on the same budget")
        let keyed = LookupThrottle(limits: .init(perClientBurst: 20, perClientPerSecond: Self.still, overallBurst: 2, overallPerSecond: Self.still))
        #expect([keyed.admitOverall(), keyed.admitOverall(), keyed.admitOverall()] == [nil, nil, 1])
        #expect(keyed.admit("192.0.2.1") == 1)
    }
}
