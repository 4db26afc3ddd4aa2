import Access
import Documents
import EduCore
import Foundation
import Registry
import Signing
import SQLKit
import Storage

/// Who signs a học bạ: the homeroom teacher, the principal and the school's seal. The order is the layout's: its
/// signature slots as they are laid out (the shipped one: teacher, principal, seal; rules.md §3 marks the order
/// unverified, so a province's own layout, `EDUVN_HOC_BA_TEMPLATES`, sets another). Each document keeps the order
/// it was drafted with.
public enum HocBaSigner: String, Sendable, CaseIterable {
    case teacher, principal, seal

    /// The signers in the order of a document's slots (a layout holds every signer's slot: `HocBa.template` checks).
    static func order(of slots: [SignatureSlot]) -> [HocBaSigner] {
        let order = slots.compactMap { HocBaSigner(rawValue: $0.role) }
        return order.count == allCases.count ? order : allCases
    }

    public var label: Bilingual {
        switch self {
        case .teacher: Bilingual(vi: "giáo viên chủ nhiệm", en: "homeroom teacher")
        case .principal: Bilingual(vi: "hiệu trưởng", en: "principal")
        case .seal: Bilingual(vi: "con dấu của trường", en: "the school's seal")
        }
    }
}

/// One stored version of a học bạ.
/// A học bạ a student brought from another school (``HocBaStore/importTransferred(pdf:json:studentID:verifier:by:)``).
public struct TransferredHocBa: Sendable {
    public let id: Int
    public let document: HocBa
    public let importedAt: String
}

public struct HocBaVersion: Sendable {
    public let id: Int
    public let studentID: Int
    public let schoolYear: String
    public let version: Int
    public let document: HocBa
    /// `document` exactly as stored and as its digest in the PDF's `/Keywords` covers it: export these bytes.
    public let json: String
    public let pdf: [UInt8]
    /// How many of ``order`` have signed.
    public let signatures: Int
    /// Who signs, in turn.
    public let order: [HocBaSigner]
    /// Whether it is the newest version of the student's học bạ for that year.
    public let isCurrent: Bool

    /// Who signs next; nil once the seal has signed.
    public var nextSigner: HocBaSigner? { signatures < order.count ? order[signatures] : nil }
}

/// Học bạ documents: made from the approved gradebooks as JSON and PDF, then signed in order (PAdES, each signature an
/// incremental update, so the earlier ones stay valid). A correction makes a new version; every version is kept.
public struct HocBaStore: Sendable {
    private let database: EduDatabase
    private let cipher: PersonalDataCipher
    private let rules: TT22Rules
    /// By rule set: TT22's for secondary years, TT27's for primary ones.
    private let templates: [AssessmentRegime: DocumentTemplate]
    /// Where the public reaches the platform: each version's page is `publicURL/hb/CODE`.
    private let publicURL: String

    /// `settings` name a folder of the province's own layouts, if any, and the rules the results follow.
    public init(_ database: EduDatabase, cipher: PersonalDataCipher, publicURL: String = "http://127.0.0.1:8080",
                settings: RecordsSettings = RecordsSettings()) throws {
        self.database = database
        self.cipher = cipher
        self.publicURL = publicURL
        self.rules = settings.rules
        templates = [.tt22: try HocBa.template(.tt22, directory: settings.templateDirectory),
                     .tt27: try HocBa.template(.tt27, directory: settings.templateDirectory)]
    }

    /// Makes the next version of the student's học bạ for the class's school year, unsigned. Refused
    /// (`hoc_ba.not_approved`) until the principal has approved both semesters of the class. With
    /// `leavingAfterFirstSemester`, the record of semester I alone, for a student who moves school mid-year (only
    /// semester I need be approved; a primary record keeps the middle and the end of HK I). A student who came with such
    /// a record of another school gets a year whose semester I is that record's.
    public func draft(studentID: Int, classID: Int, leavingAfterFirstSemester leaving: Bool = false, by actor: Actor) async throws -> HocBaVersion {
        try await draft(studentID: studentID, classID: classID, leaving: leaving, unlessUnchanged: false, by: actor)!
    }

