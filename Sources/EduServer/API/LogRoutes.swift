import EduCore
import Signing
import Vapor

/// The transparency log, public like any such log (`/api/v1/log/...`): the latest signed checkpoint and
/// its key, entries, and inclusion and consistency proofs a client checks against checkpoints it holds.
struct LogRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let log = routes.grouped("api", "v1", "log")
        log.get("checkpoint", use: checkpoint)
        log.get("entries", ":index", use: entry)
        log.get("proofs", "inclusion", use: inclusion)
        log.get("proofs", "consistency", use: consistency)
    }

    func checkpoint(req: Request) async throws -> DTO.LogCheckpoint {
        let log = req.transparencyLog
        guard let checkpoint = try await log.latestCheckpoint(), let key = try await log.verifierKey() else {
            throw Abort(.notFound, reason: "The transparency log is empty")
        }
        return DTO.LogCheckpoint(checkpoint: checkpoint, key: key)
    }

    func entry(req: Request) async throws -> DTO.LogEntry {
        guard let index = req.parameters.get("index", as: UInt64.self) else { throw Abort(.badRequest, reason: "index must be a whole number") }
        guard let entry = try await req.transparencyLog.entry(at: index) else { throw Abort(.notFound) }
        return DTO.LogEntry(index: index, entry: entry, leafHash: MerkleHashing.leafHash(Array(entry.utf8)).base64)
    }

    func inclusion(req: Request) async throws -> Response {
        try await proof(req) { try await req.transparencyLog.inclusionProof(leafIndex: try req.number("index"), treeSize: try req.number("size")) }
    }

    func consistency(req: Request) async throws -> Response {
        try await proof(req) { try await req.transparencyLog.consistencyProof(from: try req.number("from"), to: try req.number("to")) }
    }

    /// A proof, or 422 with the reason when the sizes or index do not fit the log.
    private func proof(_ req: Request, _ make: () async throws -> some Content) async throws -> Response {
        do {
            return try await make().encodeResponse(for: req)
        } catch let error as EduError {
            return try await DTO.Problem(error).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}

extension Request {
    fileprivate var transparencyLog: TransparencyLog { TransparencyLog(context.database.sql, cipher: context.cipher) }

    fileprivate func number(_ name: String) throws -> UInt64 {
        guard let value = query[UInt64.self, at: name] else { throw Abort(.badRequest, reason: "\(name) must be a whole number") }
        return value
    }
}
