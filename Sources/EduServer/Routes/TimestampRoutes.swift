import Foundation
import Signing
import Vapor

/// The built-in DEMO time-stamp authority (RFC 3161 over HTTP, §3.4): `POST /tsa` with an
/// `application/timestamp-query` body answers `application/timestamp-reply`. For development and
/// tests; production signs with the time-stamp authority of a licensed CA.
struct TimestampRoutes: RouteCollection {
    /// A time-stamp request is a few hundred bytes.
    static let maxRequest: ByteCount = "16kb"

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.POST, "tsa", body: .collect(maxSize: Self.maxRequest), use: timestamp)
    }

    func timestamp(req: Request) async throws -> Response {
        guard let authority = try await req.context.signers.demoTimestampAuthority() else {
            throw Abort(.notFound, reason: "No demo time-stamp authority: run eduvn pki init-demo")
        }
        let query = req.body.data.map { Array($0.readableBytesView) } ?? []
        let reply = await authority.respond(to: query, at: Date())
        return Response(status: .ok, headers: ["Content-Type": "application/timestamp-reply"], body: .init(data: Data(reply)))
    }
}
