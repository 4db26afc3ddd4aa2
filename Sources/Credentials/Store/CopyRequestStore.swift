import Access
import Documents
import EduCore
import Foundation
import Signing
import SQLKit
import Storage

/// The certified-copy service (bản sao từ sổ gốc, Nghị định 23/2015): a request names the credential as the diploma
/// does (serial, holder's name and date of birth) and who asks; it gets the legal deadline and a code to follow it;
/// staff issue an electronic copy signed with the register-holding unit's seal, or refuse with a reason. Every step is
/// audited; a failure while issuing leaves the request as it was.
public struct CopyRequestStore: Sendable {
    private let database: EduDatabase
    private let cipher: PersonalDataCipher
    private let calendar: WorkingCalendar
    /// Where the public reaches the platform: a request's page is `publicURL/ban-sao/CODE`.
    private let publicURL: String

    public init(_ database: EduDatabase, cipher: PersonalDataCipher, calendar: WorkingCalendar = WorkingCalendar(),
                publicURL: String = "http://127.0.0.1:8080") {
        self.database = database
        self.cipher = cipher
        self.calendar = calendar
        self.publicURL = publicURL
    }

    /// The same answer whether the serial is unknown or the name or date of birth do not match it.
    public static let notFound = EduError("copies.not_found", vi: "Không tìm thấy văn bằng khớp với số hiệu, họ tên và ngày sinh đã nhập",
                                          en: "No credential matches that serial, name and date of birth")

