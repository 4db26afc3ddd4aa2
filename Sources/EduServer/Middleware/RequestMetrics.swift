import Metrics
import Vapor

/// Counts requests and their durations by route and status for `/metrics`, and writes each to the log.
/// The route pattern is used, never the path, so no identifier ends up in a label or a log line.
struct RequestMetricsMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
            let dimensions = [("method", request.method.rawValue), ("route", route), ("status", String(status))]
            Counter(label: "eduvn_http_requests_total", dimensions: dimensions).increment()
            Timer(label: "eduvn_http_request_duration_seconds", dimensions: [("route", route)])
                .recordInterval(since: start)
            let elapsed = ContinuousClock.now - start
            request.logger.info("request", metadata: [
                "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
                "ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
            ])
        }
        do {
            let response = try await next.respond(to: request)
            status = Int(response.status.code)
            return response
        } catch let error as any AbortError {
            status = Int(error.status.code)
            throw error
        }
    }
}

extension Timer {
    func recordInterval(since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        recordNanoseconds(elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000)
    }
}
