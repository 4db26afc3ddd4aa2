import Access
import EduCore
import Foundation
import SQLKit
import Storage
import Signing

/// The register on the database: importing digitised registers (all or nothing, idempotent), corrections and
/// revocations by decision (never an edit that loses the original), each entry's history, and the public lookup.
/// Run each change in a transaction.
public struct RegisterStore: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Rows looked up or written per statement.
    private static let chunk = 500
    private static let maximumProblems = 1000

    public struct ImportOutcome: Sendable, Hashable {
        public let created: Int
        public let unchanged: Int
        /// Entries already registered that were given their page scan by this import.
        public var scansAttached = 0
        /// Page scan files the rows name (one page usually holds many entries).
        public var pages = 0
        /// Pages stored by this import: those not stored before, byte for byte (none in a dry run).
        public var pagesStored = 0
        /// Entries already registered whose empty fields (gender, birthplace, personal ID, classification, ethnicity,
        /// signer) this import filled in; counted among the unchanged or the given a page scan too.
        public var completed = 0
        /// Entries already registered, unchecked until now, that this import's `verification` checked.
        public var checked = 0

        public init(created: Int, unchanged: Int, completed: Int = 0, checked: Int = 0) {
            self.created = created
            self.unchanged = unchanged
            self.completed = completed
            self.checked = checked
        }
    }

    /// Registers the rows. A row whose serial is already registered with the same details changes nothing (so a file
    /// can be imported again); with other details, or a register number already used by another serial, the whole
    /// import is refused with every such row named (up to a thousand). A row's page scan (`page_image`, a file in `scans`) is stored and
    /// attached, also to an entry registered earlier without one; an entry's page is never replaced. `dryRun` checks
    /// everything and writes nothing. `progress`: the share done, 0 to 1 (checking is the first half, writing the second).
    /// The rows are read from their spool twice, a chunk at a time, so memory does not grow with the register.
    /// `verification`: how the rows were checked against the paper register (a double-entry batch, a comparison's
    /// record); given to the new entries and to registered ones that have none. Without it the entries wait unchecked.
    public func importEntries(_ rows: RegisterRows, issuer: String, scans: ScanFolder? = nil, verification: String? = nil, dryRun: Bool,
                              by actor: Actor, progress: (@Sendable (Double) -> Void)? = nil) async throws -> ImportOutcome {
        let verification = verification.map { PersonName.normalized($0) }
        guard verification?.isEmpty != true else {
            throw EduError("credentials.verification", vi: "Cần ghi biên bản hoặc cách đã đối chiếu", en: "Name the record of the comparison")
        }
        // One spelling per body: custody (CustodyStore) follows bodies by name.
        let issuer = PersonName.normalized(issuer)
        let blanks = BlankStore(database)
        // Imports go side by side, never across a receipt (which takes SHARE ROW EXCLUSIVE): a serial is either a
        // blank received before this import looks, or refused to a receipt that looks after it.
        if Dialect(database) == .postgres { try await database.raw("LOCK TABLE credential_blanks IN ROW EXCLUSIVE MODE").run() }
        var problems: [RowProblem] = []
        var outcome = ImportOutcome(created: 0, unchanged: 0)
        // Positions (in file order) of the rows not yet registered: the rows themselves stay in the spool.
        var fresh: [Int] = [], tracked: [String] = []
        var attachLater: [(entryID: Int, name: String, row: Int)] = []
        var pageNames = Set<String>(), wanted: [String: Int] = [:]
        var pageCheck = PageScanCheck(folder: scans)
        var chunks = try rows.chunks(of: Self.chunk), position = 0
        // Like a file's own problems, the first thousand are enough to act on.
        while problems.count < Self.maximumProblems, let chunk = try chunks.next() {
            progress?(0.5 * Double(position) / Double(rows.count))
            let existing = try await database.raw("""
                SELECT e.id, e.serial, e.register_number, e.kind, e.full_name, e.date_of_birth, e.school, e.graduation_year,
                       e.decision_number, e.decision_date, e.gender, e.birthplace, e.national_id_hash, e.classification, e.ethnicity, e.signer, e.verification,
                       s.sha256 AS page_sha256
                FROM credential_entries e LEFT JOIN credential_page_scans s ON s.id = e.page_scan_id
                WHERE e.serial IN (\(binds: chunk.map(\.entry.serial))) OR e.register_number IN (\(binds: chunk.map(\.entry.registerNumber)))
                """).all(decoding: ExistingRow.self, keyDecodingStrategy: .convertFromSnakeCase)
            let bySerial = Dictionary(existing.map { ($0.serial, $0) }, uniquingKeysWith: { first, _ in first })
            let byNumber = Dictionary(existing.map { ($0.registerNumber, $0) }, uniquingKeysWith: { first, _ in first })
            var storedPages: [String: String] = [:], freshRows: [RegisterFile.Row] = []
            for (offset, row) in chunk.enumerated() {
                let entry = row.entry
                if let name = row.pageImage { pageNames.insert(name) }
                if let stored = bySerial[entry.serial] {
                    if !stored.matches(entry) {
                        problems.append(RowProblem(row: row.row, column: "serial", value: entry.serial,
                                                   vi: "Số hiệu đã có trong sổ gốc với nội dung khác: muốn sửa thì làm đính chính theo quyết định",
                                                   en: "The serial is already registered with other details: change it by a correction with a decision"))
                        continue
                    }
                    // Checking an entry vouches for every value it holds: one the checked row does not hold too is a problem.
                    let checks = verification != nil && stored.verification == nil
                    if checks, let column = stored.disagreement(with: entry, cipher: cipher) {
                        problems.append(RowProblem(row: row.row, column: column, value: entry.serial,
                                                   vi: "Mục đã có trong sổ gốc ghi khác ở cột này: không ghi nhận đối chiếu được; kiểm tra lại tệp hoặc đính chính theo quyết định",
                                                   en: "The registered entry holds another value in this column: it cannot be recorded as checked; check the file, or correct the entry by a decision"))
                        continue
                    }
                    let filled = try stored.filling(from: entry, cipher: cipher) + (checks ? [Fill(column: "verification", value: verification!)] : [])
                    if filled.contains(where: { $0.column != "verification" }) { outcome.completed += 1 }
                    if checks { outcome.checked += 1 }
                    if !filled.isEmpty && !dryRun { try await complete(stored.id, with: filled) }
                    if let page = stored.pageSha256 {
                        storedPages[entry.serial] = page
                    } else if let name = row.pageImage {
                        attachLater.append((stored.id, name, row.row))
                        wanted[name] = min(wanted[name] ?? row.row, row.row)
                    }
                } else if byNumber[entry.registerNumber] != nil {
                    problems.append(RowProblem(row: row.row, column: "register_number", value: entry.registerNumber,
                                               vi: "Số vào sổ gốc đã dùng cho số hiệu khác", en: "The register number is already used by another serial"))
                } else {
                    fresh.append(position + offset)
                    freshRows.append(row)
                    if let name = row.pageImage { wanted[name] = min(wanted[name] ?? row.row, row.row) }
                }
            }
            let (blankProblems, blanksHere) = try await blanks.check(freshRows.map { ($0.row, $0.entry.serial, $0.entry.kind) })
            problems += blankProblems
            tracked += blanksHere
            problems += pageCheck.check(chunk, storedPages: storedPages)
            position += chunk.count
        }
        guard problems.isEmpty else {
            throw InputRejected(Array(problems.sorted { ($0.row, $0.column) < ($1.row, $1.column) }.prefix(Self.maximumProblems)))
        }
        outcome = ImportOutcome(created: fresh.count, unchanged: rows.count - fresh.count - attachLater.count, completed: outcome.completed,
                                checked: outcome.checked)
        outcome.scansAttached = attachLater.count
        outcome.pages = pageNames.count
        guard !dryRun else {
            progress?(1)
            return outcome
        }
        var pages: [String: Int] = [:]
        if let scans { (pages, outcome.pagesStored) = try await PageScanStore(database).store(wanted, from: scans, by: actor) }  // no folder: no page named (checked)
        let now = Timestamp.now
        // The fresh rows read from the spool again, each chunk's values made as it is written.
        chunks = try rows.chunks(of: Self.chunk)
        position = 0
        var nextFresh = fresh.startIndex, written = 0
        while let chunk = try chunks.next() {
            progress?(0.5 + 0.5 * Double(written) / Double(max(fresh.count, 1)))
            var values: [[BulkValue]] = []
            for (offset, row) in chunk.enumerated() where nextFresh < fresh.endIndex && fresh[nextFresh] == position + offset {
                nextFresh += 1
                let entry = row.entry
                values.append([.text(entry.kind.rawValue), .text(entry.serial), .text(entry.registerNumber), .text(entry.fullName),
                               .text(PersonName.foldedKey(entry.fullName)), .text(entry.dateOfBirth.iso), BulkValue(entry.gender?.rawValue),
                               .text(entry.birthplace), BulkValue(try entry.nationalID.map { try cipher.seal($0.digits) }),
                               BulkValue(entry.nationalID.map { cipher.lookupHash($0.digits) }), .text(entry.school), .integer(entry.graduationYear),
                               .text(entry.classification), .text(entry.decisionNumber), .text(entry.decisionDate.iso), .text(issuer),
                               .text(EntryStatus.valid.rawValue), .text(now), .text(actor.name), BulkValue(row.pageImage.flatMap { pages[$0] }),
                               .text(entry.ethnicity), .text(entry.signer), BulkValue(verification)])
            }
            position += chunk.count
            guard !values.isEmpty else { continue }
            written += values.count
            try await BulkInsert.rows(values, into: "credential_entries", columns: [
                "kind", "serial", "register_number", "full_name", "name_key", "date_of_birth", "gender", "birthplace", "national_id_enc",
                "national_id_hash", "school", "graduation_year", "classification", "decision_number", "decision_date", "issuer", "status",
                "created_at", "created_by", "page_scan_id", "ethnicity", "signer", "verification"], on: database)
        }
        struct Updated: Decodable { let id: Int }
        outcome.scansAttached = 0
        for (entryID, name, _) in attachLater {
            outcome.scansAttached += try await database.raw("""
                UPDATE credential_entries SET page_scan_id = \(bind: pages[name]) WHERE id = \(bind: entryID) AND page_scan_id IS NULL RETURNING id
                """).all(decoding: Updated.self).count
        }
        try await blanks.issue(tracked, by: actor)
        progress?(1)
        try await AuditLog(database).append(AuditEvent(action: "import", entity: "credential_register", entityID: issuer, after: """
            \(outcome.created) created, \(outcome.unchanged) unchanged, \(outcome.completed) completed, \(outcome.checked) checked, \
            \(outcome.scansAttached) given their page scan, \(outcome.pagesStored) pages stored; checked by: \(verification ?? "-")
            """), by: actor)
        return outcome
    }

    /// Records that an entry was checked against the paper register, by the record of that comparison; an entry checked
    /// already keeps its first record.
    public func verify(entryID: Int, record: String, by actor: Actor) async throws {
        let record = PersonName.normalized(record)
        guard !record.isEmpty else {
            throw EduError("credentials.verification", vi: "Cần ghi biên bản hoặc cách đã đối chiếu", en: "Name the record of the comparison")
        }
        struct Updated: Decodable { let id: Int }
        guard try await database.raw("""
            UPDATE credential_entries SET verification = \(bind: record) WHERE id = \(bind: entryID) AND verification IS NULL RETURNING id
            """).first(decoding: Updated.self) != nil else {
            _ = try await current(entryID)  // unknown entry: not found
            throw EduError("credentials.verified", vi: "Mục này đã được đối chiếu", en: "This entry has been checked already")
        }
        try await AuditLog(database).append(AuditEvent(action: "verify", entity: "credential_entry", entityID: String(entryID), after: record), by: actor)
    }

    /// Fills a registered entry's empty fields: what the paper register had and an earlier transcription left out. Not a
    /// correction (nothing that was recorded changes), so no decision; the import's audit event counts them.
    /// Each column is set only while it is still empty, so a correction or a check committed since the entry was read
    /// is never overwritten (the personal ID's two columns go by its hash).
    private func complete(_ id: Int, with fields: [Fill]) async throws {
        var assignments = SQLQueryString("")
        for (index, field) in fields.enumerated() {
            let guarded = field.column == "national_id_enc" ? "national_id_hash" : field.column
            assignments.appendLiteral(index == 0 ? "" : ", ")
            assignments.appendInterpolation(ident: field.column)
            assignments.appendLiteral(" = CASE WHEN ")
            assignments.appendInterpolation(ident: guarded)
            assignments.appendLiteral(" IS NULL OR ")
            assignments.appendInterpolation(ident: guarded)
            assignments.appendLiteral(" = '' THEN ")
            assignments.appendInterpolation(bind: field.value)
            assignments.appendLiteral(" ELSE ")
            assignments.appendInterpolation(ident: field.column)
            assignments.appendLiteral(" END")
        }
        try await database.raw("UPDATE credential_entries SET \(assignments) WHERE id = \(bind: id)").run()
    }

    /// The public view of the credential with this serial, only when the name and date of birth match too; nil
    /// otherwise, the same whether the serial is unknown or the details differ.
    public func lookup(serial: String, fullName: String, dateOfBirth: CalendarDate) async throws -> PublicCredential? {
        guard let row = try await database.raw("""
            SELECT full_name, name_key, date_of_birth, kind, graduation_year, issuer, status FROM credential_entries
            WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))
            """).first(decoding: PublicRow.self, keyDecodingStrategy: .convertFromSnakeCase),
              row.nameKey == PersonName.foldedKey(fullName), row.dateOfBirth == dateOfBirth.iso,
              let kind = CredentialKind(rawValue: row.kind), let status = EntryStatus(rawValue: row.status)
        else { return nil }
        return PublicCredential(fullName: row.fullName, dateOfBirth: row.dateOfBirth, kind: kind.rawValue, kindLabel: kind.label,
                                graduationYear: row.graduationYear, issuedBy: row.issuer, status: status.rawValue, statusLabel: status.label)
    }

    /// The fields a correction may change.
    public enum CorrectableField: String, Sendable, CaseIterable {
        case fullName = "full_name", dateOfBirth = "date_of_birth", gender, birthplace, school, classification, ethnicity, signer

        /// The field a request names (`full_name`, …), or the refusal that lists the fields a correction may change.
        public init(named name: String) throws(EduError) {
            guard let field = Self(rawValue: name) else {
                let names = Self.allCases.map(\.rawValue).joined(separator: ", ")
                throw EduError("credentials.correction", vi: "Không đính chính được trường \"\(name)\"; các trường: \(names)",
                               en: "The field \"\(name)\" cannot be corrected; the fields: \(names)")
            }
            self = field
        }

        public var label: Bilingual {
            switch self {
            case .fullName: Bilingual(vi: "Họ và tên", en: "Full name")
            case .dateOfBirth: Bilingual(vi: "Ngày sinh", en: "Date of birth")
            case .gender: Bilingual(vi: "Giới tính", en: "Gender")
            case .birthplace: Bilingual(vi: "Nơi sinh", en: "Birthplace")
            case .school: Bilingual(vi: "Trường, hội đồng thi", en: "School or exam council")
            case .classification: Bilingual(vi: "Xếp loại", en: "Classification")
            case .ethnicity: Bilingual(vi: "Dân tộc", en: "Ethnicity")
            case .signer: Bilingual(vi: "Người ký", en: "Signer")
            }
        }
    }

    /// Corrects an entry by a correction decision (an appendix entry of the register): the current values change, the
    /// entry is marked corrected, and the event keeps what was there before. A field given its current value (both
    /// read as the register stores text: NFC, single spaces, an ISO date) is no change; a correction that changes
    /// nothing is refused. Returns the fields that changed.
    @discardableResult
    public func correct(entryID: Int, changes proposed: [CorrectableField: String], decisionNumber: String, decisionDate: CalendarDate,
                        by actor: Actor) async throws -> [CorrectableField] {
        let decision = decisionNumber.trimmingCharacters(in: .whitespaces)
        guard !decision.isEmpty else { throw RegisterError.decisionRequired }
        let entry = try await current(entryID)
        guard entry.status != EntryStatus.revoked.rawValue else { throw RegisterError.revoked }
        var changes: [CorrectableField: String] = [:]
        for (field, value) in proposed {
            let stored = try Self.stored(value, as: field), current = entry.value(field)
            if stored != ((try? Self.stored(current, as: field)) ?? current) { changes[field] = stored }
        }
        guard !changes.isEmpty else { throw RegisterError.nothingToCorrect }
        if let birth = changes[.dateOfBirth].flatMap(CalendarDate.init(iso:)), entry.graduationYear < birth.year + 10 {
            throw EduError("credentials.correction", vi: "Năm tốt nghiệp \(entry.graduationYear) không thể có với ngày sinh \(birth.vietnamese)",
                           en: "A graduation year of \(entry.graduationYear) is impossible for a birth date of \(birth.iso)")
        }
        var before: [String: String] = [:], after: [String: String] = [:]
        for (field, stored) in changes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            before[field.rawValue] = entry.value(field)
            after[field.rawValue] = stored
            try await database.raw("UPDATE credential_entries SET \(ident: field.rawValue) = \(bind: stored) WHERE id = \(bind: entryID)").run()
            if field == .fullName {
                try await database.raw("UPDATE credential_entries SET name_key = \(bind: PersonName.foldedKey(stored)) WHERE id = \(bind: entryID)").run()
            }
        }
        try await database.raw("UPDATE credential_entries SET status = \(bind: EntryStatus.corrected.rawValue) WHERE id = \(bind: entryID)").run()
        // A holder linked on the values this corrects is to be linked again: by name and birth date (HolderLinks), or by
        // the linkage model or a person's review of its proposal (HolderLinkage), which weigh gender and birthplace too.
        // A link by personal ID stands. Every proposal for the entry, decided or not, is withdrawn: the next run judges
        // the corrected values afresh.
        let compared: Set<CorrectableField> = [.fullName, .dateOfBirth, .gender, .birthplace]
        if !compared.isDisjoint(with: changes.keys) {
            let methods = changes.keys.contains(.fullName) || changes.keys.contains(.dateOfBirth)
                ? ["name_birth", "probable", "reviewed"] : ["probable", "reviewed"]
            try await database.raw("""
                UPDATE credential_entries SET student_id = NULL, link_method = NULL
                WHERE id = \(bind: entryID) AND link_method IN (\(binds: methods))
                """).run()
            try await database.raw("UPDATE credential_holder_candidates SET status = 'withdrawn' WHERE entry_id = \(bind: entryID)").run()
        }
        try await event("corrected", entryID: entryID, decision: decision, date: decisionDate, ground: nil,
                        before: try Self.json(before), after: try Self.json(after), by: actor)
        return changes.keys.sorted { $0.rawValue < $1.rawValue }
    }

    /// A corrected value as the register stores it.
    private static func stored(_ value: String, as field: CorrectableField) throws -> String {
        let text = value.nfc.trimmingCharacters(in: .whitespaces)
        switch field {
        case .fullName:
            if let problem = PersonName.problem(text) { throw EduError("credentials.correction", vi: problem.vi, en: problem.en) }
            return PersonName.normalized(text)
        case .dateOfBirth:
            guard case .success(let date) = CalendarDate.parse(text) else { throw RegisterError.date }
            return date.iso
        case .gender:
            guard let gender = Gender(parsing: text) else { throw RegisterError.gender }
            return gender.rawValue
        default:
            return PersonName.normalized(text)  // as the import stores text: NFC, single spaces
        }
    }

    /// Revokes an entry on one of the legal grounds, by a decision. A revoked entry stays in the register.
    public func revoke(entryID: Int, ground: RevocationGround, decisionNumber: String, decisionDate: CalendarDate, by actor: Actor) async throws {
        let decision = decisionNumber.trimmingCharacters(in: .whitespaces)
        guard !decision.isEmpty else { throw RegisterError.decisionRequired }
        let entry = try await current(entryID)
        guard entry.status != EntryStatus.revoked.rawValue else { throw RegisterError.revoked }
        try await database.raw("UPDATE credential_entries SET status = \(bind: EntryStatus.revoked.rawValue) WHERE id = \(bind: entryID)").run()
        try await event("revoked", entryID: entryID, decision: decision, date: decisionDate, ground: ground.rawValue,
                        before: entry.status, after: EntryStatus.revoked.rawValue, by: actor)
    }

    public struct Event: Sendable, Hashable, Codable {
        public let kind: String
        public let decisionNumber: String
        public let decisionDate: String
        public let ground: String?
        public let before: String?
        public let after: String?
        public let at: String
        public let by: String
    }

    /// Every correction and revocation of an entry, oldest first. The values before and after are the holder's
    /// personal data, so each read is audited.
    public func history(entryID: Int, by actor: Actor) async throws -> [Event] {
        let events = try await database.raw("""
            SELECT kind, decision_number, decision_date, ground, before, after, at, by FROM credential_events
            WHERE entry_id = \(bind: entryID) ORDER BY id
            """).all(decoding: Event.self, keyDecodingStrategy: .convertFromSnakeCase)
        try await AuditLog(database).append(AuditEvent(action: "read_history", entity: "credential_entry", entityID: String(entryID)), by: actor)
        return events
    }

    /// The entry a credential (signed copy or VC) is issued from; a revoked entry is never issued again. On PostgreSQL
    /// the row is locked until the transaction ends, so a revocation cannot slip in between this check and the issue.
    public func issuable(serial: String) async throws -> IssuableEntry {
        guard let row = try await database.raw("""
            SELECT \(unsafeRaw: IssuableRow.columns) FROM credential_entries WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))
            \(unsafeRaw: Dialect(database) == .postgres ? "FOR UPDATE" : "")
            """).first(decoding: IssuableRow.self, keyDecodingStrategy: .convertFromSnakeCase), let entry = row.entry
        else { throw RegisterError.notFound }
        guard row.status != EntryStatus.revoked.rawValue else { throw RegisterError.revoked }
        guard row.verification != nil else { throw RegisterError.unverified }
        return entry
    }

    /// The entries of a graduation year (of one school or council when given) that can be issued, in serial order,
    /// each with whether a credential of `kind` was issued from it before: what a batch issues, or skips when resumed.
    public func issuable(graduationYear: Int, school: String?, kind: String) async throws -> [(entry: IssuableEntry, issuedBefore: Bool)] {
        struct Row: Decodable { let issued: Int }
        let school: SQLQueryString = school.map { "AND school = \(bind: PersonName.normalized($0))" } ?? ""
        let rows = try await database.raw("""
            SELECT \(unsafeRaw: IssuableRow.columns),
                   (SELECT COUNT(*) FROM credential_issuances i WHERE i.entry_id = credential_entries.id AND i.kind = \(bind: kind)) AS issued
            FROM credential_entries
            WHERE graduation_year = \(bind: graduationYear) AND status <> \(bind: EntryStatus.revoked.rawValue) AND verification IS NOT NULL \(school)
            ORDER BY serial
            """).all()
        return try rows.compactMap { row in
            let entry = try row.decode(model: IssuableRow.self, keyDecodingStrategy: .convertFromSnakeCase).entry
            return try entry.map { ($0, try row.decode(model: Row.self).issued > 0) }
        }
    }

    /// Whether the entry with this serial was checked against the paper register (nil when there is none).
    public func isChecked(serial: String) async throws -> Bool? {
        struct Row: Decodable { let verification: String? }
        return try await database.raw("SELECT verification FROM credential_entries WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))")
            .first(decoding: Row.self).map { $0.verification != nil }
    }

    /// How many entries of a graduation year (of one school when given) wait for their check against the paper register.
    public func uncheckedCount(graduationYear: Int, school: String?) async throws -> Int {
        struct Row: Decodable { let n: Int }
        let school: SQLQueryString = school.map { "AND school = \(bind: PersonName.normalized($0))" } ?? ""
        return try await database.raw("""
            SELECT COUNT(*) AS n FROM credential_entries
            WHERE graduation_year = \(bind: graduationYear) AND status <> \(bind: EntryStatus.revoked.rawValue) AND verification IS NULL \(school)
            """).first(decoding: Row.self)?.n ?? 0
    }

    /// Records that a credential was issued from an entry, and by which seal.
    public func recordIssuance(entryID: Int, kind: String, signer: String, by actor: Actor) async throws {
        try await database.raw("""
            INSERT INTO credential_issuances (entry_id, kind, signer, issued_at, issued_by)
            VALUES (\(bind: entryID), \(bind: kind), \(bind: signer), \(bind: Timestamp.now), \(bind: actor.name))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "issue_\(kind)", entity: "credential_entry", entityID: String(entryID),
                                                       after: "signed by \(signer)"), by: actor)
    }

    /// The seal that issued the latest credential: it signs the status lists too.
    public func issuingSeal() async throws -> String? {
        struct Row: Decodable { let signer: String }
        return try await database.raw("SELECT signer FROM credential_issuances WHERE kind = 'vc' ORDER BY id DESC LIMIT 1").first(decoding: Row.self)?.signer
    }

    /// The ids of every revoked entry (for the status lists).
    public func revokedEntryIDs() async throws -> [Int] {
        try await database.raw("SELECT id FROM credential_entries WHERE status = \(bind: EntryStatus.revoked.rawValue) ORDER BY id")
            .all(decoding: IDRow.self).map(\.id)
    }

    /// An entry's id and status by serial, for checking a credential that names it; nil when the register has none.
    public func standing(serial: String) async throws -> (entryID: Int, status: EntryStatus)? {
        struct Row: Decodable { let id: Int; let status: String }
        guard let row = try await database.raw("""
            SELECT id, status FROM credential_entries WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))
            """).first(decoding: Row.self), let status = EntryStatus(rawValue: row.status) else { return nil }
        return (row.id, status)
    }

    /// Whether the register stands behind a verifiable credential whose one signature is trusted, made by the certificate
    /// whose subject is `signerSubject`: the entry with that serial at that status position, issued as a VC by a seal
    /// with that subject, the credential naming that seal as its issuer. The entry's status when it does; nil otherwise.
    /// `seals`: every signer's name and certificate subject (`SignerStore.list`).
    public func standing(of claims: CredentialClaims, signerSubject: String, seals: [SignerSummary]) async throws -> EntryStatus? {
        guard let (entry, status) = try await standing(serial: claims.serial), claims.names(entry: entry) else { return nil }
        let subjects = Dictionary(seals.map { ($0.name, $0.subject) }, uniquingKeysWith: { first, _ in first })
        let issuedBy = try await issuers(entryID: entry, kind: "vc").filter { seal in
            subjects[seal] == signerSubject && claims.issuerID.hasSuffix("/issuers/\(seal)")
        }
        return issuedBy.isEmpty ? nil : status
    }

    /// The signers (by name) that issued an entry as `kind` (`vc`, `pdf`).
    public func issuers(entryID: Int, kind: String) async throws -> [String] {
        try await database.raw("SELECT DISTINCT signer FROM credential_issuances WHERE entry_id = \(bind: entryID) AND kind = \(bind: kind)")
            .all().map { try $0.decode(column: "signer", as: String.self) }
    }

    /// The refusal for a serial the register does not have.
    public static let unknownSerial = EduError("credentials.not_found", vi: "Không có số hiệu này trong sổ gốc", en: "No such serial in the register")

    public func entryID(serial: String) async throws -> Int? {
        try await database.raw("SELECT id FROM credential_entries WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(serial))")
            .first(decoding: IDRow.self)?.id
    }

    private static func json(_ fields: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(fields), as: UTF8.self)
    }

    /// The entry as it stands, locked on PostgreSQL until the transaction ends: a correction and a revocation of one
    /// entry take turns, so neither acts on a status the other has just changed.
    private func current(_ id: Int) async throws -> CurrentRow {
        guard let row = try await database.raw("""
            SELECT full_name, date_of_birth, gender, birthplace, school, classification, ethnicity, signer, status, graduation_year
            FROM credential_entries WHERE id = \(bind: id) \(unsafeRaw: Dialect(database) == .postgres ? "FOR UPDATE" : "")
            """).first(decoding: CurrentRow.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw RegisterError.notFound }
        return row
    }

    private func event(_ kind: String, entryID: Int, decision: String, date: CalendarDate, ground: String?, before: String?, after: String?,
                       by actor: Actor) async throws {
        try await database.raw("""
            INSERT INTO credential_events (entry_id, kind, decision_number, decision_date, ground, before, after, at, by)
            VALUES (\(bind: entryID), \(bind: kind), \(bind: decision), \(bind: date.iso), \(bind: ground), \(bind: before), \(bind: after),
                    \(bind: Timestamp.now), \(bind: actor.name))
            """).run()
        try await AuditLog(database).append(AuditEvent(action: kind, entity: "credential_entry", entityID: String(entryID), before: before, after: after),
                                            by: actor)
    }
}

enum RegisterError {
    static let notFound = EduError("credentials.not_found", vi: "Không có mục này trong sổ gốc", en: "No such register entry")
    static let decisionRequired = EduError("credentials.decision", vi: "Cần số và ngày của quyết định", en: "A decision number and date are required")
    static let nothingToCorrect = EduError("credentials.correction", vi: "Không có nội dung đính chính", en: "Nothing to correct")
    static let revoked = EduError("credentials.revoked", vi: "Văn bằng đã bị thu hồi", en: "The credential has been revoked")
    static let unverified = EduError("credentials.unverified",
                                     vi: "Mục này chưa được đối chiếu với sổ gốc giấy (nhập liệu hai lần hoặc biên bản đối chiếu): chưa cấp được",
                                     en: "This entry has not been checked against the paper register (double entry or a comparison's record): it cannot be issued yet")
    static let date = EduError("credentials.correction", vi: "Ngày sinh không hợp lệ", en: "The date of birth is not valid")
    static let gender = EduError("credentials.correction", vi: "Giới tính là Nam hoặc Nữ", en: "The gender is Nam or Nữ")
}

/// A column of a registered entry to fill, and its value.
private struct Fill {
    let column: String, value: String
}

private struct ExistingRow: Decodable {
    let id: Int, serial: String, registerNumber: String, kind: String, fullName: String, dateOfBirth: String, school: String
    let graduationYear: Int, decisionNumber: String, decisionDate: String, pageSha256: String?
    let gender: String?, birthplace: String, nationalIdHash: String?, classification: String, ethnicity: String, signer: String
    let verification: String?

    /// The first column whose stored value the row does not hold (the row has another, or none); nil when it holds
    /// them all.
    func disagreement(with entry: RegisterEntryDraft, cipher: PersonalDataCipher) -> String? {
        if decisionDate != entry.decisionDate.iso { return "decision_date" }
        if let gender, gender != entry.gender?.rawValue { return "gender" }
        if let nationalIdHash, nationalIdHash != entry.nationalID.map({ cipher.lookupHash($0.digits) }) { return "national_id" }
        for (column, stored, value) in [("birthplace", birthplace, entry.birthplace), ("classification", classification, entry.classification),
                                        ("ethnicity", ethnicity, entry.ethnicity), ("signer", signer, entry.signer)]
        where !stored.isEmpty && stored != value {
            return column
        }
        return nil
    }

    /// The columns this entry leaves empty that `entry` has, with the values to store.
    func filling(from entry: RegisterEntryDraft, cipher: PersonalDataCipher) throws -> [Fill] {
        var fields: [Fill] = []
        if gender == nil, let value = entry.gender { fields.append(Fill(column: "gender", value: value.rawValue)) }
        if nationalIdHash == nil, let id = entry.nationalID {
            fields.append(Fill(column: "national_id_enc", value: try cipher.seal(id.digits)))
            fields.append(Fill(column: "national_id_hash", value: cipher.lookupHash(id.digits)))
        }
        for (column, stored, value) in [("birthplace", birthplace, entry.birthplace), ("classification", classification, entry.classification),
                                        ("ethnicity", ethnicity, entry.ethnicity), ("signer", signer, entry.signer)]
        where stored.isEmpty && !value.isEmpty {
            fields.append(Fill(column: column, value: value))
        }
        return fields
    }

    func matches(_ entry: RegisterEntryDraft) -> Bool {
        registerNumber == entry.registerNumber && kind == entry.kind.rawValue && fullName == entry.fullName
            && dateOfBirth == entry.dateOfBirth.iso && school == entry.school && graduationYear == entry.graduationYear
            && decisionNumber == entry.decisionNumber
    }
}

private struct IssuableRow: Decodable {
    static let columns = "id, kind, serial, register_number, full_name, school, graduation_year, classification, decision_number, decision_date, status, verification"

    let id: Int, kind: String, serial: String, registerNumber: String, fullName: String, school: String, graduationYear: Int
    let classification: String, decisionNumber: String, decisionDate: String, status: String, verification: String?

    var entry: IssuableEntry? {
        guard let kind = CredentialKind(rawValue: kind), let decided = CalendarDate(iso: decisionDate) else { return nil }
        return IssuableEntry(id: id, kind: kind, serial: serial, registerNumber: registerNumber, fullName: fullName, school: school,
                             graduationYear: graduationYear, classification: classification, decisionNumber: decisionNumber,
                             decisionDate: decided)
    }
}

private struct PublicRow: Decodable {
    let fullName: String, nameKey: String, dateOfBirth: String, kind: String, graduationYear: Int, issuer: String, status: String
}

private struct CurrentRow: Decodable {
    let fullName: String, dateOfBirth: String, gender: String?, birthplace: String, school: String, classification: String
    let ethnicity: String, signer: String, status: String, graduationYear: Int

    func value(_ field: RegisterStore.CorrectableField) -> String {
        switch field {
        case .fullName: fullName
        case .dateOfBirth: dateOfBirth
        case .gender: gender ?? ""
        case .birthplace: birthplace
        case .school: school
        case .classification: classification
        case .ethnicity: ethnicity
        case .signer: signer
        }
    }
}
