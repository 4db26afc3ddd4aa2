import EduCore
import Foundation

/// The reverse proxies allowed to name the client in `X-Forwarded-For` (`EDUVN_TRUSTED_PROXIES`:
/// addresses or CIDR ranges, comma-separated). The header is believed only from them: from anyone
/// else it is a string the caller wrote, and taking it would let one client pose as many and slip
/// past the per-address login throttle. Behind a proxy that is not listed, every request seems to
/// come from the proxy, so the throttle counts all clients together: list the proxy.
public struct TrustedProxies: Sendable {
    private let ranges: [AddressRange]

    public static let none = TrustedProxies(ranges: [])

    private init(ranges: [AddressRange]) {
        self.ranges = ranges
    }

    public init(parsing text: String) throws {
        ranges = try text.split(separator: ",").map { item in
            let entry = item.trimmingCharacters(in: .whitespaces)
            guard let range = AddressRange(entry) else {
                throw EduError("config.trusted_proxies", vi: "EDUVN_TRUSTED_PROXIES: \"\(entry)\" không phải địa chỉ IP hoặc dải CIDR",
                               en: "EDUVN_TRUSTED_PROXIES: \"\(entry)\" is not an IP address or CIDR range")
            }
            return range
        }
    }

    /// The client's address: walking the forwarding chain back from the peer, the first hop that is
    /// not a trusted proxy.
    public func client(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        var client = peer
        var hops = forwardedFor.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        while isTrusted(client), let previous = hops.popLast() {
            guard AddressRange.bytes(previous) != nil else { break }  // a malformed hop ends what can be believed
            client = previous
        }
        return client
    }

    private func isTrusted(_ address: String) -> Bool {
        guard let bytes = AddressRange.bytes(address) else { return false }
        return ranges.contains { $0.contains(bytes) }
    }
}

/// An IPv4 or IPv6 address with a prefix length; IPv4-mapped IPv6 addresses count as IPv4.
struct AddressRange: Sendable {
    let network: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1).map(String.init)
        guard let network = Self.bytes(parts[0]) else { return nil }
        let prefix = parts.count == 2 ? Int(parts[1]) : network.count * 8
        guard let prefix, (0...network.count * 8).contains(prefix) else { return nil }
        self.network = network
        self.prefix = prefix
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == network.count else { return false }
        for bit in 0..<prefix where (address[bit / 8] ^ network[bit / 8]) & (0x80 >> UInt8(bit % 8)) != 0 { return false }
        return true
    }

    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xFF, 0xFF]
        return bytes.starts(with: mappedPrefix) ? Array(bytes.suffix(4)) : bytes
    }
}
