import EduCore
import Foundation
import NIOCore
import NIOHTTP1
import Quality

/// The population register over HTTP: `POST {base}/v1/persons/verify` with `{"persons": [...]}`, answered with
/// `{"results": [...]}` in the same order (the interface `eduvn population-sim serve` plays). 429 means wait
/// (`Retry-After`), a server error or no answer means try later, anything unreadable is reported as such. Over HTTPS
/// with `tls`, the platform shows its certificate (mutual TLS).
public struct HTTPPopulationRegister: PopulationRegister {
    public let baseURL: String
    public let batchLimit: Int
    let tls: RegisterTLS?
    /// How long an answer may take before the register counts as unavailable for this batch.
    let timeout: TimeAmount

    public init(baseURL: String, batchLimit: Int = 100, tls: RegisterTLS? = nil, timeout: TimeAmount = .seconds(10)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.batchLimit = batchLimit
        self.tls = tls
        self.timeout = timeout
    }

    /// The register the nightly reconciliation is configured with (`EDUVN_REGISTER_URL` and its client identity).
    public init(_ configuration: NightlyReconciliation, timeout: TimeAmount = .seconds(10)) throws {
        let tls = try configuration.clientIdentity.map {
            try RegisterTLS(pkcs12: $0.file, passphrase: $0.passphrase, trustRoots: configuration.trustRoots)
        }
        self.init(baseURL: configuration.registerURL, tls: tls, timeout: timeout)
    }

    struct Request: Codable { let persons: [RegisterQuery] }
    struct Answer: Codable { let results: [RegisterVerdict] }

    public func verify(_ batch: [RegisterQuery]) async throws -> [RegisterVerdict] {
        let body = Array(try JSONEncoder().encode(Request(persons: batch)))
        let answer: (status: HTTPResponseStatus, headers: HTTPHeaders, body: [UInt8])
        do {
            answer = try await RemoteFetch(timeout: timeout).exchange(
                baseURL + "/v1/persons/verify", method: .POST, contentType: "application/json", body: body, tls: tls?.configuration,
                unreachable: { EduError("register.unreachable", vi: $0.vi, en: $0.en) })
        } catch {
            throw RegisterFailure.unavailable(error.message.en)
        }
        switch answer.status {
        case .ok:
            guard let decoded = try? JSONDecoder().decode(Answer.self, from: Data(answer.body)) else {
                throw RegisterFailure.malformed("an unreadable answer")
            }
            return decoded.results
        case .tooManyRequests:
            throw RegisterFailure.rateLimited(retryAfter: answer.headers.first(name: "Retry-After").flatMap(Double.init) ?? 1)
        default:
            throw RegisterFailure.unavailable("HTTP \(answer.status.code)")
        }
    }
}
