import EduServer
import Testing

@Suite struct TrustedProxiesTests {
    @Test func forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8, 2001:db8::1")
        #expect(TrustedProxies.none.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"]) == "10.0.0.5")
        #expect(proxies.client(peer: "198.51.100.2", forwardedFor: ["203.0.113.7"]) == "198.51.100.2")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: "::ffff:10.1.2.3", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: "2001:db8::1", forwardedFor: ["203.0.113.7"]) == "203.0.113.7")
        #expect(proxies.client(peer: nil, forwardedFor: ["203.0.113.7"]) == "unknown")
    }

    @Test func theChainIsWalkedBackOnlyThroughTrustedHops() throws {
        let proxies = try TrustedProxies(parsing: "10.0.0.0/8")
        // A client that writes its own header cannot hide behind it: the first untrusted hop from the right wins.
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["1.1.1.1, 203.0.113.7", "10.0.0.9"]) == "203.0.113.7")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["10.0.0.8, 10.0.0.9"]) == "10.0.0.8")
        #expect(proxies.client(peer: "10.0.0.5", forwardedFor: ["not-an-address"]) == "10.0.0.5")
    }

    @Test(arguments: ["10.0.0.0/33", "example.org", "10.0.0.1/x", "10.0.0.1, bogus"])
    func badEntriesAreRefused(_ text: String) {
        #expect(throws: (any Error).self) { _ = try TrustedProxies(parsing: text) }
    }
}
