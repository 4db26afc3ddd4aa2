import ArgumentParser
import Credentials
import EduCore
import Foundation
import Signing
import SQLKit

struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credentials", abstract: "The register of diplomas and certificates (sổ gốc).",
                                                    subcommands: [ImportRegister.self, Revoke.self, Correct.self, History.self, IssueVC.self, IssueBatch.self, StatusListCommand.self, Keys.self, BlanksCommand.self, CustodyCommand.self, LinkHoldersCommand.self])

    /// The contract (docs/credentials.md): a register sheet in; all or nothing; exit 2 naming row and column.
    struct ImportRegister: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import a digitised register (CSV or XLSX): all rows or none; importing it again changes nothing.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date")
        var file: String
        @Flag(help: "Check everything, write nothing") var dryRun = false
        @Option(help: "The body that issued the credentials and holds the register") var issuer = "Sở Giáo dục và Đào tạo"
        @Option(help: "The folder the page_image column's scans are in (default: the file's own folder)") var scans: String?
        @Option(help: "How the file was checked against the paper register (a comparison's record, e.g. \"Biên bản đối chiếu 12/2026\"); without it the entries wait unchecked and are not issued")
        var verifiedBy: String?

        func run() async throws {
            try await runReporting {
                let reading = ProgressBar(label: "đọc/reading")
                let (rows, conversion) = try { defer { reading.finish() }
                    return try RegisterFile.read(file, today: CalendarDate.today, progress: reading.update) }()
                if let conversion { print(conversion.summary) }
                let importing = ProgressBar(label: "nhập/importing")
                let folder = ScanFolder(path: scans ?? URL(fileURLWithPath: file).deletingLastPathComponent().path)
                try await CommandSession.with(database) { session in
                    let (cipher, issuer, dryRun, verifiedBy) = (session.cipher, issuer, dryRun, verifiedBy)
                    defer { importing.finish() }
                    let outcome = try await session.database.transaction { db in
                        try await RegisterStore(db, cipher: cipher).importEntries(rows, issuer: issuer, scans: folder, verification: verifiedBy, dryRun: dryRun, by: .commandLine,
                                                                                  progress: importing.update)
                    }
                    let pages = outcome.pages == 0 ? ""
                        : ", page scans: \(outcome.pages) named, \(outcome.pagesStored) stored, \(outcome.scansAttached) given to entries registered earlier"
                    let completed = outcome.completed == 0 ? "" : ", empty fields filled in \(outcome.completed)"
                    let checked = outcome.checked == 0 ? "" : ", checked \(outcome.checked)"
                    print("\(dryRun ? "dry run: " : "")created \(outcome.created), unchanged \(outcome.unchanged), rejected 0\(completed)\(checked)\(pages)")
                }
            }
        }
    }

    /// The entry a decision is about, and the decision: what a revocation and a correction both name.
    struct DecisionOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The blank serial (số hiệu)") var serial: String
        @Option(help: "The decision's number") var decision: String
        @Option(help: "The decision's date (YYYY-MM-DD)") var decisionDate: String

        /// Runs `change` on the entry in one transaction, with the decision's date.
        func apply<Result: Sendable>(_ change: @escaping @Sendable (RegisterStore, _ entryID: Int, CalendarDate) async throws -> Result) async throws -> Result {
            guard case .success(let date) = CalendarDate.parse(decisionDate) else {
                throw EduError("credentials.decision", vi: "Ngày quyết định không hợp lệ", en: "The decision date is not valid")
            }
            return try await CommandSession.with(database) { session in
                let (cipher, serial) = (session.cipher, serial)
                return try await session.database.transaction { db in
                    let store = RegisterStore(db, cipher: cipher)
                    guard let entryID = try await store.entryID(serial: serial) else { throw RegisterStore.unknownSerial }
                    return try await change(store, entryID, date)
                }
            }
        }
    }

    /// Revokes an entry on a legal ground by a decision; the entry stays in the register.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential (TT 21/2019 Điều 25 grounds a, b, c, d, dd, e) by a decision.")
        @OptionGroup var decision: DecisionOptions
        @Option(help: "a fraud, b ineligible, c without authority, d altered, dd lent to another, e issuer's error") var ground: String

        func run() async throws {
            try await runReporting {
                guard let ground = RevocationGround(rawValue: ground) else {
                    throw EduError("credentials.ground", vi: "Căn cứ thu hồi là a, b, c, d, dd hoặc e", en: "The ground is a, b, c, d, dd or e")
                }
                let number = decision.decision
                try await decision.apply { store, entryID, date in
                    try await store.revoke(entryID: entryID, ground: ground, decisionNumber: number, decisionDate: date, by: .commandLine)
                }
                print("revoked \(RegisterEntryDraft.normalizedSerial(decision.serial))")
            }
        }
    }

    /// Corrects an entry by a correction decision (an appendix entry): the values before stay in its history.
    struct Correct: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Correct a register entry by a correction decision: --set FIELD=VALUE, once per field (\(RegisterStore.CorrectableField.allCases.map(\.rawValue).joined(separator: ", "))).")
        @OptionGroup var decision: DecisionOptions
        @Option(name: .customLong("set"), help: "FIELD=VALUE, for example full_name=Nguyễn Văn Ân") var changes: [String] = []

        func run() async throws {
            try await runReporting {
                var fields: [RegisterStore.CorrectableField: String] = [:]
                for change in changes {
                    let parts = change.split(separator: "=", maxSplits: 1).map(String.init)
                    guard parts.count == 2 else {
                        throw EduError("credentials.correction", vi: "--set cần dạng TRƯỜNG=GIÁ TRỊ", en: "--set takes FIELD=VALUE")
                    }
                    let field = try RegisterStore.CorrectableField(named: parts[0])
                    guard fields.updateValue(parts[1], forKey: field) == nil else {
                        throw EduError("credentials.correction", vi: "Trường \(field.rawValue) được sửa hai lần", en: "The field \(field.rawValue) is set twice")
                    }
                }
                let (number, corrections) = (decision.decision, fields)
                let changed = try await decision.apply { store, entryID, date in
                    try await store.correct(entryID: entryID, changes: corrections, decisionNumber: number, decisionDate: date, by: .commandLine)
                }
                print("corrected \(decision.serial): \(changed.map(\.rawValue).joined(separator: ", "))")
            }
        }
    }

    /// An entry's standing and every correction and revocation of it, oldest first; tab-separated.
    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an entry's status and its corrections and revocations, oldest first: when, what, decision, date, ground, before, after, by.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The blank serial (số hiệu)") var serial: String

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let store = RegisterStore(session.database.sql, cipher: session.cipher)
                    guard let (entryID, status) = try await store.standing(serial: serial) else { throw RegisterStore.unknownSerial }
                    print("\(RegisterEntryDraft.normalizedSerial(serial))\t\(status.rawValue)\t\(status.label.vi) / \(status.label.en)")
                    for event in try await store.history(entryID: entryID, by: .commandLine) {
                        print([event.at, event.kind, event.decisionNumber, event.decisionDate, event.ground ?? "", event.before ?? "",
                               event.after ?? "", event.by].joined(separator: "\t"))
                    }
                }
            }
        }
    }

    /// Who signs a credential document and for which body.
    struct SealOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The seal that signs (see eduvn pki list), normally the department's") var signer: String
        @Option(help: "The issuing body's name") var issuer = "Sở Giáo dục và Đào tạo"

        /// Signs `content` as a VC-JOSE JWS, logs it together with `recording` (the issuance) in one transaction, then
        /// writes it to `path`. An interruption leaves either nothing or a logged, recorded credential whose file may
        /// be missing (issue it again); never a credential the register does not know. Returns the log index.
        func sign(_ content: [UInt8], kind: String, with key: SignerKey, to path: String, _ session: CommandSession,
                  recording: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) async throws -> UInt64 {
            let jws = try await key.jwsSigner().sign(content, type: VerifiableCredential.mediaType)
            return try await SignCommand.logThenWrite(kind: kind, document: Data(content), signature: Array(try jws.compactSerialization().utf8),
                                                      key: key, to: path, session, recording: recording)
        }

        /// Signs one document, made from the session, into `out`, and says where it went.
        func issue(kind: String, to out: String, _ document: @escaping @Sendable (CommandSession, VerifiableCredential.Issuer, String) async throws -> [UInt8],
                   recording: (@Sendable (CommandSession) -> @Sendable (any SQLDatabase) async throws -> Void)? = nil) async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let key = try await session.signers().signer(named: signer)
                    let (issuer, baseURL) = self.issuer(session)
                    let index = try await sign(try await document(session, issuer, baseURL), kind: kind, with: key, to: out, session,
                                               recording: recording?(session))
                    print("\(kind) → \(out) (log entry \(index))")
                }
            }
        }

        /// Where the public finds the register, and the issuer as credentials name it.
        func issuer(_ session: CommandSession) -> (VerifiableCredential.Issuer, baseURL: String) {
            let baseURL = session.configuration.publicURL ?? "http://127.0.0.1:8080"
            return (VerifiableCredential.issuer(seal: signer, name: issuer, baseURL: baseURL), baseURL)
        }

        /// Records a VC issued from `entryID` by this seal, once the entry is checked again inside the transaction.
        func recordingVC(serial: String, _ session: CommandSession) -> @Sendable (any SQLDatabase) async throws -> Void {
            let (cipher, signer) = (session.cipher, signer)
            return { db in
                let store = RegisterStore(db, cipher: cipher)
                try await store.recordIssuance(entryID: try await store.issuable(serial: serial).id, kind: "vc", signer: signer, by: .commandLine)
            }
        }
    }

    /// A register entry as a signed W3C Verifiable Credential (Open Badges 3.0, VC-JOSE).
    struct IssueVC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue-vc", abstract: "Issue a register entry as a signed Verifiable Credential (vc+jwt).")
        @OptionGroup var seal: SealOptions
        @Option(help: "The blank serial (số hiệu)") var serial: String
        @Option(help: "Where to write the signed credential (compact JWS, vc+jwt)") var out: String

        func run() async throws {
            let (serial, seal) = (self.serial, self.seal)
            try await seal.issue(kind: "vc", to: out, { session, issuer, baseURL in
                let entry = try await RegisterStore(session.database.sql, cipher: session.cipher).issuable(serial: serial)
                return try VerifiableCredential.credential(for: entry, issuer: issuer, baseURL: baseURL)
            }, recording: { session in seal.recordingVC(serial: serial, session) })
        }
    }

    /// The credentials of a graduation year, one file per serial, resumable: an entry already issued whose file is in the
    /// folder is skipped, one issued whose file is missing (an interruption between the record and the file) is issued
    /// again, so running the command again after an interruption completes the batch.
    struct IssueBatch: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "issue-batch",
            abstract: "Issue the Verifiable Credentials of a graduation year (and school) into a folder, SERIAL.jwt each; run again to finish an interrupted batch.")
        @OptionGroup var seal: SealOptions
        @Option(help: "Graduation year") var year: Int
        @Option(help: "Only this school or exam council, as the register names it") var school: String?
        @Option(help: "The folder to write the credentials into (made if missing)") var outDir: String

        func run() async throws {
            try await runReporting {
                try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
                try await CommandSession.with(seal.database) { session in
                    let key = try await session.signers().signer(named: seal.signer)
                    let (issuer, baseURL) = seal.issuer(session)
                    var issued = 0, kept = 0
                    let entries = try await RegisterStore(session.database.sql, cipher: session.cipher)
                        .issuable(graduationYear: year, school: school, kind: "vc")
                    let unchecked = try await RegisterStore(session.database.sql, cipher: session.cipher).uncheckedCount(graduationYear: year, school: school)
                    guard !entries.isEmpty else {
                        throw EduError("credentials.batch_empty", vi: "Sổ gốc không có văn bằng nào cấp được cho năm và trường đã chọn (\(unchecked) mục chưa đối chiếu)",
                                       en: "The register holds nothing to issue for that year and school (\(unchecked) entries not yet checked)")
                    }
                    // A serial names its file: one that could not (a path separator, "..") is refused before anything is signed.
                    if let odd = entries.first(where: { !Self.isFileName($0.entry.serial) }) {
                        throw EduError("credentials.batch_serial", vi: "Số hiệu \(odd.entry.serial) không dùng làm tên tệp được",
                                       en: "The serial \(odd.entry.serial) cannot name a file")
                    }
                    for (entry, issuedBefore) in entries {
                        let path = URL(fileURLWithPath: outDir).appendingPathComponent("\(entry.serial).jwt").path
                        if issuedBefore && FileManager.default.fileExists(atPath: path) {
                            kept += 1
                            continue
                        }
                        let content = try VerifiableCredential.credential(for: entry, issuer: issuer, baseURL: baseURL)
                        _ = try await seal.sign(content, kind: "vc", with: key, to: path, session, recording: seal.recordingVC(serial: entry.serial, session))
                        issued += 1
                    }
                    print("issued \(issued), already issued \(kept), not yet checked \(unchecked) (revoked entries are never issued)")
                }
            }
        }

        private static func isFileName(_ serial: String) -> Bool {
            !serial.isEmpty && serial.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        }
    }

    /// The signed Bitstring Status List a credential's `credentialStatus` points to.
    struct StatusListCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status-list", abstract: "Write a signed revocation status list (vc+jwt).")
        @OptionGroup var seal: SealOptions
        @Option(help: "Which list (entries 0–131071 are list 0, and so on)") var list = 0
        @Option(help: "Where to write the signed list (compact JWS, vc+jwt)") var out: String

        func run() async throws {
            let list = self.list
            try await seal.issue(kind: "status-list", to: out) { session, issuer, baseURL in
                let revoked = try await RegisterStore(session.database.sql, cipher: session.cipher).revokedEntryIDs()
                return try VerifiableCredential.statusList(number: list, revokedEntries: revoked, issuerID: issuer.id, baseURL: baseURL)
            }
        }
    }
}

