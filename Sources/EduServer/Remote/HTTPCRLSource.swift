import EduCore
import Foundation
import NIOConcurrencyHelpers
import Signing

/// CRLs of other CAs, fetched over HTTP from the distribution points their certificates name (only of chains
/// that reached a trusted root, so the URLs come from trusted CAs, not from whoever uploads a file). Each is kept
/// for `cacheLifetime`, so verifying many documents does not fetch the same CRL again and again; the checker
/// still rejects one that is out of date.
public final class HTTPCRLSource: CRLSource {
    private let fetch: RemoteFetch
    private let cacheLifetime: TimeInterval
    private let cache = NIOLockedValueBox<[String: (fetched: Date, der: [UInt8])]>([:])
    /// Bounds the cache: a certificate set from many CAs must not grow it without end.
    private static let cacheLimit = 256

    public init(timeoutSeconds: Int64 = 10, cacheLifetime: TimeInterval = 300) {
        fetch = RemoteFetch(timeout: .seconds(timeoutSeconds))
        self.cacheLifetime = cacheLifetime
    }

    public func crl(at url: String) async throws(EduError) -> [UInt8] {
        let now = Date()
        if let cached = cache.withLockedValue({ $0[url] }), now.timeIntervalSince(cached.fetched) < cacheLifetime {
            return cached.der
        }
        let der = try await fetch.body(of: url) { .crlUnreachable($0) }
        cache.withLockedValue { cache in
            if cache.count >= Self.cacheLimit { cache.removeAll() }
            cache[url] = (now, der)
        }
        return der
    }
}

extension EduError {
    static func crlUnreachable(_ reason: Bilingual) -> EduError {
        EduError("revocation.unreachable", vi: "Không tải được CRL: \(reason.vi)", en: "The CRL could not be fetched: \(reason.en)")
    }
}
