import Access
import EduCore
import Foundation
import SQLKit
import Storage

/// Double entry on the database (migration 0040): batches, the two transcriptions and the third person's resolutions
/// (both sealed with the personal-data key, as they may hold personal IDs), and settling into the register. Run each change in a
/// transaction: the batch's row is held (PostgreSQL `FOR UPDATE`; SQLite has one writer) so that two people acting
/// on one batch at once cannot both pass its checks.
public struct TranscriptionStore: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    public static let maximumLabel = 200

    /// A new batch for a page of `issuer`'s register, with the page's scan (`name`: the uploaded file's name) if given.
    public func open(label: String, issuer: String, pageScan: (scan: PageScan, name: String)?, by actor: Actor) async throws -> Int {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines).nfc, issuer = PersonName.normalized(issuer)
        guard !label.isEmpty, label.count <= Self.maximumLabel else {
            throw EduError("transcriptions.label", vi: "Tên đợt nhập liệu từ 1 đến \(Self.maximumLabel) ký tự (ví dụ: Sổ gốc THPT 2005, trang 12)",
                           en: "The batch's name is 1 to \(Self.maximumLabel) characters (e.g. THPT register 2005, page 12)")
        }
        guard !issuer.isEmpty else {
            throw EduError("transcriptions.issuer", vi: "Cần ghi cơ quan cấp văn bằng", en: "The issuing body is required")
        }
        var scanID: Int?
        if let pageScan { scanID = try await PageScanStore(database).store(pageScan.scan, name: pageScan.name, by: actor).id }
        struct Row: Decodable { let id: Int }
        let id = try await database.raw("""
            INSERT INTO credential_transcription_batches (label, issuer, page_scan_id, status, created_at, created_by)
            VALUES (\(bind: label), \(bind: issuer), \(bind: scanID), \(bind: TranscriptionBatch.Status.open.rawValue), \(bind: Timestamp.now),
                    \(bind: actor.name))
            RETURNING id
            """).first(decoding: Row.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "open", entity: "credential_transcription_batch", entityID: String(id), after: label), by: actor)
        return id
    }

    /// The batches, open ones first, the newest first.
    public func batches(limit: Int = 200) async throws -> [TranscriptionBatch] {
        try await batches(where: "1 = 1", limit: limit)
    }

    public func batch(id: Int) async throws -> TranscriptionBatch? {
        try await batches(where: "b.id = \(bind: id)", limit: 1).first
    }

    /// One operator's transcription of the batch's page; each operator hands in one, and a batch takes two.
    public func submit(batchID: Int, lines: [RegisterEntryDraft], by person: Transcriber, actor: Actor) async throws {
        let batch = try await held(batchID)
        guard batch.awaitsTranscription(from: person) else {
            throw batch.transcribers.contains { $0.key == person.key }
                ? EduError("transcriptions.twice", vi: "Bạn đã nộp bản nhập của đợt này; bản thứ hai phải do người khác nhập độc lập",
                           en: "You have handed in this batch's transcription; the second must be typed by someone else, on their own")
                : Self.closed(batch)
        }
        guard !lines.isEmpty else {
            throw EduError("transcriptions.empty", vi: "Bản nhập không có dòng nào", en: "The transcription holds no lines")
        }
        let sealed = try cipher.seal(String(decoding: try JSONEncoder.sorted.encode(lines.map(\.cells)), as: UTF8.self))
        try await database.raw("""
            INSERT INTO credential_transcriptions (batch_id, transcriber, transcriber_name, lines_enc, submitted_at)
            VALUES (\(bind: batchID), \(bind: person.key), \(bind: person.name), \(bind: sealed), \(bind: Timestamp.now))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "transcribe", entity: "credential_transcription_batch", entityID: String(batchID),
                                                       after: "\(lines.count) lines"), by: actor)
    }

    /// The two transcriptions side by side, once both are in (nil before); the read is audited.
    public func comparison(batchID: Int, by actor: Actor) async throws -> TranscriptionComparison? {
        struct Line: Decodable { let linesEnc: String }
        let transcriptions = try await database.raw("""
            SELECT lines_enc FROM credential_transcriptions WHERE batch_id = \(bind: batchID) ORDER BY id
            """).all(decoding: Line.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard transcriptions.count == 2 else { return nil }
        let lines = try transcriptions.map { try JSONDecoder().decode([DoubleEntry.Cells].self, from: Data(try cipher.open($0.linesEnc).utf8)) }
        struct Resolution: Decodable { let pairKey: String; let field: String; let valueEnc: String }
        let stored = try await database.raw("""
            SELECT pair_key, field, value_enc FROM credential_transcription_resolutions WHERE batch_id = \(bind: batchID)
            """).all(decoding: Resolution.self, keyDecodingStrategy: .convertFromSnakeCase)
        var resolutions: [String: [String: String]] = [:]
        for resolution in stored { resolutions[resolution.pairKey, default: [:]][resolution.field] = try cipher.open(resolution.valueEnc) }
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "credential_transcription_batch", entityID: String(batchID)), by: actor)
        return TranscriptionComparison(pairs: DoubleEntry.pairs(lines[0], lines[1]), resolutions: resolutions)
    }

    /// The third person's values for differing fields, and `line` `drop` for any line (`keep` for a line only one
    /// operator typed, or to undo a drop); a value given again replaces the earlier one, both in the audit log. Values
    /// are checked when the batch is settled.
    public func resolve(batchID: Int, _ resolutions: [(pairKey: String, field: String, value: String)], by person: Transcriber,
                        actor: Actor) async throws {
        let batch = try await held(batchID)
        guard batch.maySettle(person), let comparison = try await comparison(batchID: batchID, by: actor) else { throw Self.notYours(batch) }
        let pairs = Dictionary(uniqueKeysWithValues: comparison.pairs.map { ($0.key, $0) })
        let now = Timestamp.now
        var changes: [String] = []
        for resolution in resolutions {
            let isLine = resolution.field == DoubleEntry.lineField
            guard let pair = pairs[resolution.pairKey], isLine || pair.differences.contains(resolution.field) else {
                throw EduError("transcriptions.field", vi: "Không có chỗ khác nhau này trong đợt", en: "No such difference in the batch")
            }
            let value = resolution.value.trimmingCharacters(in: .whitespacesAndNewlines).nfc
            if isLine && DoubleEntry.LineChoice(rawValue: value) == nil {
                throw EduError("transcriptions.line", vi: "Với cả dòng: giữ hoặc bỏ", en: "For a whole line: keep or drop")
            }
            let earlier = comparison.resolutions[pair.key]?[resolution.field]
            guard earlier != value else { continue }
            try await database.raw("""
                DELETE FROM credential_transcription_resolutions
                WHERE batch_id = \(bind: batchID) AND pair_key = \(bind: resolution.pairKey) AND field = \(bind: resolution.field)
                """).run()
            try await database.raw("""
                INSERT INTO credential_transcription_resolutions (batch_id, pair_key, field, value_enc, resolved_by, resolved_at)
                VALUES (\(bind: batchID), \(bind: resolution.pairKey), \(bind: resolution.field), \(bind: try cipher.seal(value)),
                        \(bind: person.key), \(bind: now))
                """).run()
            // A personal ID stays out of the log, as everywhere: only that it was settled.
            let shown = { (text: String?) in resolution.field == "national_id" ? (text == nil ? "" : "***") : text ?? "" }
            changes.append("\(pair.key) \(resolution.field): \(shown(earlier)) → \(shown(value))")
        }
        guard !changes.isEmpty else { return }
        try await AuditLog(database).append(AuditEvent(action: "resolve", entity: "credential_transcription_batch", entityID: String(batchID),
                                                       after: changes.joined(separator: "; ")), by: actor)
    }

    /// Registers the settled lines (all or none, as an import: every problem named by the line's number, `Pair.line`, and
    /// its column), marks the entries it created as double-entered in this batch with its page, and closes the batch.
    /// A line matching an entry registered before fills only what that entry left empty, and checks it when it was not
    /// (the two transcriptions agree with every value it holds, or the line is refused).
    public func settle(batchID: Int, today: CalendarDate, by person: Transcriber, actor: Actor) async throws -> RegisterStore.ImportOutcome {
        let batch = try await held(batchID)
        guard batch.maySettle(person), let comparison = try await comparison(batchID: batchID, by: actor) else { throw Self.notYours(batch) }
        guard comparison.unresolved == 0 else {
            throw EduError("transcriptions.unresolved", vi: "Còn \(comparison.unresolved) dòng có chỗ khác nhau chưa xử lý",
                           en: "\(comparison.unresolved) lines still have differences to settle")
        }
        var rows: [RegisterFile.Row] = [], problems: [RowProblem] = [], seen = RegisterFile.SeenKeys()
        for pair in comparison.pairs {
            guard case .line(let cells) = comparison.settled(pair) else { continue }
            func problem(_ column: String, _ reason: Bilingual) {
                problems.append(RowProblem(row: pair.line, column: column, value: cells[column] ?? "", reason: reason))
            }
            let cell = { (name: String) in cells[name].flatMap { $0.isEmpty ? nil : $0 } }
            let entry = RegisterFile.entry(cell: cell, today: today, problem: problem)
            seen.duplicates(line: pair.line, serial: cell("serial"), number: cell("register_number")).forEach(problem)
            if let entry { rows.append(RegisterFile.Row(row: pair.line, entry: entry)) }
        }
        guard problems.isEmpty else { throw InputRejected(problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) }) }
        var registeredBefore: Set<String> = []
        struct Serial: Decodable { let serial: String }
        for chunk in rows.map(\.entry.serial).chunked(into: 500) {
            registeredBefore.formUnion(try await database.raw("SELECT serial FROM credential_entries WHERE serial IN (\(binds: Array(chunk)))")
                .all(decoding: Serial.self).map(\.serial))
        }
        let outcome = try await RegisterStore(database, cipher: cipher).importEntries(try RegisterRows(rows), issuer: batch.issuer,
                                                                                      verification: "Nhập liệu hai lần, đợt \(batchID): \(batch.label)",
                                                                                      dryRun: false, by: actor)
        for chunk in rows.map(\.entry.serial).filter({ !registeredBefore.contains($0) }).chunked(into: 500) {
            try await database.raw("""
                UPDATE credential_entries SET transcription_batch_id = \(bind: batchID), page_scan_id = COALESCE(page_scan_id, \(bind: batch.pageScan?.id))
                WHERE serial IN (\(binds: Array(chunk))) AND transcription_batch_id IS NULL
                """).run()
        }
        try await database.raw("""
            UPDATE credential_transcription_batches SET status = \(bind: TranscriptionBatch.Status.settled.rawValue), settled_at = \(bind: Timestamp.now),
                   settled_by = \(bind: person.name)
            WHERE id = \(bind: batchID)
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "settle", entity: "credential_transcription_batch", entityID: String(batchID),
                                                       after: "\(outcome.created) created, \(outcome.unchanged) unchanged"), by: actor)
        return outcome
    }

    /// The batch, its row held to the end of the transaction.
    private func held(_ id: Int) async throws -> TranscriptionBatch {
        if Dialect(database) == .postgres {
            try await database.raw("SELECT id FROM credential_transcription_batches WHERE id = \(bind: id) FOR UPDATE").run()
        }
        guard let batch = try await batch(id: id) else {
            throw EduError("transcriptions.not_found", vi: "Không có đợt nhập liệu này", en: "No such batch")
        }
        return batch
    }

    private func batches(where filter: SQLQueryString, limit: Int) async throws -> [TranscriptionBatch] {
        struct Row: Decodable {
            let id: Int, label: String, issuer: String, pageScanId: Int?, pageMediaType: String?, status: String
            let createdAt: String, createdBy: String, settledBy: String?
        }
        let rows = try await database.raw("""
            SELECT b.id, b.label, b.issuer, b.page_scan_id, s.media_type AS page_media_type, b.status, b.created_at, b.created_by, b.settled_by
            FROM credential_transcription_batches b LEFT JOIN credential_page_scans s ON s.id = b.page_scan_id
            WHERE \(filter) ORDER BY CASE b.status WHEN 'open' THEN 0 ELSE 1 END, b.id DESC LIMIT \(bind: limit)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        guard !rows.isEmpty else { return [] }
        struct Typed: Decodable { let batchId: Int; let transcriber: String; let transcriberName: String }
        let typed = try await database.raw("""
            SELECT batch_id, transcriber, transcriber_name FROM credential_transcriptions WHERE batch_id IN (\(binds: rows.map(\.id))) ORDER BY id
            """).all(decoding: Typed.self, keyDecodingStrategy: .convertFromSnakeCase)
        let transcribers = Dictionary(grouping: typed, by: \.batchId)
        return rows.map { row in
            TranscriptionBatch(
                id: row.id, label: row.label, issuer: row.issuer,
                pageScan: row.pageScanId.flatMap { id in row.pageMediaType.flatMap(PageScan.MediaType.init).map { PageScanReference(id: id, mediaType: $0) } },
                status: TranscriptionBatch.Status(rawValue: row.status) ?? .open,
                transcribers: (transcribers[row.id] ?? []).map { Transcriber(key: $0.transcriber, name: $0.transcriberName) },
                createdAt: row.createdAt, createdBy: row.createdBy, settledBy: row.settledBy)
        }
    }

    private static func closed(_ batch: TranscriptionBatch) -> EduError {
        batch.status == .settled
            ? EduError("transcriptions.settled", vi: "Đợt nhập liệu đã xong", en: "The batch is settled")
            : EduError("transcriptions.full", vi: "Đợt nhập liệu đã có đủ hai bản nhập", en: "The batch already has both transcriptions")
    }

    private static func notYours(_ batch: TranscriptionBatch) -> EduError {
        if batch.status == .settled { return closed(batch) }
        guard batch.isCompared else {
            return EduError("transcriptions.waiting", vi: "Chưa có đủ hai bản nhập để đối chiếu", en: "Both transcriptions are not in yet")
        }
        return EduError("transcriptions.third_person", vi: "Người xử lý chỗ khác nhau phải là người thứ ba, không phải người đã nhập",
                        en: "Differences are settled by a third person, not by one of those who typed the page")
    }
}
