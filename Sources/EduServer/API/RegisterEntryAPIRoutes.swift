import Access
import Credentials
import EduCore
import Vapor

/// `/api/v1/credentials/entries/{serial}`, for department staff and their systems: an entry with its history (read
/// audited), and its correction or revocation by a decision (not with a read-only token). Each change answers with the
/// entry as it now stands; 404 for an unknown serial, 409 for a revoked entry, 422 for a change the register refuses.
/// (The staff pages answer a revoked entry with 422 and the page again: a person reads the reason, a program the status.)
/// `…/verification` records how an unchecked entry was checked against the paper register (it is issued only then).
struct RegisterEntryAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let entries = routes.grouped("api", "v1", "credentials", "entries").grouped(RequirePrincipal())
        entries.get(":serial", use: entry)
        entries.post(":serial", "corrections", use: correct)
        entries.post(":serial", "revocations", use: revoke)
        entries.post(":serial", "verification", use: verify)
    }

    func entry(req: Request) async throws -> Response {
        let actor = try Self.staff(req)
        return try await req.respond(refusals: Self.status) { try await Self.entry(try await Self.entryID(req), req, by: actor) }
    }

    func correct(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let actor = try Self.staff(req, changing: true)
        let body = try req.content.decode(DTO.RegisterCorrection.self)
        return try await req.respond(refusals: Self.status) {
            var changes: [RegisterStore.CorrectableField: String] = [:]
            for (name, value) in body.changes { changes[try RegisterStore.CorrectableField(named: name)] = value }
            let id = try await Self.entryID(req)
            try await req.changeRegisterEntry(id, decision: (body.decisionNumber, body.decisionDate), by: actor) { [changes] store, id, number, date, actor in
                try await store.correct(entryID: id, changes: changes, decisionNumber: number, decisionDate: date, by: actor)
            }
            return try await Self.entry(id, req, by: actor)
        }
    }

    func revoke(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let actor = try Self.staff(req, changing: true)
        let body = try req.content.decode(DTO.RegisterRevocation.self)
        return try await req.respond(refusals: Self.status) {
            guard let ground = RevocationGround(rawValue: body.ground) else { throw Self.unknownGround }
            let id = try await Self.entryID(req)
            try await req.changeRegisterEntry(id, decision: (body.decisionNumber, body.decisionDate), by: actor) { store, id, number, date, actor in
                try await store.revoke(entryID: id, ground: ground, decisionNumber: number, decisionDate: date, by: actor)
            }
            return try await Self.entry(id, req, by: actor)
        }
    }

    /// The record of a check against the paper register; 422 when the entry was checked already.
    func verify(req: Request) async throws -> Response {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let actor = try Self.staff(req, changing: true)
        let body = try req.content.decode(DTO.RegisterVerification.self)
        return try await req.respond(refusals: Self.status) {
            let id = try await Self.entryID(req)
            let cipher = req.context.cipher
            try await req.context.database.transaction { try await RegisterStore($0, cipher: cipher).verify(entryID: id, record: body.record, by: actor) }
            return try await Self.entry(id, req, by: actor)
        }
    }

    static let unknownGround = EduError("credentials.ground", vi: "Căn cứ thu hồi là a, b, c, d, dd hoặc e", en: "The ground is a, b, c, d, dd or e")

    static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "credentials.not_found": .notFound
        case "credentials.revoked": .conflict
        default: .unprocessableEntity
        }
    }

    private static func entryID(_ req: Request) async throws -> Int {
        guard let id = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher)
            .entryID(serial: req.parameters.get("serial") ?? "") else { throw RegisterStore.unknownSerial }
        return id
    }

    private static func entry(_ id: Int, _ req: Request, by actor: Actor) async throws -> DTO.RegisterEntry {
        let sql = req.context.database.sql, cipher = req.context.cipher
        guard let entry = try await RegisterEntries(sql, cipher: cipher).entry(id: id, by: actor) else { throw RegisterStore.unknownSerial }
        return DTO.RegisterEntry(entry, history: try await RegisterStore(sql, cipher: cipher).history(entryID: id, by: actor))
    }

    /// Department staff; `changing`: not with a read-only token.
    private static func staff(_ req: Request, changing: Bool = false) throws -> Actor {
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !changing || !principal.readOnly else { throw Abort(.forbidden) }
        return try req.actor()
    }
}
