import Credentials
import Vapor

/// `GET /credentials/status/N`: the revocation status list a credential's `credentialStatus` points to, signed by the
/// seal that issues credentials (`application/vc+jwt`), made afresh on each request so a revocation shows at once.
struct CredentialStatusRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("credentials", "status", ":list", use: statusList)
    }

    func statusList(req: Request) async throws -> Response {
        guard let list = req.parameters.get("list", as: Int.self), list >= 0 else { throw Abort(.notFound) }
        let store = RegisterStore(req.context.database.sql, cipher: req.context.cipher)
        guard let seal = try await store.issuingSeal() else { throw Abort(.notFound) }
        let baseURL = req.context.publicURL
        let document = try VerifiableCredential.statusList(
            number: list, revokedEntries: try await store.revokedEntryIDs(),
            issuerID: VerifiableCredential.issuerID(seal: seal, baseURL: baseURL), baseURL: baseURL)
        let jws = try await req.context.signers.signer(named: seal).jwsSigner().sign(document, type: VerifiableCredential.mediaType)
        return Response(status: .ok, headers: ["Content-Type": "application/vc+jwt", "Cache-Control": "no-cache"],
                        body: .init(string: try jws.compactSerialization()))
    }
}
