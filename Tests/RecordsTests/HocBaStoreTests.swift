import Access
import EduCore
import Foundation
import Platform
import Records
import Signing
import SQLKit
import Storage
import Testing
import TestSupport

/// The học bạ: made from the approved year, signed homeroom teacher → principal → seal (PAdES-B-T), every
/// signature still valid at the end, the wrong signer refused and audited, corrections as new versions.
@Suite struct HocBaStoreTests {
    /// A class whose whole year is entered, confirmed and approved, and the DEMO certificates of its school.
    static func approvedYear(_ db: TestDatabase) async throws -> GradebookStoreTests.Cast {
        let cast = try await GradebookStoreTests.cast(db)
        let subjects = ["Toán", "Ngữ văn", "Tiếng Anh", "Lịch sử", "Vật lí", "Hoá học"]
        try await db.database.transaction { tx in
            let store = GradebookStore(tx)
            for (index, subject) in subjects.enumerated() {
                let assignment = try await store.assign(classID: cast.classID, subject: subject, staffID: cast.teacherID, assessment: .scored,
                                                        by: cast.principal.actor)
                for semester in 1...2 {
                    try await store.enter(GradebookStoreTests.fullMarks(cast.students, index == 0 ? "9.5" : "8.5"),
                                          assignmentID: assignment.id, semester: semester, by: cast.teacher)
                    try await store.submit(assignmentID: assignment.id, semester: semester, by: cast.teacher)
                }
            }
            for semester in 1...2 {
                try await store.recordConduct(cast.students.map { ConductEntry(studentID: $0, conduct: .tot, absences: 2, comment: "Chăm ngoan") },
                                              classID: cast.classID, semester: semester, by: cast.homeroom)
                try await store.confirm(classID: cast.classID, semester: semester, by: cast.homeroom)
                try await store.approve(classID: cast.classID, semester: semester, by: cast.principal)
            }
        }
        try await demoSigners(schoolID: cast.schoolID, db)
        return cast
    }

    /// The DEMO certificates of one school: its seal and its staff's.
    static func demoSigners(schoolID: Int, _ db: TestDatabase) async throws {
        let cipher = db.cipher
        try await db.database.transaction { tx in
            let (department, requests) = try await DemoSigners.requests(tx)
            let school = try await tx.raw("SELECT code FROM schools WHERE id = \(bind: schoolID)").first()!.decode(column: "code", as: String.self)
            _ = try await SignerStore(tx, cipher: cipher).initialiseDemo(
                department: department, requests: requests.filter { $0.name == school || $0.name.hasPrefix(school + "/") })
        }
    }

