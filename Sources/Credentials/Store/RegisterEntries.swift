import Access
import EduCore
import SQLKit
import Storage

/// Department staff's view of the register: finding entries by serial, register number or the holder's name, and one
/// entry in full with what was issued from it. Holders' personal data, so every search and read is audited (the
/// search without its text, which may be a name).
public struct RegisterEntries: Sendable {
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    public struct Summary: Sendable, Hashable, Decodable {
        public let id: Int
        public let kind: String
        public let serial: String
        public let registerNumber: String
        public let fullName: String
        public let dateOfBirth: String
        public let school: String
        public let graduationYear: Int
        public let status: String

        public var entryStatus: EntryStatus? { EntryStatus(rawValue: status) }
        public var credentialKind: CredentialKind? { CredentialKind(rawValue: kind) }
    }

    public struct Issuance: Sendable, Hashable, Codable {
        /// `pdf` (a signed copy) or `vc` (a verifiable credential).
        public let kind: String
        public let signer: String
        public let issuedAt: String
        public let issuedBy: String
    }

    public struct Detail: Sendable, Hashable {
        public let summary: Summary
        public let gender: Gender?
        public let birthplace: String
        public let ethnicity: String
        public let nationalID: String?
        public let classification: String
        public let decisionNumber: String
        public let decisionDate: String
        public let signer: String
        public let issuer: String
        public let createdAt: String
        public let createdBy: String
        public let pageScan: PageScanReference?
        /// How the entry was checked against the paper register; nil while it was not (it is not issued).
        public let verification: String?
        /// The registry's student the holder is linked to, and how (`national_id`, `name_birth`, `probable`, `reviewed`).
        public let holder: HolderLink?
        public let issuances: [Issuance]
    }

    public struct HolderLink: Sendable, Hashable {
        public let studentID: Int
        public let method: String
    }

    private static let summaryColumns: SQLQueryString =
        "e.id, e.kind, e.serial, e.register_number, e.full_name, e.date_of_birth, e.school, e.graduation_year, e.status"

    /// Entries whose serial or register number is `text`, then those whose holder's name starts with it (diacritics and
    /// case ignored), in name order; of one graduation year when given. Each kind of match is its own indexed query.
    public func find(_ text: String, graduationYear: Int? = nil, limit: Int = 50, by actor: Actor) async throws -> [Summary] {
        let query = text.nfc.trimmingCharacters(in: .whitespaces)
        guard !query.isEmpty else { return [] }
        let year: SQLQueryString = graduationYear.map { "AND e.graduation_year = \(bind: $0)" } ?? ""
        var found = try await summaries(where: "e.serial = \(bind: RegisterEntryDraft.normalizedSerial(query)) \(year)", order: "e.id", limit: limit)
        found += try await summaries(where: "e.register_number = \(bind: query) \(year)", order: "e.id", limit: limit)
        let key = PersonName.foldedKey(query)
        if !key.isEmpty {
            found += try await summaries(where: "e.name_key >= \(bind: key) AND e.name_key < \(bind: key + PersonName.foldedKeyEnd) \(year)",
                                         order: "e.name_key, e.id", limit: limit)
        }
        var seen = Set<Int>()
        let entries = Array(found.filter { seen.insert($0.id).inserted }.prefix(limit))
        try await AuditLog(database).append(AuditEvent(action: "search", entity: "credential_entry", entityID: "",
                                                       after: "\(entries.count) found"), by: actor)
        return entries
    }

    /// One entry in full, with its page scan, its holder's link and every credential issued from it; nil when there
    /// is none. The read is audited.
    public func entry(id: Int, by actor: Actor) async throws -> Detail? {
        struct Row: Decodable {
            let gender: String?, birthplace: String, ethnicity: String, nationalIdEnc: String?, classification: String
            let decisionNumber: String, decisionDate: String, signer: String, issuer: String, createdAt: String, createdBy: String
            let pageScanId: Int?, pageMediaType: String?, studentId: Int?, linkMethod: String?, verification: String?
        }
        let rows = try await database.raw("""
            SELECT \(Self.summaryColumns), e.gender, e.birthplace, e.ethnicity, e.national_id_enc, e.classification, e.decision_number,
                   e.decision_date, e.signer, e.issuer, e.created_at, e.created_by, e.page_scan_id, s.media_type AS page_media_type,
                   e.student_id, e.link_method, e.verification
            FROM credential_entries e LEFT JOIN credential_page_scans s ON s.id = e.page_scan_id WHERE e.id = \(bind: id)
            """).all()
        guard let first = rows.first else { return nil }
        let summary = try first.decode(model: Summary.self, keyDecodingStrategy: .convertFromSnakeCase)
        let row = try first.decode(model: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        let issuances = try await database.raw("""
            SELECT kind, signer, issued_at, issued_by FROM credential_issuances WHERE entry_id = \(bind: id) ORDER BY id
            """).all(decoding: Issuance.self, keyDecodingStrategy: .convertFromSnakeCase)
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "credential_entry", entityID: String(id)), by: actor)
        return Detail(
            summary: summary, gender: row.gender.flatMap(Gender.init(rawValue:)), birthplace: row.birthplace, ethnicity: row.ethnicity,
            nationalID: try row.nationalIdEnc.map(cipher.open), classification: row.classification, decisionNumber: row.decisionNumber,
            decisionDate: row.decisionDate, signer: row.signer, issuer: row.issuer, createdAt: row.createdAt, createdBy: row.createdBy,
            pageScan: row.pageScanId.flatMap { id in row.pageMediaType.flatMap(PageScan.MediaType.init).map { PageScanReference(id: id, mediaType: $0) } },
            verification: row.verification, holder: row.studentId.map { HolderLink(studentID: $0, method: row.linkMethod ?? "") }, issuances: issuances)
    }

    private func summaries(where filter: SQLQueryString, order: SQLQueryString, limit: Int) async throws -> [Summary] {
        try await database.raw("""
            SELECT \(Self.summaryColumns) FROM credential_entries e WHERE \(filter) ORDER BY \(order) LIMIT \(bind: limit)
            """).all(decoding: Summary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }
}
