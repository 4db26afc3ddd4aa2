import AsyncHTTPClient
import EduCore
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP exchange with another party's service (a CA's CRL server, a time-stamp authority), bounded in time
/// and size so a slow or hostile server cannot hold a request or fill memory. Only `http` and `https` URLs.
struct RemoteFetch: Sendable {
    var timeout: TimeAmount = .seconds(10)
    var maxResponse = 16 << 20

    /// One client for the process, like `HTTPClient.shared`, but a server that refuses the connection fails the
    /// request at once instead of being retried until the timeout: a person is waiting for the signature.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The response body of a 200 answer; anything else throws `unreachable` with what happened.
    func body(of url: String, method: HTTPMethod = .GET, contentType: String? = nil, body: [UInt8]? = nil,
              unreachable: (Bilingual) -> EduError) async throws(EduError) -> [UInt8] {
        let answer = try await exchange(url, method: method, contentType: contentType, body: body, unreachable: unreachable)
        guard answer.status == .ok else {
            throw unreachable(Bilingual(vi: "\(url) trả lời HTTP \(answer.status.code)", en: "\(url) answered HTTP \(answer.status.code)"))
        }
        return answer.body
    }

    /// Any answer, with its status and headers; only a failure to exchange at all throws.
    /// `tls`: for a party that wants to know who asks (mutual TLS), instead of the defaults.
    func exchange(_ url: String, method: HTTPMethod = .GET, contentType: String? = nil, body: [UInt8]? = nil, tls: TLSConfiguration? = nil,
                  bearer: String? = nil, unreachable: (Bilingual) -> EduError) async throws(EduError) -> (status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8]) {
        guard let scheme = URL(string: url)?.scheme?.lowercased(), ["http", "https"].contains(scheme) else {
            throw unreachable(Bilingual(vi: "địa chỉ không phải http(s): \(url)", en: "not an http(s) address: \(url)"))
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let bearer { request.headers.add(name: "Authorization", value: "Bearer \(bearer)") }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        request.tlsConfiguration = tls
        do {
            let response = try await Self.client.execute(request, timeout: timeout)
            return (response.status, response.headers, Array(try await response.body.collect(upTo: maxResponse).readableBytesView))
        } catch {
            throw unreachable(Bilingual(vi: "không kết nối được \(url) (\(error))", en: "cannot reach \(url) (\(error))"))
        }
    }
}
