import EduCore
import Signing

/// A time-stamp authority over HTTP (RFC 3161 §3.4): the request is POSTed as `application/timestamp-query` and
/// the body of the answer is the reply, which ``TimestampVerifier`` checks before it is embedded.
public struct HTTPTimestampClient: TimestampClient {
    public let url: String
    private let fetch: RemoteFetch

    public init(url: String, timeoutSeconds: Int64 = 15) {
        self.url = url
        fetch = RemoteFetch(timeout: .seconds(timeoutSeconds), maxResponse: 1 << 20)
    }

    public func timestamp(_ request: [UInt8]) async throws -> [UInt8] {
        try await fetch.body(of: url, method: .POST, contentType: "application/timestamp-query", body: request) { reason in
            EduError("tsa.unreachable", vi: "Không lấy được dấu thời gian: \(reason.vi)",
                     en: "No time-stamp could be had: \(reason.en)")
        }
    }
}
