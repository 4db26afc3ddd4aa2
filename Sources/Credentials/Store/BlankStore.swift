import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// The blank forms (phôi) of the register: received into stock by a document, issued when an entry is registered on
/// one, spoiled or cancelled with the reason; each step kept as the blank's history and in the audit log. Nothing is
/// deleted. A serial the stock never received is a historic entry's (registers go back to 2000) and is not tracked.
/// Run each change in a transaction.
public struct BlankStore: Sendable {
    /// The longest receipt document's name kept (it is written beside every blank).
    static let documentLimit = 200

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    /// Takes a run of blanks into stock; answers how many. A serial already known (in stock or used) refuses the whole
    /// receipt, with the first few named.
    @discardableResult
    public func receive(_ range: SerialRange, kind: CredentialKind, document: String, by actor: Actor) async throws -> Int {
        let document = document.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !document.isEmpty, document.count <= Self.documentLimit else {
            throw EduError("blanks.document", vi: "Cần ghi số chứng từ nhập phôi (tối đa \(Self.documentLimit) ký tự)",
                           en: "Name the document the blanks came with (\(Self.documentLimit) characters at most)")
        }
        // Receipts one at a time (PostgreSQL; SQLite has one writer), so two overlapping ones cannot both pass the check.
        if Dialect(database) == .postgres { try await database.raw("LOCK TABLE credential_blanks IN SHARE ROW EXCLUSIVE MODE").run() }
        var known: [String] = []
        for chunk in range.serials.chunked(into: 500) where known.count < 5 {
            known += try await database.raw("""
                SELECT serial FROM credential_blanks WHERE serial IN (\(binds: Array(chunk)))
                UNION SELECT serial FROM credential_entries WHERE serial IN (\(binds: Array(chunk)))
                """).all(decoding: SerialRow.self).map(\.serial)
        }
        guard known.isEmpty else {
            throw EduError("blanks.known", vi: "Đã có phôi hoặc văn bằng mang số hiệu \(known.sorted().prefix(5).joined(separator: ", "))",
                           en: "Blanks or credentials already carry the serials \(known.sorted().prefix(5).joined(separator: ", "))")
        }
        let now = Timestamp.now
        try await BulkInsert.rows(range.serials.map { [.text($0), .text(kind.rawValue), .text(BlankStatus.received.rawValue), .text(document), .text(now)] },
                                  into: "credential_blanks", columns: ["serial", "kind", "status", "received_by", "updated_at"], on: database)
        try await BulkInsert.rows(range.serials.map { [.text($0), .text(now), .text(BlankStatus.received.rawValue), .text(document), .text(actor.name)] },
                                  into: "credential_blank_events", columns: ["serial", "at", "status", "note", "by"], on: database)
        try await AuditLog(database).append(AuditEvent(action: "receive_blanks", entity: "credential_blanks", entityID: kind.rawValue,
                                                       after: "\(range.serials.first!)–\(range.serials.last!): \(range.serials.count), \(document)"), by: actor)
        return range.serials.count
    }

