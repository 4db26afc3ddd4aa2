import Access
import Credentials
import EduCore
import Vapor

/// `/api/v1/credentials/blanks`, the stock of blank forms for the department's systems: the tally by kind and state,
/// one blank with its history (read audited), a receipt of a run of serials, and spoiling or cancelling one with the
/// reason (not with a read-only token). Auditors read. 404 for an unknown serial, 409 for a step the blank's state
/// does not allow or serials already known, 422 for anything else refused.
struct BlankAPIRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let blanks = routes.grouped("api", "v1", "credentials", "blanks").grouped(RequirePrincipal())
        blanks.get(use: tally)
        blanks.get(":serial", use: blank)
        blanks.post("receipts", use: receive)
        blanks.post(":serial", "retirements", use: retire)
    }

    func tally(req: Request) async throws -> [String: [String: Int]] {
        try Self.reader(req)
        let tally = try await BlankStore(req.context.database.sql).tally()
        return Dictionary(uniqueKeysWithValues: tally.map { kind, states in
            (kind.rawValue, Dictionary(uniqueKeysWithValues: states.map { ($0.key.rawValue, $0.value) }))
        })
    }

    func blank(req: Request) async throws -> Response {
        let actor = try Self.reader(req)
        return try await req.respond(refusals: Self.status) { try await Self.blank(req.parameters.get("serial") ?? "", req, by: actor) }
    }

    func receive(req: Request) async throws -> Response {
        let actor = try Self.keeper(req)
        let body = try req.content.decode(DTO.BlankReceipt.self)
        return try await req.respond(status: .created, refusals: Self.status) {
            guard let kind = CredentialKind(parsing: body.kind) else {
                throw EduError("blanks.kind", vi: "Loại phôi là THPT, THCS hoặc CC", en: "The kind is THPT, THCS or CC")
            }
            let range = try SerialRange(from: body.from, to: body.to)
            let received = try await req.context.database.transaction {
                try await BlankStore($0).receive(range, kind: kind, document: body.document, by: actor)
            }
            return DTO.BlankReceived(received: received, first: range.serials.first ?? "", last: range.serials.last ?? "")
        }
    }

    func retire(req: Request) async throws -> Response {
        let actor = try Self.keeper(req)
        let body = try req.content.decode(DTO.BlankRetirement.self)
        let serial = req.parameters.get("serial") ?? ""
        return try await req.respond(refusals: Self.status) {
            guard let status = BlankStatus(rawValue: body.status), [.spoiled, .cancelled].contains(status) else {
                throw EduError("blanks.step", vi: "Trạng thái mới là spoiled (hỏng) hoặc cancelled (huỷ)", en: "The new state is spoiled or cancelled")
            }
            try await req.context.database.transaction { try await BlankStore($0).retire(serial: serial, to: status, reason: body.reason, by: actor) }
            return try await Self.blank(serial, req, by: actor)
        }
    }

    static func status(of error: EduError) -> HTTPResponseStatus {
        if error.code == "blanks.not_found" { return .notFound }
        return error.code.hasPrefix("blanks.status") || error.code == "blanks.known" ? .conflict : .unprocessableEntity
    }

    private static func blank(_ serial: String, _ req: Request, by actor: Actor) async throws -> DTO.BlankWithHistory {
        let store = BlankStore(req.context.database.sql)
        guard let blank = try await store.blank(serial: serial) else { throw BlankStore.notFound(serial) }
        let history = try await store.history(serial: blank.serial)
        try await AuditLog(req.context.database.sql).append(AuditEvent(action: "read", entity: "credential_blank", entityID: blank.serial), by: actor)
        return DTO.BlankWithHistory(blank: blank, history: history)
    }

    /// Department staff, or auditors: they read.
    @discardableResult
    private static func reader(_ req: Request) throws -> Actor {
        let principal = try req.principal()
        guard principal.isDepartmentStaff || principal.has(.auditor) else { throw Abort(.forbidden) }
        return try req.actor()
    }

    /// Department staff who may write keep the stock; sessions send `X-CSRF-Token`.
    private static func keeper(_ req: Request) throws -> Actor {
        try req.checkCSRF(req.headers.first(name: "X-CSRF-Token"))
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !principal.readOnly else { throw Abort(.forbidden) }
        return try req.actor()
    }
}

extension DTO {
    struct BlankReceipt: Content {
        /// `THPT`, `THCS` or `CC`.
        let kind: String
        let from: String
        let to: String
        /// The document the blanks came with (a delivery note).
        let document: String
    }

    struct BlankReceived: Content {
        let received: Int
        let first: String
        let last: String
    }

    struct BlankRetirement: Content {
        /// `spoiled` (damaged or misprinted, from stock) or `cancelled` (destroyed by decision, from stock or spoiled).
        let status: String
        let reason: String
    }

    struct BlankWithHistory: Content {
        let blank: Blank
        let history: [BlankEvent]
    }
}