    @Test func aPrimaryYearMakesATT27HocBa() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db, primary: true)
            try await db.database.transaction { try await DemoYear.fill(classID: cast.classID, $0) }
            try await Self.demoSigners(schoolID: cast.schoolID, db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test")
            let leaving = await #expect(throws: EduError.self) {
                try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, leavingAfterFirstSemester: true, by: actor)
            }
            #expect(leaving?.code == "hoc_ba.year_complete")
            let draft = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            #expect(draft.version == 1, "the refused record of semester I took no version")
            let primary = try #require(draft.document.primary)
            let expected = try #require(try await GradebookStore(db.database.sql).primaryResults(classID: cast.classID).first)
            #expect(draft.document.regime == "TT27" && draft.document.assessmentRegime == .tt27 && draft.document.subjects.isEmpty)
            #expect(primary.subjects.map(\.name) == expected.subjects.map(\.name) && primary.subjects.map(\.name).contains("Tiếng Việt"))
            #expect(primary.qualities.count == PrimaryQualities.standard.count)
            #expect(primary.result == expected.result?.label && primary.result != nil)
            #expect(draft.document.outcome == expected.outcome)
            #expect(["Nam", "Nữ"].contains(draft.document.gender), "the học bạ says the gender in Vietnamese")
            let stored = try await hocBa.version(id: draft.id)
            #expect(stored.document == draft.document, "the JSON reads back with its primary part")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-\(UUID().uuidString).pdf")
            try Data(draft.pdf).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let text = try ExternalProgram.run("/usr/bin/pdftotext", [file.path, "-"]).output.precomposedStringWithCanonicalMapping
            #expect(text.contains("HỌC BẠ TIỂU HỌC") && text.contains("Thông tư 27/2020") && text.contains("Giải quyết vấn đề và sáng tạo"), "\(text)")
            #expect(text.contains(try #require(primary.result)))

            let homeroom = try await Self.signerName(staffID: cast.homeroom.staffIDs.first!, db)
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let signed = try await hocBa.sign(documentID: draft.id, signerName: homeroom, timestamping: try await Self.timestamping(signers),
                                              signers: signers, by: actor)
            #expect(signed.signatures == 1 && signed.nextSigner == .principal)
        }
    }

    /// The QR code printed on a học bạ reads back, through poppler's rasteriser and zbar's decoder, as the link of the
    /// version's public page.
    @Test func theQRCodeLeadsToTheVersionsPage() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.approvedYear(db)
            let draft = try await HocBaStore(db.database, cipher: db.cipher).draft(studentID: cast.students[0], classID: cast.classID,
                                                                                  by: Actor(name: "test", origin: "test"))
            guard FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") else {
                if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("zbarimg is missing: scripts/install-deps installs zbar-tools") }
                return
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-qr-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("hoc-ba.pdf")
            try Data(draft.pdf).write(to: file)
            _ = try ExternalProgram.run("/usr/bin/pdftoppm", ["-png", "-r", "150", file.path, folder.appendingPathComponent("page").path])
            let pages = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".png") }.sorted()
            let decoded = try pages.map { try ExternalProgram.run("/usr/bin/zbarimg", ["--quiet", "--raw", folder.appendingPathComponent($0).path]) }
                .filter { $0.status == 0 }.map { $0.output.trimmingCharacters(in: .newlines) }
            #expect(decoded == [draft.document.link] && draft.document.link.contains("/hb/"), "\(decoded)")
        }
    }

    /// The principal who signs is the one the document names, as a receiving school will check: after a change (here the
    /// staff record renamed), the old version is refused and a new one names the new principal.
    @Test func theSignerIsTheOneTheDocumentNames() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.approvedYear(db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test")
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let timestamping = try await Self.timestamping(signers)
            let principalID = try #require(try await db.database.sql.raw("""
                SELECT id FROM staff WHERE school_id = \(bind: cast.schoolID) AND position = 'Hiệu trưởng'
                """).first(decoding: IDRow.self)).id
            let draft = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            _ = try await hocBa.sign(documentID: draft.id, signerName: try await Self.signerName(staffID: cast.homeroom.staffIDs.first!, db),
                                     timestamping: timestamping, signers: signers, by: actor)
            try await db.database.sql.raw("UPDATE staff SET full_name = 'Đinh Thị Thu' WHERE id = \(bind: principalID)").run()
            let principal = try await Self.signerName(staffID: principalID, db)
            let refused = await #expect(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: principal, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(refused?.code == "hoc_ba.wrong_signer" && refused?.message.vi.contains(draft.document.principal) == true)
            let renewed = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            #expect(renewed.document.principal == "Đinh Thị Thu")
        }
    }

    /// A principal who retired keeps the position on their record: a học bạ drafted while they were at work can no longer
    /// be signed by them, and a new draft names their successor.
    @Test func aRetiredPrincipalIsNeitherNamedNorASigner() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.approvedYear(db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test"), sql = db.database.sql
            let retired = try #require(try await sql.raw("""
                SELECT id FROM staff WHERE school_id = \(bind: cast.schoolID) AND position = 'Hiệu trưởng'
                """).first(decoding: IDRow.self)).id
            let draft = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            let signers = SignerStore(sql, cipher: db.cipher)
            let timestamping = try await Self.timestamping(signers)
            _ = try await hocBa.sign(documentID: draft.id, signerName: try await Self.signerName(staffID: cast.homeroom.staffIDs.first!, db),
                                     timestamping: timestamping, signers: signers, by: actor)
            try await sql.raw("UPDATE staff SET status = 'retired' WHERE id = \(bind: retired)").run()
            let retiredSigner = try await Self.signerName(staffID: retired, db)
            let refused = await #expect(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: retiredSigner, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(refused?.message.en.contains("This signature is for the school's principal") == true, "\(String(describing: refused))")

            try await sql.raw("""
                INSERT INTO staff (school_id, staff_code, full_name, name_key, date_of_birth, gender, position, status, created_at, updated_at)
                VALUES (\(bind: cast.schoolID), 'HTMOI', 'Lê Văn Mới', 'le van moi', '1975-05-05', 'male', 'Hiệu trưởng', 'active', '2026-01-01', '2026-01-01')
                """).run()
            let renewed = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            #expect(renewed.document.principal == "Lê Văn Mới")
        }
    }

    /// The DEMO time-stamp authority: every học bạ signature is time-stamped (PAdES B-T).
    static func timestamping(_ signers: SignerStore) async throws -> SignatureTimestamping {
        SignatureTimestamping(authority: try #require(try await signers.demoTimestampAuthority()),
                              verifier: TimestampVerifier(trustedRoots: try await signers.trustAnchors()))
    }

    /// The order of signing is the layout's (rules.md §3 marks it unverified): a province's layout with the principal's
    /// slot first is signed principal → teacher → seal, and its documents keep that order.
    @Test func aProvinceLayoutSetsTheSigningOrder() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.approvedYear(db)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hoc-ba-order-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/Records/Resources/hoc-ba-tt22.json")
            var lines = try String(contentsOf: shipped, encoding: .utf8).components(separatedBy: "\n")
            let teacher = try #require(lines.firstIndex { $0.contains("{\"role\": \"teacher\"") })
            let principal = try #require(lines.firstIndex { $0.contains("{\"role\": \"principal\"") })
            lines.swapAt(teacher, principal)
            try Data(lines.joined(separator: "\n").utf8).write(to: folder.appendingPathComponent("hoc-ba-tt22.json"))

            let hocBa = try HocBaStore(db.database, cipher: db.cipher, settings: RecordsSettings(templateDirectory: folder.path))
            let actor = Actor(name: "test", origin: "test")
            let draft = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            #expect(draft.order == [.principal, .teacher, .seal] && draft.nextSigner == .principal)
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let timestamping = try await Self.timestamping(signers)
            let homeroom = try await Self.signerName(staffID: cast.homeroom.staffIDs.first!, db)
            let principalID = try #require(try await db.database.sql.raw("""
                SELECT id FROM staff WHERE school_id = \(bind: cast.schoolID) AND position = 'Hiệu trưởng'
                """).first(decoding: IDRow.self)).id
            let early = await #expect(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: homeroom, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(early?.code == "hoc_ba.wrong_signer")
            let first = try await hocBa.sign(documentID: draft.id, signerName: try await Self.signerName(staffID: principalID, db),
                                             timestamping: timestamping, signers: signers, by: actor)
            #expect(first.nextSigner == .teacher)
            #expect(try await hocBa.summaries(classID: cast.classID).first { $0.id == draft.id }?.nextSigner == .teacher)
            let (turn, signed, _) = try await hocBa.signClass(classID: cast.classID, signerName: homeroom, timestamping: timestamping,
                                                              signers: signers, by: actor)
            #expect(turn == .teacher && signed == 1)
        }
    }

    static func signerName(staffID: Int? = nil, sealOf schoolID: Int? = nil, _ db: TestDatabase) async throws -> String {
        let row = if let staffID {
            try await db.database.sql.raw("SELECT name FROM signers WHERE staff_id = \(bind: staffID)").first()
        } else {
            try await db.database.sql.raw("SELECT name FROM signers WHERE school_id = \(bind: schoolID!) AND kind = 'seal'").first()
        }
        return try #require(row).decode(column: "name", as: String.self)
    }

    @Test func signedInOrderEverySignatureStaysValid() async throws {
        try await TestDatabase.with { db in
            let cast = try await Self.approvedYear(db)
            let hocBa = try HocBaStore(db.database, cipher: db.cipher)
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let actor = Actor(name: "test", origin: "test")
            let principalID = try #require(try await db.database.sql.raw("""
                SELECT id FROM staff WHERE school_id = \(bind: cast.schoolID) AND position = 'Hiệu trưởng'
                """).first(decoding: IDRow.self)).id
            let homeroom = try await Self.signerName(staffID: cast.homeroom.staffIDs.first!, db)
            let principal = try await Self.signerName(staffID: principalID, db)
            let subjectTeacher = try await Self.signerName(staffID: cast.teacherID, db)
            let seal = try await Self.signerName(sealOf: cast.schoolID, db)
            let timestamping = try await Self.timestamping(signers)

            let draft = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            #expect(draft.version == 1 && draft.nextSigner == .teacher)
            #expect(draft.document.subjects.map(\.year) == ["9.5", "8.5", "8.5", "8.5", "8.5", "8.5"])
            #expect(draft.document.learning == ["Tốt", "Tốt", "Tốt"] && draft.document.conduct == ["Tốt", "Tốt", "Tốt"])
            #expect(draft.document.absences == 4 && draft.document.outcome == "Lên lớp" && draft.document.award == "Học sinh Giỏi")
            #expect(draft.document.homeroomComment == "Chăm ngoan")

            // A subject teacher is not the homeroom teacher; the homeroom teacher cannot sign as principal.
            let wrong = try await #require(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: subjectTeacher, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(wrong.code == "hoc_ba.wrong_signer")
            _ = try await hocBa.sign(documentID: draft.id, signerName: homeroom, timestamping: timestamping, signers: signers, by: actor)
            let asPrincipal = await #expect(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: homeroom, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(asPrincipal?.code == "hoc_ba.wrong_signer")
            _ = try await hocBa.sign(documentID: draft.id, signerName: principal, timestamping: timestamping, signers: signers, by: actor)
            let sealed = try await hocBa.sign(documentID: draft.id, signerName: seal, timestamping: timestamping, signers: signers, by: actor)
            #expect(sealed.signatures == 3 && sealed.nextSigner == nil)

            let verification = try await PAdESVerifier(trustedRoots: try await signers.trustAnchors()).verify(sealed.pdf)
            #expect(verification.signatures.count == 3)
            #expect(verification.isTrusted, "\(verification.signatures.map(\.status))")
            #expect(verification.signatures.allSatisfy { $0.timestamp?.isTrusted == true })
            #expect(verification.signatures.map { $0.coverage?.code } == ["signatures_added_later", "signatures_added_later", "entire_file"])
            let complete = await #expect(throws: EduError.self) {
                try await hocBa.sign(documentID: draft.id, signerName: seal, timestamping: timestamping, signers: signers, by: actor)
            }
            #expect(complete?.code == "hoc_ba.complete")

            // Another school takes the signed record in: only whole, trusted, and with its own data.
            let verifier = try await signers.documentVerifier()
            // The same student, filed at the receiving school.
            let receiving = cast.students[0]
            let partial = try await hocBa.draft(studentID: cast.students[1], classID: cast.classID, by: actor)
            _ = try await hocBa.sign(documentID: partial.id, signerName: homeroom, timestamping: timestamping, signers: signers, by: actor)
            // Three trusted signatures by one person are not the three signers in turn.
            let homeroomKey = try await signers.signer(named: homeroom, pin: nil)
            var thrice = draft.pdf
            for _ in 1...3 { thrice = try await PAdESSigner(signer: homeroomKey.cmsSigner(), timestamping: timestamping).sign(thrice) }
            // Three trusted signers, but a subject teacher where the homeroom teacher the document names should be.
            var misplaced = draft.pdf
            for name in [subjectTeacher, principal, seal] {
                let key = try await signers.signer(named: name, pin: nil)
                misplaced = try await PAdESSigner(signer: key.cmsSigner(), timestamping: timestamping).sign(misplaced)
            }
            // A byte changed in the middle of the document as drafted, which every signature covers.
            let middle = draft.pdf.count / 2
            let attempts: [([UInt8], String, String)] = [
                (try await hocBa.version(id: partial.id).pdf, partial.json, "hoc_ba.transfer_untrusted"),
                (thrice, draft.json, "hoc_ba.transfer_untrusted"),
                (misplaced, draft.json, "hoc_ba.transfer_signers"),
                (sealed.pdf, sealed.json.replacingOccurrences(of: "\"Tốt\"", with: "\"Khá\""), "hoc_ba.transfer_mismatch"),
                (Array(sealed.pdf.prefix(middle)) + [sealed.pdf[middle] ^ 0x01] + Array(sealed.pdf.suffix(from: middle + 1)), sealed.json,
                 "hoc_ba.transfer_untrusted"),
            ]
            for (pdf, json, code) in attempts {
                let error = await #expect(throws: EduError.self) {
                    _ = try await hocBa.importTransferred(pdf: pdf, json: Array(json.utf8), studentID: receiving, verifier: verifier, by: actor)
                }
                #expect(error?.code == code, "\(String(describing: error))")
            }
            let someoneElse = await #expect(throws: EduError.self) {
                _ = try await hocBa.importTransferred(pdf: sealed.pdf, json: Array(sealed.json.utf8), studentID: cast.students[1],
                                                      verifier: verifier, by: actor)
            }
            #expect(someoneElse?.code == "hoc_ba.transfer_student")
            _ = try await hocBa.importTransferred(pdf: sealed.pdf, json: Array(sealed.json.utf8), studentID: receiving, verifier: verifier, by: actor)
            #expect(try await hocBa.transferred(studentID: receiving).map(\.document.studentName) == [sealed.document.studentName])

            // A correction is a new version; the old one stays, no longer current, and cannot be signed further.
            let second = try await hocBa.draft(studentID: cast.students[0], classID: cast.classID, by: actor)
            let versions = try await hocBa.versions(studentID: cast.students[0], schoolYear: draft.schoolYear)
            #expect(versions.map(\.version) == [1, 2] && versions.map(\.isCurrent) == [false, true])
            #expect(versions[0].pdf == sealed.pdf)
            #expect(second.signatures == 0)

            // The correction, signed in full, taken in by the other school: it becomes the current record there, and the
            // version it replaces is kept.
            for name in [homeroom, principal, seal] {
                _ = try await hocBa.sign(documentID: second.id, signerName: name, timestamping: timestamping, signers: signers, by: actor)
            }
            let corrected = try await hocBa.version(id: second.id)
            let transfer = try await hocBa.importTransferred(pdf: corrected.pdf, json: Array(corrected.json.utf8), studentID: receiving,
                                                             verifier: verifier, by: actor)
            #expect(try await hocBa.transferred(studentID: receiving).map(\.document.version) == [2])
            #expect(try await hocBa.replacedTransfers(id: transfer).map(\.version) == [1])

            let refusals = try await AuditLog(db.database.sql).entries(entity: "hoc_ba", entityID: String(draft.id))
            #expect(refusals.map(\.action).contains("refused_sign"))
            #expect(refusals.filter { $0.action.hasPrefix("sign_") }.count == 3)
        }
    }

    @Test func notBeforeThePrincipalApprovedTheYear() async throws {
        try await TestDatabase.with { db in
            let cast = try await GradebookStoreTests.cast(db)
            let error = try await #require(throws: EduError.self) {
                try await HocBaStore(db.database, cipher: db.cipher).draft(studentID: cast.students[0], classID: cast.classID,
                                                                            by: Actor(name: "t", origin: "t"))
            }
            #expect(error.code == "hoc_ba.not_approved")
        }
    }
}