    /// A blank in stock damaged or misprinted (`spoiled`), or destroyed by decision (`cancelled`, from stock or spoiled),
    /// with the reason. An issued blank carries a credential: that is revoked in the register, not here.
    public func retire(serial: String, to status: BlankStatus, reason: String, by actor: Actor) async throws {
        let reason = reason.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw EduError("blanks.reason", vi: "Cần ghi lý do", en: "Give the reason") }
        let from: [BlankStatus] = switch status {
        case .spoiled: [.received]
        case .cancelled: [.received, .spoiled]
        case .received, .issued:
            throw EduError("blanks.target", vi: "Phôi chỉ được báo hỏng hoặc huỷ ở đây; nhập kho và cấp có đường riêng",
                           en: "Here a blank is only spoiled or cancelled; receiving and issuing have their own way")
        }
        let serial = RegisterEntryDraft.normalizedSerial(serial)
        guard let blank = try await blank(serial: serial) else {
            throw Self.notFound(serial)
        }
        guard from.contains(blank.status) else { throw Self.wrongStatus(serial, blank.status) }
        // Only over the state read: an import issuing the blank meanwhile is said, never overwritten.
        guard try await database.raw("""
            UPDATE credential_blanks SET status = \(bind: status.rawValue), updated_at = \(bind: Timestamp.now)
            WHERE serial = \(bind: serial) AND status = \(bind: blank.status.rawValue) RETURNING serial
            """).first() != nil
        else { throw Self.wrongStatus(serial, try await self.blank(serial: serial)?.status ?? blank.status) }
        try await record(serial, status, note: reason, by: actor)
    }

    /// Of the serials an import registers, those tracked as blanks: each must be in stock and of the entry's kind, and
    /// is answered as a problem otherwise (row, serial, reason). Untracked serials pass. Answers the tracked serials too.
    func check(_ entries: [(row: Int, serial: String, kind: CredentialKind)]) async throws -> (problems: [RowProblem], tracked: [String]) {
        var stock: [String: Blank] = [:]
        for chunk in entries.map(\.serial).chunked(into: 500) {
            for blank in try await blanks(where: "serial IN (\(binds: Array(chunk)))") { stock[blank.serial] = blank }
        }
        let problems: [RowProblem] = entries.compactMap { entry in
            guard let blank = stock[entry.serial] else { return nil }
            if blank.status != .received {
                return RowProblem(row: entry.row, column: "serial", value: entry.serial, reason: Self.wrongStatus(entry.serial, blank.status).message)
            }
            guard blank.kind == entry.kind else {
                return RowProblem(row: entry.row, column: "serial", value: entry.serial,
                                  vi: "Phôi thuộc loại “\(blank.kind.label.vi)”, không phải “\(entry.kind.label.vi)”",
                                  en: "The blank is for “\(blank.kind.label.en)”, not “\(entry.kind.label.en)”")
            }
            return nil
        }
        return (problems, entries.map(\.serial).filter { stock[$0] != nil })
    }

    /// The tracked blanks become issued, each with the entry registered on it (one audit event for the lot: an import
    /// registers thousands). One spoiled or cancelled since it was checked refuses the whole import.
    func issue(_ serials: [String], by actor: Actor) async throws {
        let now = Timestamp.now
        var issued = 0
        for chunk in serials.chunked(into: 500) {
            let rows = try await database.raw("""
                UPDATE credential_blanks SET status = \(bind: BlankStatus.issued.rawValue), updated_at = \(bind: now),
                    entry_id = (SELECT id FROM credential_entries e WHERE e.serial = credential_blanks.serial)
                WHERE serial IN (\(binds: Array(chunk))) AND status = \(bind: BlankStatus.received.rawValue)
                RETURNING serial
                """).all(decoding: SerialRow.self)
            issued += rows.count
            try await BulkInsert.rows(rows.map { [.text($0.serial), .text(now), .text(BlankStatus.issued.rawValue), .text(""), .text(actor.name)] },
                                      into: "credential_blank_events", columns: ["serial", "at", "status", "note", "by"], on: database)
        }
        guard issued == serials.count else {
            throw EduError("blanks.changed", vi: "Một phôi vừa đổi trạng thái trong lúc nhập: hãy nhập lại tệp", en: "A blank changed state during the import: import the file again")
        }
        guard issued > 0 else { return }
        try await AuditLog(database).append(AuditEvent(action: "issue_blanks", entity: "credential_blanks", entityID: "",
                                                       after: "\(issued) blanks issued"), by: actor)
    }

    public static func notFound(_ serial: String) -> EduError {
        EduError("blanks.not_found", vi: "Không có phôi mang số hiệu \(serial)", en: "No blank has the serial \(serial)")
    }

    public func blank(serial: String) async throws -> Blank? {
        try await blanks(where: "serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))").first
    }

    /// How many blanks of each kind stand in each state.
    public func tally() async throws -> [CredentialKind: [BlankStatus: Int]] {
        struct Row: Decodable { let kind: String; let status: String; let n: Int }
        var tally: [CredentialKind: [BlankStatus: Int]] = [:]
        for row in try await database.raw("SELECT kind, status, COUNT(*) AS n FROM credential_blanks GROUP BY kind, status").all(decoding: Row.self) {
            guard let kind = CredentialKind(rawValue: row.kind), let status = BlankStatus(rawValue: row.status) else { continue }
            tally[kind, default: [:]][status] = row.n
        }
        return tally
    }

    public func history(serial: String) async throws -> [BlankEvent] {
        struct Row: Decodable { let at: String; let status: BlankStatus; let note: String; let by: String }
        return try await database.raw("""
            SELECT at, status, note, by FROM credential_blank_events WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial)) ORDER BY id
            """).all(decoding: Row.self).map { BlankEvent(at: $0.at, status: $0.status, note: $0.note, by: $0.by) }
    }

    // MARK: Helpers

    private func blanks(where condition: SQLQueryString) async throws -> [Blank] {
        struct Row: Decodable { let serial: String; let kind: CredentialKind; let status: BlankStatus; let receivedBy: String; let entryId: Int? }
        return try await database.raw("SELECT serial, kind, status, received_by, entry_id FROM credential_blanks WHERE \(condition)")
            .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            .map { Blank(serial: $0.serial, kind: $0.kind, status: $0.status, receivedBy: $0.receivedBy, entryID: $0.entryId) }
    }

    private func record(_ serial: String, _ status: BlankStatus, note: String, by actor: Actor) async throws {
        try await database.raw("""
            INSERT INTO credential_blank_events (serial, at, status, note, by)
            VALUES (\(bind: serial), \(bind: Timestamp.now), \(bind: status.rawValue), \(bind: note), \(bind: actor.name))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "blank_\(status.rawValue)", entity: "credential_blank", entityID: serial,
                                                       after: note.isEmpty ? nil : note), by: actor)
    }

    private static func wrongStatus(_ serial: String, _ status: BlankStatus) -> EduError {
        EduError("blanks.status", vi: "Phôi \(serial) đang ở trạng thái “\(status.label.vi)”", en: "The blank \(serial) is “\(status.label.en)”")
    }
}

private struct SerialRow: Decodable { let serial: String }
