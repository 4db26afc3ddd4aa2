import Prometheus
import Vapor

/// `/healthz` and `/metrics`: for load balancers and monitoring, no personal data.
struct OperationsRoutes: RouteCollection {
    let registry: PrometheusCollectorRegistry

    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz") { req async -> Response in
            let reachable = (try? await req.context.database.sql.raw("SELECT 1").run()) != nil
            let health = DTO.Health(status: reachable ? "ok" : "degraded", database: reachable ? "ok" : "unreachable")
            let response = (try? await health.encodeResponse(status: reachable ? .ok : .serviceUnavailable, for: req)) ?? Response(status: .internalServerError)
            return response
        }
        routes.get("metrics") { _ -> Response in
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4"], body: .init(data: Data(buffer)))
        }
    }
}
