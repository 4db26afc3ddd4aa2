import EduCore
import Foundation
import NIOConcurrencyHelpers
import NIOSSL
import Quality
import Vapor

/// `eduvn population-sim serve`: a separate process that plays the population register for tests and training —
/// `POST /v1/persons/verify` over its own dataset, with configurable latency, a rate limit (429 with Retry-After),
/// and faults: every Nth request a 429, a server error, garbage, no answer until the client gives up, or the connection
/// dropped halfway through the answer.
public struct PopulationSimulator: Sendable {
    public struct Behaviour: Sendable {
        public var latency: Double = 0
        /// Requests per second; 0 for none.
        public var ratePerSecond: Double = 0
        public var batchLimit = 100
        /// Every Nth request answers HTTP 500 (0: never).
        public var errorEvery = 0
        /// Every Nth request answers 429 with Retry-After 1, whatever the rate (a register that sheds load).
        public var limitEvery = 0
        /// Every Nth request answers text that is not JSON.
        public var garbageEvery = 0
        /// Every Nth request does not answer for this long (a timeout on the client's side).
        public var hangEvery = 0
        public var hangSeconds: Double = 15
        /// Every Nth request starts its answer and drops the connection in the middle of it.
        public var dropEvery = 0

        public init() {}
    }

    let dataset: RegisterDataset
    let behaviour: Behaviour
    private let requests = NIOLockedValueBox(0)
    private let throttle: LookupThrottle?

    public init(dataset: RegisterDataset, behaviour: Behaviour) {
        self.dataset = dataset
        self.behaviour = behaviour
        throttle = behaviour.ratePerSecond > 0
            ? LookupThrottle(limits: .init(perClientBurst: behaviour.ratePerSecond, perClientPerSecond: behaviour.ratePerSecond,
                                           overallBurst: behaviour.ratePerSecond, overallPerSecond: behaviour.ratePerSecond))
            : nil
    }

    /// Serves until the process is stopped; with `tls`, over HTTPS (`serverTLS`).
    public func serve(host: String, port: Int, tls: TLSConfiguration? = nil) async throws {
        var environment = Environment.production
        environment.arguments = ["eduvn", "serve", "--hostname", host, "--port", String(port)]
        let app = try await Application.make(environment)
        app.http.server.configuration.tlsConfiguration = tls
        configure(app)
        do {
            try await app.execute()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    /// HTTPS as the real register will speak it: the server's certificate and key (PEM), and only clients whose
    /// certificate chains to `clientCA` (PEM) are answered; the others fail the handshake.
    public static func serverTLS(certificate: String, key: String, clientCA: String) throws(EduError) -> TLSConfiguration {
        do {
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: key, format: .pem)))
            configuration.certificateVerification = .noHostnameVerification
            configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(clientCA))
            return configuration
        } catch {
            throw EduError("simulator.tls", vi: "Không đọc được chứng thư, khoá hoặc CA của máy chủ giả lập (\(error))",
                           en: "Cannot read the simulator's certificate, key or client CA (\(error))")
        }
    }

    public func configure(_ app: Application) {
        app.routes.defaultMaxBodySize = "4mb"
        app.post("v1", "persons", "verify") { req async throws -> Response in try await verify(req) }
    }

    private func verify(_ req: Request) async throws -> Response {
        if let wait = throttle?.admit("all") {
            return Response(status: .tooManyRequests, headers: ["Retry-After": String(wait)])
        }
        let number = requests.withLockedValue { $0 += 1; return $0 }
        if behaviour.latency > 0 { try await Task.sleep(for: .seconds(behaviour.latency)) }
        if Self.due(number, every: behaviour.hangEvery) { try await Task.sleep(for: .seconds(behaviour.hangSeconds)) }
        if Self.due(number, every: behaviour.limitEvery) { return Response(status: .tooManyRequests, headers: ["Retry-After": "1"]) }
        if Self.due(number, every: behaviour.errorEvery) { return Response(status: .internalServerError) }
        if Self.due(number, every: behaviour.garbageEvery) { return Response(status: .ok, body: "<html>maintenance</html>") }
        if Self.due(number, every: behaviour.dropEvery) { return Self.dropped }
        let batch = try req.content.decode(HTTPPopulationRegister.Request.self).persons
        guard batch.count <= behaviour.batchLimit else { throw Abort(.payloadTooLarge) }
        let body = try JSONEncoder().encode(HTTPPopulationRegister.Answer(results: dataset.verdicts(batch)))
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: body))
    }

    /// The head of an answer, then an error in the body stream: the server closes the connection mid-answer.
    private static var dropped: Response {
        Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(asyncStream: { writer in
            try await writer.write(.buffer(ByteBuffer(string: #"{"results": [{"status": "#)))
            try await writer.write(.error(Abort(.internalServerError, reason: "connection dropped by the simulator")))
        }))
    }

    private static func due(_ number: Int, every: Int) -> Bool {
        every > 0 && number % every == 0
    }
}
