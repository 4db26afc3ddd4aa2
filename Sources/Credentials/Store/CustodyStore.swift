import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// A transfer of the registers a body holds to another, by decision, from a day: what happens when units merge
/// (Hải Dương's Sở into Hải Phòng's in 2025; district Phòng GDĐT dissolved into communes). The body now holding an
/// entry's register issues its certified copies and answers for it.
public struct CustodyTransfer: Sendable, Hashable {
    public let from: String
    public let to: String
    public let since: CalendarDate
    public let decision: String
    public let recordedBy: String
}

/// Custody of the registers (who holds each issuing body's sổ gốc now): transfers kept in order, never edited; a body
/// holds its own registers until it hands them on, and what it holds goes with them.
public struct CustodyStore: Sendable {
    /// Longer chains than this mean a mistake, not history.
    static let chainLimit = 20

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Everything `from` holds — its own registers and any handed to it — goes to `to`. Refused when `from` holds
    /// nothing, for a body to itself, without a decision, or to a body that has handed its own registers on (its
    /// successor is named): so transfers never go round in a circle.
    public func transfer(from: String, to: String, since: CalendarDate, decision: String, today: CalendarDate = .today, by actor: Actor) async throws {
        let (from, to, decision) = (PersonName.normalized(from), PersonName.normalized(to), PersonName.normalized(decision))
        // A transfer holds from its day: one decided ahead is recorded on that day, so copies never name a body early.
        guard since <= today else {
            throw EduError("custody.future", vi: "Ngày giao nhận \(since.vietnamese) chưa đến: hãy ghi nhận vào ngày đó",
                           en: "The transfer's day \(since.vietnamese) has not come: record it on that day")
        }
        // Transfers one at a time (PostgreSQL; SQLite has one writer), so two opposite ones cannot make a circle.
        if Dialect(database) == .postgres { try await database.raw("LOCK TABLE credential_custody IN EXCLUSIVE MODE").run() }
        guard !from.isEmpty, !to.isEmpty, from != to else {
            throw EduError("custody.bodies", vi: "Cần hai cơ quan khác nhau: cơ quan giao và cơ quan nhận sổ gốc",
                           en: "Two different bodies are needed: the one handing the registers on and the one receiving them")
        }
        guard !decision.isEmpty else { throw EduError("custody.decision", vi: "Cần quyết định giao nhận sổ gốc", en: "The transfer needs its decision") }
        let holdings = try await holders()
        guard Set(holdings.values).contains(from) else {
            throw EduError("custody.nothing", vi: "\(from) hiện không giữ sổ gốc nào", en: "\(from) holds no register")
        }
        let next = try await handedOn()
        // A body that has handed its registers on holds nothing more: what it would receive goes to its successor.
        if next[to] != nil {
            throw EduError("custody.handed_on", vi: "\(to) đã giao sổ gốc cho \(Self.follow(to, next)): hãy giao cho cơ quan đó",
                           en: "\(to) has handed its registers to \(Self.follow(to, next)): transfer to that body")
        }
        try await database.raw("""
            INSERT INTO credential_custody (from_body, to_body, since, decision, recorded_at, recorded_by)
            VALUES (\(bind: from), \(bind: to), \(bind: since.iso), \(bind: decision), \(bind: Timestamp.now), \(bind: actor.name))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "custody", entity: "credential_register", entityID: from,
                                                       after: "\(to) from \(since.iso), \(decision)"), by: actor)
    }

    /// The body holding `issuer`'s registers now.
    public func holder(of issuer: String) async throws -> String {
        Self.follow(PersonName.normalized(issuer), try await handedOn())
    }

    /// Every issuing body in the register with the body holding its registers now.
    public func holders() async throws -> [String: String] {
        struct Row: Decodable { let issuer: String }
        let issuers = try await database.raw("SELECT DISTINCT issuer FROM credential_entries").all(decoding: Row.self).map(\.issuer)
        var holders: [String: String] = [:]
        let next = try await handedOn()
        for issuer in issuers.map(PersonName.normalized) { holders[issuer] = Self.follow(issuer, next) }
        return holders
    }

    /// Every transfer, in the order recorded (each on or after its day, never ahead of it).
    public func transfers() async throws -> [CustodyTransfer] {
        struct Row: Decodable { let fromBody: String; let toBody: String; let since: String; let decision: String; let recordedBy: String }
        return try await database.raw("SELECT from_body, to_body, since, decision, recorded_by FROM credential_custody ORDER BY id")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).compactMap { row in
                CalendarDate(iso: row.since).map { CustodyTransfer(from: row.fromBody, to: row.toBody, since: $0, decision: row.decision, recordedBy: row.recordedBy) }
            }
    }

    // MARK: Helpers

    /// Each body's latest transfer: to whom it handed its registers on.
    private func handedOn() async throws -> [String: String] {
        var next: [String: String] = [:]
        for transfer in try await transfers() { next[transfer.from] = transfer.to }
        return next
    }

    private static func follow(_ body: String, _ next: [String: String]) -> String {
        var current = body
        for _ in 0..<chainLimit {
            guard let to = next[current] else { break }
            current = to
        }
        return current
    }
}
