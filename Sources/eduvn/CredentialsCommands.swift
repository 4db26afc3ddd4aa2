import ArgumentParser
import Credentials
import EduCore
import Foundation
import Signing

struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credentials", abstract: "The register of diplomas and certificates (sổ gốc).",
                                                    subcommands: [ImportRegister.self, Revoke.self, IssueVC.self, StatusListCommand.self, Keys.self, BlanksCommand.self, CustodyCommand.self, LinkHoldersCommand.self])

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

        func run() async throws {
            try await runReporting {
                let (rows, conversion) = try RegisterFile.read(file, today: CalendarDate.today)
                if let conversion { print(conversion.summary) }
                let folder = ScanFolder(path: scans ?? URL(fileURLWithPath: file).deletingLastPathComponent().path)
                try await CommandSession.with(database) { session in
                    let (cipher, issuer, dryRun) = (session.cipher, issuer, dryRun)
                    let outcome = try await session.database.transaction { db in
                        try await RegisterStore(db, cipher: cipher).importEntries(rows, issuer: issuer, scans: folder, dryRun: dryRun, by: .commandLine)
                    }
                    let pages = outcome.pages == 0 ? ""
                        : ", page scans: \(outcome.pages) named, \(outcome.pagesStored) stored, \(outcome.scansAttached) given to entries registered earlier"
                    print("\(dryRun ? "dry run: " : "")created \(outcome.created), unchanged \(outcome.unchanged), rejected 0\(pages)")
                }
            }
        }
    }

    /// Revokes an entry on a legal ground by a decision; the entry stays in the register.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a credential (TT 21/2019 Điều 25 grounds a, b, c, d, dd, e) by a decision.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The blank serial (số hiệu)") var serial: String
        @Option(help: "a fraud, b ineligible, c without authority, d altered, dd lent to another, e issuer's error") var ground: String
        @Option(help: "The revocation decision's number") var decision: String
        @Option(help: "The decision's date (YYYY-MM-DD)") var decisionDate: String

        func run() async throws {
            try await runReporting {
                guard let ground = RevocationGround(rawValue: ground) else {
                    throw EduError("credentials.ground", vi: "Căn cứ thu hồi là a, b, c, d, dd hoặc e", en: "The ground is a, b, c, d, dd or e")
                }
                guard case .success(let date) = CalendarDate.parse(decisionDate) else {
                    throw EduError("credentials.decision", vi: "Ngày quyết định không hợp lệ", en: "The decision date is not valid")
                }
                try await CommandSession.with(database) { session in
                    let (cipher, serial, decision) = (session.cipher, serial, decision)
                    try await session.database.transaction { db in
                        let store = RegisterStore(db, cipher: cipher)
                        guard let id = try await store.entryID(serial: serial) else {
                            throw EduError("credentials.not_found", vi: "Không có số hiệu này trong sổ gốc", en: "No such serial in the register")
                        }
                        try await store.revoke(entryID: id, ground: ground, decisionNumber: decision, decisionDate: date, by: .commandLine)
                    }
                    print("revoked \(serial)")
                }
            }
        }
    }

    /// Options for signing a credential document: who signs, where the public finds the register.
    struct IssuerOptions: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The seal that signs (see eduvn pki list), normally the department's") var signer: String
        @Option(help: "The issuing body's name") var issuer = "Sở Giáo dục và Đào tạo"
        @Option(help: "Where to write the signed credential (compact JWS, vc+jwt)") var out: String

        /// Signs `document` as a VC-JOSE JWS, logs it, writes it, then `after` (recording the issuance); `document` is
        /// made from the session.
        func issue(kind: String, _ document: @escaping @Sendable (CommandSession, VerifiableCredential.Issuer, String) async throws -> [UInt8],
                   after: @escaping @Sendable (CommandSession, String) async throws -> Void = { _, _ in }) async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let baseURL = session.configuration.publicURL ?? "http://127.0.0.1:8080"
                    let key = try await session.signers().signer(named: signer)
                    let content = try await document(session, VerifiableCredential.issuer(seal: signer, name: issuer, baseURL: baseURL), baseURL)
                    let jws = try await key.jwsSigner().sign(content, type: VerifiableCredential.mediaType)
                    let signature = Array(try jws.compactSerialization().utf8)
                    let index = try await SignCommand.logThenWrite(kind: kind, document: Data(content), signature: signature, key: key, to: out, session)
                    try await after(session, signer)
                    print("\(kind) → \(out) (log entry \(index))")
                }
            }
        }
    }

    /// A register entry as a signed W3C Verifiable Credential (Open Badges 3.0, VC-JOSE).
    struct IssueVC: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "issue-vc", abstract: "Issue a register entry as a signed Verifiable Credential (vc+jwt).")
        @OptionGroup var options: IssuerOptions
        @Option(help: "The blank serial (số hiệu)") var serial: String

        func run() async throws {
            let serial = self.serial
            try await options.issue(kind: "vc", { session, issuer, baseURL in
                let entry = try await RegisterStore(session.database.sql, cipher: session.cipher).issuable(serial: serial)
                return try VerifiableCredential.credential(for: entry, issuer: issuer, baseURL: baseURL)
            }, after: { session, signer in
                let cipher = session.cipher
                try await session.database.transaction { db in
                    let store = RegisterStore(db, cipher: cipher)
                    try await store.recordIssuance(entryID: try await store.issuable(serial: serial).id, kind: "vc", signer: signer, by: .commandLine)
                }
            })
        }
    }

    /// The signed Bitstring Status List a credential's `credentialStatus` points to.
    struct StatusListCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status-list", abstract: "Write a signed revocation status list (vc+jwt).")
        @OptionGroup var options: IssuerOptions
        @Option(help: "Which list (entries 0–131071 are list 0, and so on)") var list = 0

        func run() async throws {
            let list = self.list
            try await options.issue(kind: "status-list") { session, issuer, baseURL in
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