extension CredentialsCommand {
    /// Lookup keys for employers and other systems (`POST /api/v1/credentials/lookup` with `Authorization: Bearer evk_…`).
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "keys", abstract: "Lookup keys for employers: create, list, revoke.",
                                                        subcommands: [Create.self, List.self, RevokeKey.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed once.")
            @OptionGroup var database: DatabaseOptions
            @Option(help: "The organisation the key is for") var organisation: String
            @Option(help: "Lookups a day (Vietnam's calendar day)") var daily: Int = 1000

            func run() async throws {
                let (organisation, daily) = (self.organisation, self.daily)
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        let key = try await session.database.transaction { db in
                            try await VerifierKeyStore(db).create(organisation: organisation, dailyQuota: daily, by: .commandLine)
                        }
                        print("khoá / key \(key.id): \(key.secret)\n(chỉ in một lần / printed only once)")
                    }
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The keys, their quotas and today's use.")
            @OptionGroup var database: DatabaseOptions

            func run() async throws {
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        let store = VerifierKeyStore(session.database.sql)
                        let used = try await store.usage()
                        for key in try await store.keys() {
                            print("\(key.id)\t\(key.organisation)\t\(used[key.id] ?? 0)/\(key.dailyQuota) today\t\(key.revokedAt.map { "revoked \($0)" } ?? "active")")
                        }
                    }
                }
            }
        }

        struct RevokeKey: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a key at once.")
            @OptionGroup var database: DatabaseOptions
            @Argument(help: "The key's number") var id: Int

            func run() async throws {
                let id = self.id
                try await runReporting {
                    try await CommandSession.with(database) { session in
                        try await session.database.transaction { db in try await VerifierKeyStore(db).revoke(id: id, by: .commandLine) }
                        print("revoked \(id)")
                    }
                }
            }
        }
    }
}