    public func submit(_ draft: CopyRequestDraft, at time: Date = Date(), by actor: Actor) async throws -> CopyRequest {
        let requesterName = PersonName.normalized(draft.requesterName)
        let (identity, contact) = (draft.identityDocument.trimmingCharacters(in: .whitespaces), draft.contact.trimmingCharacters(in: .whitespaces))
        guard PersonName.problem(requesterName) == nil, !identity.isEmpty, !contact.isEmpty else {
            throw EduError("copies.requester", vi: "Cần họ tên người yêu cầu, số giấy tờ tùy thân và số điện thoại hoặc thư điện tử",
                           en: "The requester's name, identity document number and a phone or e-mail are required")
        }
        if draft.requester != .holder, draft.note.trimmingCharacters(in: .whitespaces).isEmpty {
            throw EduError("copies.note", vi: "Người đại diện hoặc thân nhân cần ghi rõ giấy uỷ quyền hoặc quan hệ với người được cấp",
                           en: "A representative or relative must state the authorisation or the family tie")
        }
        let deadline = calendar.deadline(receivedAt: time)
        let (cipher, receivedAt) = (cipher, Timestamp.string(time))
        let id = try await database.transaction { db in
            struct Entry: Decodable { let id: Int; let nameKey: String; let dateOfBirth: String; let status: String }
            guard let entry = try await db.raw("""
                SELECT id, name_key, date_of_birth, status FROM credential_entries WHERE serial = \(bind: RegisterEntryDraft.normalizedSerial(draft.serial))
                """).first(decoding: Entry.self, keyDecodingStrategy: .convertFromSnakeCase),
                  entry.nameKey == PersonName.foldedKey(draft.holderName), entry.dateOfBirth == draft.holderBirth.iso
            else { throw Self.notFound }
            guard entry.status != EntryStatus.revoked.rawValue else { throw RegisterError.revoked }
            let id = try await db.raw("""
                INSERT INTO copy_requests (code, entry_id, requester, requester_name, identity_enc, contact_enc, note, received_at, deadline, status)
                VALUES (\(bind: PublicCode.make()), \(bind: entry.id), \(bind: draft.requester.rawValue), \(bind: requesterName),
                        \(bind: try cipher.seal(identity)), \(bind: try cipher.seal(contact)), \(bind: draft.note.nfc.trimmingCharacters(in: .whitespaces)),
                        \(bind: receivedAt), \(bind: deadline.iso), \(bind: CopyStatus.received.rawValue))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            try await AuditLog(db).append(AuditEvent(action: "request", entity: "copy_request", entityID: String(id),
                                                     after: "entry \(entry.id), \(draft.requester.rawValue), deadline \(deadline.iso)"), by: actor)
            return id
        }
        return try await request(id: id)!
    }

    public func request(id: Int) async throws -> CopyRequest? {
        try await requests(where: "r.id = \(bind: id)", limit: 1).first
    }

    /// The requester's view: the code is the key.
    public func request(code: String) async throws -> CopyRequest? {
        try await requests(where: "r.code = \(bind: PublicCode.normalized(code))", limit: 1).first
    }

    /// Staff's queue: requests in `status`, the nearest deadline first.
    public func queue(status: CopyStatus = .received, limit: Int = 200) async throws -> [CopyRequest] {
        try await requests(where: "r.status = \(bind: status.rawValue)", order: status == .received ? "r.deadline, r.id" : "r.decided_at DESC, r.id DESC",
                           limit: limit)
    }

    private func requests(where filter: SQLQueryString, order: String = "r.id", limit: Int) async throws -> [CopyRequest] {
        struct Row: Decodable {
            let id: Int, code: String, serial: String, fullName: String, requester: String, requesterName: String, receivedAt: String
            let deadline: String, status: String, refusal: String?, decidedBy: String?, decidedAt: String?
            let pageScanId: Int?, pageMediaType: String?
        }
        return try await database.sql.raw("""
            SELECT r.id, r.code, e.serial, e.full_name, r.requester, r.requester_name, r.received_at, r.deadline, r.status, r.refusal,
                   r.decided_by, r.decided_at, e.page_scan_id, s.media_type AS page_media_type
            FROM copy_requests r JOIN credential_entries e ON e.id = r.entry_id LEFT JOIN credential_page_scans s ON s.id = e.page_scan_id
            WHERE \(filter) ORDER BY \(unsafeRaw: order) LIMIT \(bind: limit)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { row in
                let page = row.pageScanId.flatMap { id in row.pageMediaType.flatMap(PageScan.MediaType.init).map { PageScanReference(id: id, mediaType: $0) } }
                return CopyRequest(id: row.id, code: row.code, serial: row.serial, holderName: row.fullName,
                                   requester: CopyRequester(rawValue: row.requester)!, requesterName: row.requesterName, receivedAt: row.receivedAt,
                                   deadline: CalendarDate(iso: row.deadline)!, status: CopyStatus(rawValue: row.status)!, refusal: row.refusal,
                                   decidedBy: row.decidedBy, decidedAt: row.decidedAt, pageScan: page)
            }
    }

    /// What staff check before deciding: the requester's identity document, contact and note (decrypted; the read is audited).
    public func particulars(id: Int, by actor: Actor) async throws -> (identityDocument: String, contact: String, note: String)? {
        struct Row: Decodable { let identityEnc: String; let contactEnc: String; let note: String }
        guard let row = try await database.sql.raw("SELECT identity_enc, contact_enc, note FROM copy_requests WHERE id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        try await AuditLog(database.sql).append(AuditEvent(action: "read", entity: "copy_request", entityID: String(id)), by: actor)
        return (try cipher.open(row.identityEnc), try cipher.open(row.contactEnc), row.note)
    }

    /// Issues the copy: the entry's current values (corrections included) rendered from the template, signed with the
    /// seal `signerName` (a unit's seal, as the body holding the register signs), logged in the transparency log, and
    /// stored with the decision, all in one transaction.
    public func issue(id: Int, signerName: String, pin: String? = nil, signers: SignerStore, by actor: Actor) async throws -> CopyRequest {
        let (cipher, publicURL) = (cipher, publicURL)
        let template = try Self.template()
        try await database.transaction { db in
            let signers = signers.on(db)
            let request = try await Self.pending(id, db)
            // A request made before a revocation is not issued after it (the entry stays locked until this commits).
            struct Entry: Decodable { let status: String; let verification: String? }
            let entry = try await db.raw("""
                SELECT status, verification FROM credential_entries WHERE id = \(bind: request.entryID) \(unsafeRaw: Dialect(db) == .postgres ? "FOR UPDATE" : "")
                """).first(decoding: Entry.self)
            guard entry?.status != EntryStatus.revoked.rawValue else { throw RegisterError.revoked }
            // A copy certifies what the register holds: an entry not yet checked against the paper register is not copied.
            guard entry?.verification != nil else { throw RegisterError.unverified }
            guard let bound = try await signers.binding(named: signerName), bound.kind == .seal, bound.binding.unitID != nil else {
                throw EduError("copies.signer", vi: "Bản sao từ sổ gốc được ký bằng con dấu của cơ quan quản lý sổ gốc; \"\(signerName)\" không phải",
                               en: "A copy from the register is signed with the seal of the body holding the register; \"\(signerName)\" is not one")
            }
            let fields = try await Self.fields(entryID: request.entryID, code: request.code, requester: request.requesterName,
                                               link: "\(publicURL)/ban-sao/\(request.code)", db)
            let rendered = try PDFRenderer().render(template: template, document: fields, keywords: CopyRequest.keyword(code: request.code))
            guard let slot = rendered.signatureSlots.first(where: { $0.role == "seal" }) else {
                throw EduError("copies.template", vi: "Mẫu bản sao thiếu ô ký của con dấu", en: "The copy template has no seal slot")
            }
            let key = try await signers.signer(named: signerName, pin: pin)
            let placement = PDFSignaturePlacement(page: slot.page - 1, rect: .init(x: slot.rect.x, y: slot.rect.y, width: slot.rect.width,
                                                                                      height: slot.rect.height))
            let signed = try await PAdESSigner(signer: key.cmsSigner()).sign(rendered.bytes, placement: placement)
            _ = try await TransparencyLog(db, cipher: cipher).append([
                TransparencyLog.entry(kind: "certified_copy", document: rendered.bytes, signature: signed, signer: try SignerStore.fingerprint(key.certificate)),
            ])
            try await Self.decide(id, status: .issued, refusal: nil, pdf: signed, signer: signerName, by: actor, db)
            // Listed with the entry's other issued credentials (the staff's register page).
            try await RegisterStore(db, cipher: cipher).recordIssuance(entryID: request.entryID, kind: "pdf", signer: signerName, by: actor)
        }
        return try await request(id: id)!
    }

    public func refuse(id: Int, reason: String, by actor: Actor) async throws -> CopyRequest {
        let reason = reason.nfc.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw EduError("copies.reason", vi: "Từ chối phải nêu lý do bằng văn bản", en: "A refusal must state its reason")
        }
        try await database.transaction { db in
            _ = try await Self.pending(id, db)
            try await Self.decide(id, status: .refused, refusal: reason, pdf: nil, signer: nil, by: actor, db)
        }
        return try await request(id: id)!
    }

    /// Where the register entry behind an uploaded copy stands now: only for a PDF that is, byte for byte, a copy this
    /// service issued (its `/Keywords` name the request; the stored copy must be the same file). Nil for anything else,
    /// so no one learns about an entry from a file they made.
    /// Each answer is audited, as a read of the holder's record.
    public func standing(ofCopy pdf: [UInt8], by actor: Actor) async throws -> (request: CopyRequest, status: EntryStatus)? {
        guard let keyword = try? PDFDocumentInfo.keywords(of: pdf), let code = CopyRequest.code(fromKeyword: keyword),
              let stored = try await copy(code: code), stored == pdf, let request = try await request(code: code)
        else { return nil }
        try await AuditLog(database.sql).append(AuditEvent(action: "read_public", entity: "copy_request", entityID: String(request.id)), by: actor)
        struct Row: Decodable { let status: String }
        guard let row = try await database.sql.raw("""
            SELECT e.status FROM credential_entries e JOIN copy_requests r ON r.entry_id = e.id WHERE r.id = \(bind: request.id)
            """).first(decoding: Row.self), let status = EntryStatus(rawValue: row.status)
        else { return nil }
        return (request, status)
    }

    /// The signed copy handed to whoever holds its code, each download audited: it is the holder's personal record.
    public func download(code: String, by actor: Actor) async throws -> [UInt8]? {
        guard let pdf = try await copy(code: code), let request = try await request(code: code) else { return nil }
        try await AuditLog(database.sql).append(AuditEvent(action: "download", entity: "copy_request", entityID: String(request.id)), by: actor)
        return pdf
    }

    /// The signed copy of an issued request, for whoever holds its code.
    public func copy(code: String) async throws -> [UInt8]? {
        struct Row: Decodable { let pdf: Data? }
        return try await database.sql.raw("""
            SELECT pdf FROM copy_requests WHERE code = \(bind: PublicCode.normalized(code)) AND status = \(bind: CopyStatus.issued.rawValue)
            """).first(decoding: Row.self)?.pdf.map { [UInt8]($0) }
    }

    private struct Pending { let entryID: Int; let code: String; let requesterName: String }

    private static func pending(_ id: Int, _ db: any SQLDatabase) async throws -> Pending {
        struct Row: Decodable { let entryId: Int; let code: String; let requesterName: String; let status: String }
        guard let row = try await db.raw("SELECT entry_id, code, requester_name, status FROM copy_requests WHERE id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else {
            throw EduError("copies.no_request", vi: "Không có yêu cầu này", en: "No such request")
        }
        guard row.status == CopyStatus.received.rawValue else {
            throw EduError("copies.decided", vi: "Yêu cầu này đã được giải quyết", en: "This request has already been decided")
        }
        return Pending(entryID: row.entryId, code: row.code, requesterName: row.requesterName)
    }

    /// Records the decision only if the request is still waiting, so two staff deciding at once cannot both succeed.
    private static func decide(_ id: Int, status: CopyStatus, refusal: String?, pdf: [UInt8]?, signer: String?, by actor: Actor,
                               _ db: any SQLDatabase) async throws {
        let updated = try await db.raw("""
            UPDATE copy_requests SET status = \(bind: status.rawValue), refusal = \(bind: refusal), pdf = \(bind: pdf.map { Data($0) }),
                signer = \(bind: signer), decided_by = \(bind: actor.name), decided_at = \(bind: Timestamp.now)
            WHERE id = \(bind: id) AND status = \(bind: CopyStatus.received.rawValue) RETURNING id
            """).first()
        guard updated != nil else {
            throw EduError("copies.decided", vi: "Yêu cầu này vừa được người khác giải quyết", en: "This request was just decided by someone else")
        }
        try await AuditLog(db).append(AuditEvent(action: status == .issued ? "issue" : "refuse", entity: "copy_request", entityID: String(id),
                                                 after: signer.map { "signed by \($0)" } ?? refusal), by: actor)
    }

    /// The template's fields from the entry's current values.
    private static func fields(entryID: Int, code: String, requester: String, link: String, _ db: any SQLDatabase) async throws -> [String: TemplateValue] {
        struct Row: Decodable {
            let kind: String, serial: String, registerNumber: String, fullName: String, dateOfBirth: String, gender: String?
            let birthplace: String, school: String, graduationYear: Int, classification: String, decisionNumber: String
            let decisionDate: String, issuer: String, status: String, ethnicity: String, signer: String
        }
        let entry = try await db.raw("""
            SELECT kind, serial, register_number, full_name, date_of_birth, gender, birthplace, school, graduation_year, classification,
                   decision_number, decision_date, issuer, status, ethnicity, signer FROM credential_entries WHERE id = \(bind: entryID)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)!
        let day = { (iso: String) in CalendarDate(iso: iso)?.vietnamese ?? iso }
        // The copy is issued by the body holding the register now (after a merger, not the one that issued the diploma).
        let holder = try await CustodyStore(db).holder(of: entry.issuer)
        return [
            "co_quan": .text(holder), "cap_boi": .text(entry.issuer), "loai": .text(CredentialKind(rawValue: entry.kind)?.label.vi ?? entry.kind),
            "ho_ten": .text(entry.fullName), "ngay_sinh": .text(day(entry.dateOfBirth)),
            "gioi_tinh": .text(entry.gender.flatMap(Gender.init(rawValue:))?.vietnamese ?? ""), "noi_sinh": .text(entry.birthplace),
            "dan_toc": .text(entry.ethnicity), "nguoi_ky": .text(entry.signer),
            "truong": .text(entry.school), "nam_tot_nghiep": .text(String(entry.graduationYear)), "xep_loai": .text(entry.classification),
            "so_hieu": .text(entry.serial), "so_vao_so": .text(entry.registerNumber),
            "quyet_dinh": .text("số \(entry.decisionNumber) ngày \(day(entry.decisionDate))"),
            "tinh_trang": .text(EntryStatus(rawValue: entry.status)?.label.vi ?? entry.status),
            "nguoi_yeu_cau": .text(requester), "ngay_cap": .text(CalendarDate.today.vietnamese), "ma": .text(code), "lien_ket": .text(link),
        ]
    }

    /// The template shipped with EduVN (templates are data: a province may keep its own beside it).
    static func template() throws -> DocumentTemplate {
        guard let url = Bundle.module.url(forResource: "ban-sao-tu-so-goc", withExtension: "json", subdirectory: "Resources") else {
            throw EduError("copies.template", vi: "Thiếu mẫu ban-sao-tu-so-goc.json (thư mục tài nguyên của Credentials)",
                           en: "The template ban-sao-tu-so-goc.json is missing (the Credentials resource bundle)")
        }
        return try DocumentTemplate(json: try Data(contentsOf: url))
    }
}
