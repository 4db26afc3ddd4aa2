import Foundation
import Signing
import Vapor

/// The CRLs of our own CAs (RFC 5280 §5), where their certificates' CRL distribution points say: `GET /crl/NAME.crl`,
/// DER, `application/pkix-crl` (RFC 5280 §4.2.1.13 and RFC 2585). Public: a CRL holds no personal data beyond the
/// serial numbers, and every relying party must be able to read it.
struct RevocationRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("crl", ":file", use: crl)
    }

    func crl(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".crl"),
              let der = try await RevocationStore(req.context.database.sql, cipher: req.context.cipher)
                .currentCRL(authorityNamed: String(file.dropLast(4)))
        else { throw Abort(.notFound) }
        // Kept by caches for a few minutes only: a revocation should reach relying parties soon.
        return Response(status: .ok, headers: ["Content-Type": "application/pkix-crl", "Cache-Control": "public, max-age=300"],
                        body: .init(data: Data(der)))
    }
}