    /// With `unlessUnchanged`, nil (and nothing made) when the class's current version already says the same.
    private func draft(studentID: Int, classID: Int, leaving: Bool, unlessUnchanged: Bool, by actor: Actor) async throws -> HocBaVersion? {
        let (templates, rules, publicURL) = (templates, rules, publicURL)
        return try await database.transaction { db -> HocBaVersion? in
            let gradebooks = GradebookStore(db, rules: rules)
            for semester in leaving ? 1...1 : 1...2 where try await gradebooks.classStatus(classID: classID, semester: semester) != .approved {
                throw EduError("hoc_ba.not_approved", vi: "Học kì \(semester) của lớp chưa được hiệu trưởng phê duyệt",
                               en: "Semester \(semester) of the class has not been approved by the principal")
            }
            // HocBaFacts.read refuses a student who is not in the class.
            let facts = try await HocBaFacts.read(studentID: studentID, classID: classID, commentOf: leaving ? 1 : nil, db)
            if leaving, try await gradebooks.classStatus(classID: classID, semester: 2) == .approved {
                throw EduError("hoc_ba.year_complete", vi: "Cả năm học của lớp đã được phê duyệt: lập học bạ cả năm, không lập học bạ riêng học kì I",
                               en: "The class's whole year is approved: draft the year's học bạ, not a semester I record")
            }
            let version = (try await db.raw("""
                SELECT MAX(version) AS n FROM hoc_ba WHERE student_id = \(bind: studentID) AND school_year = \(bind: facts.schoolYear)
                """).first().flatMap { try $0.decode(column: "n", as: Int?.self) } ?? 0) + 1
            let code = PublicCode.make()
            let link = "\(publicURL)/hb/\(code)"
            var document: HocBa
            if GradebookStore.isPrimary(grade: facts.grade) {
                let results = try await gradebooks.primaryResults(classID: classID)
                document = facts.document(results.first { $0.studentID == String(studentID) }!, version: version, link: link,
                                          firstSemesterOnly: leaving)
            } else {
                let (students, lessons) = try await gradebooks.studentYears(classID: classID)
                let year = students.first { $0.studentID == String(studentID) }!
                let absences = leaving ? try await gradebooks.absences(studentID: studentID, classID: classID, semester: 1) : year.absences
                document = facts.document(rules.results(of: year, lessonsPerYear: lessons), of: year, version: version, link: link,
                                          firstSemesterOnly: leaving, absences: absences)
            }
            document.firstSemesterSchool = try await gradebooks.carriedFirstSemesters(classID: classID)[studentID]?.school
            if unlessUnchanged, let current = try await db.raw("""
                SELECT document FROM hoc_ba WHERE student_id = \(bind: studentID) AND class_id = \(bind: classID) ORDER BY version DESC LIMIT 1
                """).first().map({ try JSONDecoder().decode(HocBa.self, from: Data(try $0.decode(column: "document", as: String.self).utf8)) }),
                current.says(document) {
                return nil
            }
            let json = try Self.json(document)
            let rendered = try PDFRenderer().render(template: templates[document.assessmentRegime]!, document: document.templateFields,
                                                    keywords: HocBa.dataKeyword(json))
            let now = Timestamp.now
            let id = try await db.raw("""
                INSERT INTO hoc_ba (student_id, class_id, school_year, version, document, pdf, slots, signatures, link, created_at, updated_at)
                VALUES (\(bind: studentID), \(bind: classID), \(bind: facts.schoolYear), \(bind: version), \(bind: json),
                        \(bind: Data(rendered.bytes)), \(bind: try Self.json(rendered.signatureSlots)), 0, \(bind: code), \(bind: now), \(bind: now))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            try await AuditLog(db).append(AuditEvent(action: "draft", entity: "hoc_ba", entityID: String(id),
                                                     after: "student \(studentID) \(facts.schoolYear) v\(version)\(leaving ? " (học kì I)" : "")"), by: actor)
            return HocBaVersion(id: id, studentID: studentID, schoolYear: facts.schoolYear, version: version, document: document,
                                json: json, pdf: rendered.bytes, signatures: 0, order: HocBaSigner.order(of: rendered.signatureSlots), isCurrent: true)
        }
    }

    /// Adds the next signature with the signer called `signerName`, who must be the one the order asks for: the
    /// class's homeroom teacher, the school's principal, then the school's seal (`hoc_ba.wrong_signer`, audited, for
    /// anyone else, such as a teacher signing as principal). The signature goes into the template's slot for that
    /// role, is appended to the transparency log, and is stored with the document in one transaction: a failure
    /// leaves the previous state. Every signature carries a time-stamp (PAdES B-T, as the học bạ requires).
    public func sign(documentID: Int, signerName: String, pin: String? = nil, timestamping: SignatureTimestamping,
                     signers: SignerStore, by actor: Actor) async throws -> HocBaVersion {
        let cipher = cipher
        do {
            let stored = try await Self.version(id: documentID, database.sql)
            guard let role = stored.version.nextSigner else {
                throw EduError("hoc_ba.complete", vi: "Học bạ đã đủ chữ ký", en: "The học bạ is already fully signed")
            }
            guard stored.version.isCurrent else {
                throw EduError("hoc_ba.superseded", vi: "Đã có phiên bản mới hơn: ký phiên bản hiện hành",
                               en: "A newer version exists: sign the current one")
            }
            try await Self.checkSigner(signerName, for: role, classID: stored.classID, signers: signers, database.sql)
            try await Self.checkNamed(signerName, for: role, in: stored.version.document, signers: signers, database.sql)
            guard let slot = stored.slots.first(where: { $0.role == role.rawValue }) else {
                throw EduError("hoc_ba.slot", vi: "Mẫu học bạ thiếu ô ký \(role.rawValue)", en: "The template has no \(role.rawValue) slot")
            }
            let key = try await signers.signer(named: signerName, pin: pin)
            let placement = PDFSignaturePlacement(page: slot.page - 1, rect: .init(x: slot.rect.x, y: slot.rect.y,
                                                                                      width: slot.rect.width, height: slot.rect.height))
            // Signed and time-stamped before the transaction: a slow time-stamp authority holds no connection.
            let signed = try await PAdESSigner(signer: key.cmsSigner(), timestamping: timestamping).sign(stored.version.pdf, placement: placement)
            return try await database.transaction { db in
                _ = try await TransparencyLog(db, cipher: cipher).append([
                    TransparencyLog.entry(kind: "hoc_ba", document: stored.version.pdf, signature: signed,
                                          signer: try SignerStore.fingerprint(key.certificate)),
                ])
                // Signed by someone else meanwhile (the count changed) or superseded by a new version: this one rolls back,
                // log entry included.
                let updated = try await db.raw("""
                    UPDATE hoc_ba SET pdf = \(bind: Data(signed)), signatures = signatures + 1, updated_at = \(bind: Timestamp.now)
                    WHERE id = \(bind: documentID) AND signatures = \(bind: stored.version.signatures)
                    AND version = (SELECT MAX(n.version) FROM hoc_ba n WHERE n.student_id = hoc_ba.student_id AND n.class_id = hoc_ba.class_id)
                    RETURNING id
                    """).first()
                guard updated != nil else {
                    throw EduError("hoc_ba.concurrent", vi: "Học bạ vừa được người khác ký hoặc vừa có phiên bản mới: thử lại",
                                   en: "The học bạ was just signed by someone else or superseded: try again")
                }
                try await AuditLog(db).append(AuditEvent(action: "sign_\(role.rawValue)", entity: "hoc_ba", entityID: String(documentID),
                                                         after: signerName), by: actor)
                return try await Self.version(id: documentID, db).version
            }
        } catch let error as EduError where error.code == "hoc_ba.wrong_signer" {
            // The refusal is kept even though nothing else is.
            try await AuditLog(database.sql).append(AuditEvent(action: "refused_sign", entity: "hoc_ba", entityID: String(documentID),
                                                               after: signerName), by: actor)
            throw error
        }
    }

    /// Sorted keys: the stored JSON is the same for the same document.
    private static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public func version(id: Int) async throws -> HocBaVersion {
        try await Self.version(id: id, database.sql).version
    }

    /// Takes in a học bạ a student brings from another school: the PDF must carry three signatures that verify
    /// and are trusted (`verifier` holds the trust anchors and revocation), nothing but signatures added after the
    /// first, and in its `/Keywords` the digest of `json`, so the data is what the signers signed. Stored as
    /// received, for the student here; answers its id. A newer version of a record taken in before replaces it.
    /// `hoc_ba.transfer_untrusted`, `hoc_ba.transfer_mismatch`, `hoc_ba.transfer_format`, `hoc_ba.transfer_signers` (a
    /// signature not by the one the document names for it), `hoc_ba.transfer_known`.
    public func importTransferred(pdf: [UInt8], json: [UInt8], studentID: Int, verifier: DocumentVerifier, by actor: Actor) async throws -> Int {
        let report = try await verifier.verify(pdf, content: nil)
        // Three signers in turn — homeroom teacher, principal, seal — so three different certificates.
        let complete = report.signers.count == HocBaSigner.allCases.count && report.isTrusted
            && Set(report.signers.map(\.subject)).count == report.signers.count
            && report.signers.dropLast().allSatisfy { $0.coverage == "signatures_added_later" } && report.signers.last?.coverage == "entire_file"
        guard complete else {
            let reason = report.signers.first { $0.status != "trusted" }?.message
                ?? Bilingual(vi: "cần đủ ba chữ ký hợp lệ của ba người ký khác nhau (giáo viên chủ nhiệm, hiệu trưởng, con dấu)",
                             en: "three valid signatures by three different signers are needed (homeroom teacher, principal, seal)")
            throw EduError("hoc_ba.transfer_untrusted", vi: "Học bạ chuyển đến không được chấp nhận: \(reason.vi)",
                           en: "The transferred học bạ is not accepted: \(reason.en)")
        }
        guard try PDFDocumentInfo.keywords(of: pdf) == HocBa.dataKeyword(String(decoding: json, as: UTF8.self)) else {
            throw EduError("hoc_ba.transfer_mismatch", vi: "Tệp dữ liệu (JSON) không phải dữ liệu của học bạ đã ký",
                           en: "The data file (JSON) is not the data of the signed học bạ")
        }
        guard let document = try? JSONDecoder().decode(HocBa.self, from: Data(json)), document.formatVersion == 1 else {
            throw EduError("hoc_ba.transfer_format", vi: "Tệp dữ liệu học bạ không đọc được", en: "The học bạ data file cannot be read")
        }
        try Self.requireSignersInTheirRoles(report.signers, of: document)
        // The record must be this student's: the same name and date of birth as the student it is filed under.
        struct Student: Decodable { let fullName: String; let dateOfBirth: String }
        guard let student = try await database.sql.raw("SELECT full_name, date_of_birth FROM students WHERE id = \(bind: studentID)")
            .first(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase),
            PersonName.foldedKey(student.fullName) == PersonName.foldedKey(document.studentName),
            CalendarDate(iso: student.dateOfBirth).map(HocBaFacts.vietnamese) == document.dateOfBirth
        else {
            throw EduError("hoc_ba.transfer_student", vi: "Học bạ không phải của học sinh này (họ tên hoặc ngày sinh khác)",
                           en: "The học bạ is not this student's (the name or date of birth differs)")
        }
        let json = String(decoding: json, as: UTF8.self)
        return try await database.transaction { db in
            // One current record per student, school year and school: a newer version (a correction there) takes its
            // place, and the one it replaces is kept, as every version is.
            struct Known: Decodable { let id: Int; let document: String }
            if let known = try await db.raw("""
                SELECT id, document FROM transferred_hoc_ba
                WHERE student_id = \(bind: studentID) AND school_year = \(bind: document.schoolYear) AND school = \(bind: document.school)
                """).first(decoding: Known.self) {
                let stored = try JSONDecoder().decode(HocBa.self, from: Data(known.document.utf8)).version
                guard document.version > stored else {
                    throw EduError("hoc_ba.transfer_known",
                                   vi: "Đã nhập học bạ năm học \(document.schoolYear) của \(document.school) (phiên bản \(stored)): chỉ nhận phiên bản mới hơn",
                                   en: "The \(document.schoolYear) học bạ from \(document.school) is imported already (version \(stored)): only a newer version is taken")
                }
                try await db.raw("""
                    INSERT INTO transferred_hoc_ba_replaced (transfer_id, document, pdf, imported_at, imported_by, replaced_at)
                    SELECT id, document, pdf, imported_at, imported_by, \(bind: Timestamp.now) FROM transferred_hoc_ba WHERE id = \(bind: known.id)
                    """).run()
                try await db.raw("""
                    UPDATE transferred_hoc_ba SET document = \(bind: json), pdf = \(bind: Data(pdf)), imported_at = \(bind: Timestamp.now),
                        imported_by = \(bind: actor.name) WHERE id = \(bind: known.id)
                    """).run()
                try await AuditLog(db).append(AuditEvent(action: "import_transfer", entity: "hoc_ba_transfer", entityID: String(known.id),
                                                         before: "v\(stored)", after: "v\(document.version)"), by: actor)
                return known.id
            }
            let id = try await db.raw("""
                INSERT INTO transferred_hoc_ba (student_id, school_year, school, document, pdf, imported_at, imported_by)
                VALUES (\(bind: studentID), \(bind: document.schoolYear), \(bind: document.school), \(bind: json), \(bind: Data(pdf)),
                        \(bind: Timestamp.now), \(bind: actor.name))
                RETURNING id
                """).first(decoding: IDRow.self)!.id
            try await AuditLog(db).append(AuditEvent(action: "import_transfer", entity: "hoc_ba_transfer", entityID: String(id),
                                                     after: "student \(studentID): \(document.school) \(document.schoolYear)"), by: actor)
            return id
        }
    }

    /// A school's fully signed current học bạ for a school year, with each student's personal ID (decrypted: each
    /// read is audited), for the Ministry's database; and how many current ones are not fully signed yet.
    public func schoolBatch(schoolCode: String, schoolYear: String, by actor: Actor) async throws -> (items: [HocBaArchive.Item], unsigned: Int) {
        struct Row: Decodable { let id: Int; let nationalIdEnc: String? }
        let rows = try await database.sql.raw("""
            SELECT h.id, s.national_id_enc FROM hoc_ba h JOIN classes c ON c.id = h.class_id JOIN schools sc ON sc.id = c.school_id
            JOIN students s ON s.id = h.student_id
            WHERE sc.code = \(bind: schoolCode) AND h.school_year = \(bind: schoolYear)
            AND h.version = (SELECT MAX(n.version) FROM hoc_ba n JOIN classes nc ON nc.id = n.class_id
                             WHERE n.student_id = h.student_id AND n.school_year = h.school_year AND nc.school_id = c.school_id)
            ORDER BY h.student_id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        var items: [HocBaArchive.Item] = [], unsigned = 0
        for row in rows {
            let version = try await version(id: row.id)
            guard version.nextSigner == nil else { unsigned += 1; continue }
            items.append(HocBaArchive.Item(personalID: try row.nationalIdEnc.map(cipher.open), version: version))
        }
        let exported = items
        try await database.transaction { db in
            for item in exported {
                try await AuditLog(db).append(AuditEvent(action: "export", entity: "student", entityID: String(item.version.studentID),
                                                         after: "hoc_ba \(schoolYear) v\(item.version.version)"), by: actor)
            }
        }
        return (items, unsigned)
    }

    /// Each of the three signatures is by the one the document names for it, in whatever order the layout sets: the
    /// homeroom teacher and the principal by their names, the seal by the school's (a seal's certificate names its unit).
    /// Names compare without case or diacritics, as the registry's search does.
    static func requireSignersInTheirRoles(_ signers: [SignatureReport.Signer], of document: HocBa) throws {
        let roles = [(HocBaSigner.teacher, document.homeroomTeacher), (.principal, document.principal), (.seal, document.school)]
        let school = PersonName.foldedKey(document.school)
        // A certificate holds a role when it names the role's holder and is of the school (a person's certificate names
        // the unit they sign for in O, a seal's is the unit's).
        func holds(_ signer: SignatureReport.Signer, _ name: String) -> Bool {
            let key = PersonName.foldedKey(name)
            return !key.isEmpty && PersonName.foldedKey(signer.holder ?? "") == key && PersonName.foldedKey(signer.organization ?? "") == school
        }
        // Three different signatures for the three roles: one certificate cannot stand for two people of the same name.
        let assigned = signers.count == roles.count && Self.orders(Array(signers.indices)).contains { order in
            zip(order, roles).allSatisfy { holds(signers[$0], $1.1) }
        }
        guard !assigned else { return }
        let (role, name) = roles.first { role in !signers.contains { holds($0, role.1) } } ?? roles[0]
        let who = role.label
        throw EduError("hoc_ba.transfer_signers",
                       vi: "Học bạ chuyển đến không được chấp nhận: không chữ ký nào là của \(name) (\(who.vi) ghi trên học bạ)",
                       en: "The transferred học bạ is not accepted: none of its signatures is by \(name) (\(who.en), as named on it)")
    }

    /// The học bạ a student brought from other schools, by school year, as received (their signatures checked then).
    public func transferred(studentID: Int) async throws -> [TransferredHocBa] {
        struct Row: Decodable { let id: Int; let document: String; let importedAt: String }
        return try await database.sql.raw("""
            SELECT id, document, imported_at FROM transferred_hoc_ba WHERE student_id = \(bind: studentID) ORDER BY school_year, id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map {
            TransferredHocBa(id: $0.id, document: try JSONDecoder().decode(HocBa.self, from: Data($0.document.utf8)), importedAt: $0.importedAt)
        }
    }

    /// The earlier versions of a transferred record that newer ones replaced, oldest first.
    public func replacedTransfers(id: Int) async throws -> [HocBa] {
        try await database.sql.raw("SELECT document FROM transferred_hoc_ba_replaced WHERE transfer_id = \(bind: id) ORDER BY id")
            .all().map { try JSONDecoder().decode(HocBa.self, from: Data(try $0.decode(column: "document", as: String.self).utf8)) }
    }

    /// The signed PDF of one of the student's transferred records; nil when it is not theirs.
    public func transferredPDF(id: Int, studentID: Int) async throws -> [UInt8]? {
        try await database.sql.raw("SELECT pdf FROM transferred_hoc_ba WHERE id = \(bind: id) AND student_id = \(bind: studentID)")
            .first().map { Array(try $0.decode(column: "pdf", as: Data.self)) }
    }

    /// The version whose public page code is `code` (any case); nil when there is none.
    public func version(link code: String) async throws -> HocBaVersion? {
        guard let id = try await database.sql.raw("SELECT id FROM hoc_ba WHERE link = \(bind: code.uppercased())")
            .first(decoding: IDRow.self)?.id else { return nil }
        return try await version(id: id)
    }

    /// The current version of every học bạ of the class, by student.
    public func currentVersions(classID: Int) async throws -> [HocBaVersion] {
        let ids = try await database.sql.raw("""
            SELECT h.id FROM hoc_ba h WHERE h.class_id = \(bind: classID)
            AND h.version = (SELECT MAX(version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id)
            ORDER BY h.student_id
            """).all(decoding: IDRow.self).map(\.id)
        return try await versions(ids)
    }

    /// Drafts the học bạ of every student of the class who has none yet for the year; with `newVersions` (after a
    /// correction), also a new version for each student whose record now says something else than their current one,
    /// so only those are signed again. Each is its own transaction, so a re-run after an interruption makes only the rest.
    public func draftClass(classID: Int, newVersions: Bool, by actor: Actor) async throws -> [HocBaVersion] {
        let students = try await database.sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
            .all(decoding: IDRow.self).map(\.id)
        let drafted = Set(try await summaries(classID: classID).map(\.studentId))
        var made: [HocBaVersion] = []
        for student in students where newVersions || !drafted.contains(student) {
            if let version = try await draft(studentID: student, classID: classID, leaving: false, unlessUnchanged: drafted.contains(student), by: actor) {
                made.append(version)
            }
        }
        return made
    }

    /// Signs every current học bạ of the class that waits for this signer's turn, each in its own transaction, so an
    /// interruption leaves each document signed or as it was and a re-run carries on. Answers the turn, how many were
    /// signed, and how many still wait for an earlier signature. `hoc_ba.wrong_signer` when the signer has no turn here.
    public func signClass(classID: Int, signerName: String, pin: String? = nil, timestamping: SignatureTimestamping,
                          signers: SignerStore, by actor: Actor) async throws -> (turn: HocBaSigner, signed: Int, waiting: Int) {
        guard let turn = try await turn(of: signerName, classID: classID, signers: signers) else {
            try await AuditLog(database.sql).append(AuditEvent(action: "refused_sign", entity: "class", entityID: String(classID),
                                                               after: signerName), by: actor)
            throw EduError("hoc_ba.wrong_signer", vi: "\"\(signerName)\" không ký học bạ của lớp này",
                           en: "\"\(signerName)\" does not sign this class's học bạ")
        }
        var signed = 0, waiting = 0
        for document in try await currentVersions(classID: classID) {
            guard let next = document.nextSigner else { continue }
            if next == turn {
                _ = try await sign(documentID: document.id, signerName: signerName, pin: pin, timestamping: timestamping,
                                   signers: signers, by: actor)
                signed += 1
            } else if document.order.firstIndex(of: next)! < document.order.firstIndex(of: turn)! {
                waiting += 1
            }
        }
        return (turn, signed, waiting)
    }

    /// Which turn the signer may take on the class's học bạ; nil when none.
    public func turn(of signerName: String, classID: Int, signers: SignerStore) async throws -> HocBaSigner? {
        for role in HocBaSigner.allCases {
            do {
                try await Self.checkSigner(signerName, for: role, classID: classID, signers: signers, database.sql)
                return role
            } catch let error as EduError where error.code == "hoc_ba.wrong_signer" {
                continue
            }
        }
        return nil
    }

    /// Every version of a student's học bạ for a school year, oldest first.
    public func versions(studentID: Int, schoolYear: String) async throws -> [HocBaVersion] {
        let ids = try await database.sql.raw("""
            SELECT id FROM hoc_ba WHERE student_id = \(bind: studentID) AND school_year = \(bind: schoolYear) ORDER BY version
            """).all(decoding: IDRow.self).map(\.id)
        return try await versions(ids)
    }

    /// What a class's page shows of each current version, without the documents themselves.
    public struct Summary: Sendable, Hashable, Decodable {
        public let id: Int
        public let studentId: Int
        public let version: Int
        public let signatures: Int
        /// The document's signature slots as stored (JSON): its order of signers.
        let slots: String

        public var nextSigner: HocBaSigner? {
            let order = HocBaSigner.order(of: (try? JSONDecoder().decode([SignatureSlot].self, from: Data(slots.utf8))) ?? [])
            return signatures < order.count ? order[signatures] : nil
        }
    }

    public func summaries(classID: Int) async throws -> [Summary] {
        try await database.sql.raw("""
            SELECT h.id, h.student_id, h.version, h.signatures, h.slots FROM hoc_ba h WHERE h.class_id = \(bind: classID)
            AND h.version = (SELECT MAX(version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id)
            ORDER BY h.student_id
            """).all(decoding: Summary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The PDF of a class's current version; nil when `documentID` is not one.
    public func currentPDF(documentID: Int, classID: Int) async throws -> [UInt8]? {
        try await database.sql.raw("""
            SELECT h.pdf FROM hoc_ba h WHERE h.id = \(bind: documentID) AND h.class_id = \(bind: classID)
            AND h.version = (SELECT MAX(version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id)
            """).first().map { Array(try $0.decode(column: "pdf", as: Data.self)) }
    }

    /// The current version of each school year's học bạ of a student, newest year first.
    public func currentVersions(studentID: Int) async throws -> [HocBaVersion] {
        try await versions(try await database.sql.raw("""
            SELECT h.id FROM hoc_ba h WHERE h.student_id = \(bind: studentID)
                AND h.version = (SELECT MAX(n.version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id)
            ORDER BY h.school_year DESC
            """).all(decoding: IDRow.self).map(\.id))
    }

    /// The newest fully signed version of each school year's học bạ of a student, newest year first: what the family
    /// holds while a correction is being signed.
    public func latestSigned(studentID: Int) async throws -> [HocBaVersion] {
        try await versions(try await database.sql.raw("""
            SELECT h.id FROM hoc_ba h WHERE h.student_id = \(bind: studentID) AND h.signatures = \(bind: HocBaSigner.allCases.count)
                AND h.version = (SELECT MAX(n.version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id
                                 AND n.signatures = \(bind: HocBaSigner.allCases.count))
            ORDER BY h.school_year DESC
            """).all(decoding: IDRow.self).map(\.id))
    }

    private func versions(_ ids: [Int]) async throws -> [HocBaVersion] {
        var versions: [HocBaVersion] = []
        for id in ids { versions.append(try await version(id: id)) }
        return versions
    }

    private static func version(id: Int, _ db: any SQLDatabase) async throws -> (version: HocBaVersion, classID: Int, slots: [SignatureSlot]) {
        struct Row: Decodable {
            let id: Int, studentId: Int, classId: Int, schoolYear: String, version: Int, document: String, pdf: Data, slots: String
            let signatures: Int, newest: Int
        }
        guard let row = try await db.raw("""
            SELECT h.id, h.student_id, h.class_id, h.school_year, h.version, h.document, h.pdf, h.slots, h.signatures,
                   (SELECT MAX(version) FROM hoc_ba n WHERE n.student_id = h.student_id AND n.class_id = h.class_id) AS newest
            FROM hoc_ba h WHERE h.id = \(bind: id)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw EduError("hoc_ba.unknown", vi: "Không có học bạ này", en: "No such học bạ") }
        let decoder = JSONDecoder()
        let slots = try decoder.decode([SignatureSlot].self, from: Data(row.slots.utf8))
        let version = HocBaVersion(id: row.id, studentID: row.studentId, schoolYear: row.schoolYear, version: row.version,
                                   document: try decoder.decode(HocBa.self, from: Data(row.document.utf8)), json: row.document, pdf: Array(row.pdf),
                                   signatures: row.signatures, order: HocBaSigner.order(of: slots), isCurrent: row.version == row.newest)
        return (version, row.classId, slots)
    }

    /// The signer must be bound to the person or seal the order asks for.
    /// Every order of `items`.
    private static func orders(_ items: [Int]) -> [[Int]] {
        items.count <= 1 ? [items] : items.flatMap { first in orders(items.filter { $0 != first }).map { [first] + $0 } }
    }

    /// The homeroom teacher or principal who signs is the one the document names (a receiving school checks just that):
    /// after a change of teacher or principal, a new version names the new one.
    private static func checkNamed(_ name: String, for role: HocBaSigner, in document: HocBa, signers: SignerStore,
                                   _ db: any SQLDatabase) async throws {
        let named = switch role {
        case .teacher: document.homeroomTeacher
        case .principal: document.principal
        case .seal: document.school
        }
        guard role != .seal, let staffID = try await signers.binding(named: name)?.binding.staffID else { return }
        let staffName = try await db.raw("SELECT full_name FROM staff WHERE id = \(bind: staffID)").first()
            .map { try $0.decode(column: "full_name", as: String.self) }
        guard let staffName, PersonName.foldedKey(staffName) != PersonName.foldedKey(named) else { return }
        throw EduError("hoc_ba.wrong_signer",
                       vi: "Học bạ ghi \(role.label.vi) là \(named), không phải \(staffName): lập phiên bản mới nếu đã thay người",
                       en: "The học bạ names \(named) as \(role.label.en), not \(staffName): draft a new version if they changed")
    }

    private static func checkSigner(_ name: String, for role: HocBaSigner, classID: Int, signers: SignerStore,
                                     _ db: any SQLDatabase) async throws {
        struct ClassRow: Decodable { let schoolId: Int; let homeroomStaffId: Int? }
        let schoolClass = try await db.raw("SELECT school_id, homeroom_staff_id FROM classes WHERE id = \(bind: classID)")
            .first(decoding: ClassRow.self, keyDecodingStrategy: .convertFromSnakeCase)!
        let bound = try await signers.binding(named: name)
        let entitled: Bool
        switch role {
        case .teacher:
            entitled = bound?.kind == .person && bound?.binding.staffID != nil && bound?.binding.staffID == schoolClass.homeroomStaffId
        case .principal:
            let principals = try await HocBaFacts.principalIDs(schoolID: schoolClass.schoolId, db)
            entitled = bound?.kind == .person && bound.flatMap { $0.binding.staffID.map(principals.contains) } == true
        case .seal:
            entitled = bound?.kind == .seal && bound?.binding.schoolID == schoolClass.schoolId
        }
        guard entitled else {
            let who = Bilingual(vi: ["teacher": "giáo viên chủ nhiệm của lớp", "principal": "hiệu trưởng của trường",
                                     "seal": "con dấu của trường"][role.rawValue]!,
                                en: ["teacher": "the class's homeroom teacher", "principal": "the school's principal",
                                     "seal": "the school's seal"][role.rawValue]!)
            throw EduError("hoc_ba.wrong_signer", vi: "Lượt ký này dành cho \(who.vi); \"\(name)\" không phải",
                           en: "This signature is for \(who.en); \"\(name)\" is not")
        }
    }
}
