import ArgumentParser
import EduCore
import EduServer
import Foundation
import Platform
import Registry
import Signing
import SQLKit
import Storage
import X509

struct PKICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pki", abstract: "Keys and certificates of the signing service.",
                                                    subcommands: [InitDemo.self, List.self, ExportRoot.self, Trust.self, AddToken.self, Import.self, Revoke.self, RevokeCA.self,
                                                                  PublishCRL.self, ReadPKCS12.self])

    struct InitDemo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init-demo",
            abstract: "Create the DEMO certificate hierarchy and a DEMO certificate for the department, every school and every member of staff that has none.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let (root, issued) = try await session.database.transaction { db in
                        let (department, requests) = try await DemoSigners.requests(db)
                        return try await session.signers(on: db).initialiseDemo(department: department, requests: requests,
                                                                                publicURL: session.configuration.publicURL)
                    }
                    print("DEMO PKI: issued \(issued) certificates under \(root.subject)")
                }
            }
        }
    }

    /// The contract the department's scripts rely on: one line per signer, NAME, kind, subject, valid-until, tab-separated.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per signer: NAME, kind (seal or person), subject, valid-until; tab-separated (a tab or line break inside a field as \\t, \\n).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    for signer in try await session.signers().list() {
                        print(signer.listLine)
                    }
                }
            }
        }
    }

    struct ExportRoot: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "export-root", abstract: "Write the trust anchors in PEM.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The PEM file to write") var out: String

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let roots = try await session.signers().trustAnchors()
                    guard !roots.isEmpty else {
                        throw EduError("pki.no_root", vi: "Chưa có chứng thư gốc (chạy eduvn pki init-demo)",
                                       en: "There is no root certificate yet (run eduvn pki init-demo)")
                    }
                    try write(Data(try CertificateFile.pem(roots).utf8), to: out)
                }
            }
        }
    }
}

extension PKICommand {
    struct Trust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Accept the root certificates in a PEM file as trust anchors (e.g. the national roots).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "PEM file with one or more root certificates") var file: String

        func run() async throws {
            try await runReporting {
                let roots = try CertificateFile.certificates(fromPEM: String(decoding: try read(file), as: UTF8.self))
                try await CommandSession.with(database) { session in
                    let store = session.signers()
                    let known = Set(try await store.trustAnchors().map(SignerStore.fingerprint))
                    for root in roots where !known.contains(try SignerStore.fingerprint(root)) {
                        try await store.addTrustAnchor(root, isDemo: false)
                        print("trusted \(root.subject)")
                    }
                }
            }
        }
    }

    /// Binds a key held on a PKCS#11 token (a staff member's USB token, an HSM) to a signer name.
    struct AddToken: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-token",
            abstract: "Add a signer whose key stays on a PKCS#11 token; the PIN is read from standard input and not stored.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var signer: NewSignerOptions
        @Option(help: "The token's PKCS#11 module (.so)") var module: String
        @Option(help: "Token label") var token: String
        @Option(help: "The private key's label on the token") var key: String
        @Option(help: "The certificate (PEM), when the token holds none beside the key") var certificate: String?
        @Option(help: "CA certificates between it and the root (PEM), nearest first") var chain: String?

        func run() async throws {
            try await runReporting {
                let pin = readLine(strippingNewline: true) ?? ""
                let reference = TokenKeyReference(modulePath: module, tokenLabel: token, keyLabel: key)
                let onToken = try reference.open(pin: pin).certificate
                guard let leaf = try onToken ?? certificate.map({ try CertificateFile.certificates(fromPEM: String(decoding: try read($0), as: UTF8.self))[0] }) else {
                    throw EduError("pki.certificate", vi: "Token không có chứng thư số bên cạnh khoá: cho tệp bằng --certificate",
                                   en: "The token holds no certificate beside the key: give one with --certificate")
                }
                let intermediates = try chain.map { try CertificateFile.certificates(fromPEM: String(decoding: try read($0), as: UTF8.self)) } ?? []
                try await CommandSession.with(database) { session in
                    try await session.signers().addTokenSigner(
                        name: signer.name, kind: signer.kind, reference: reference, pin: pin, certificate: leaf,
                        intermediates: intermediates, binding: try await signer.binding(in: session))
                    print("added \(signer.name): \(leaf.subject)")
                }
            }
        }
    }
}

extension SignerKind: ExpressibleByArgument {}

/// Who a new signer is: its name, kind, and what it is bound to in the registry.
struct NewSignerOptions: ParsableArguments {
    @Option(help: "Signer name for eduvn sign --signer") var name: String
    @Option(help: "seal or person") var kind: SignerKind
    @Option(help: "School code the signer belongs to (a school's seal or its staff)") var school: String?
    @Option(help: "Staff code of the person (with --school)") var staff: String?
    @Option(help: "Code of the unit whose seal this is (the department, a commune), instead of --school") var unit: String?

    /// A person is a member of staff (`--school` and `--staff`); a seal is a school's (`--school`) or a unit's, such as
    /// the department's (`--unit`).
    func binding(in session: CommandSession) async throws -> SignerBinding {
        let db = session.database.sql
        switch kind {
        case .person where school == nil || staff == nil || unit != nil:
            throw EduError("pki.binding", vi: "Người ký là cá nhân cần --school và --staff (không dùng --unit)",
                           en: "A person needs --school and --staff (not --unit)")
        case .seal where staff != nil || (school == nil) == (unit == nil):
            throw EduError("pki.binding", vi: "Con dấu thuộc một trường (--school) hoặc một đơn vị (--unit), không thuộc cán bộ (--staff)",
                           en: "A seal belongs to one school (--school) or one unit (--unit), not to a member of staff (--staff)")
        default:
            break
        }
        if let unit {
            guard let unitRow = try await RegistryDirectory.unit(code: unit, db) else {
                throw EduError("pki.unit", vi: "Không có đơn vị mã \(unit)", en: "No unit has the code \(unit)")
            }
            return SignerBinding(unitID: unitRow.id)
        }
        let school = self.school!  // the checks above leave a school wherever there is no unit
        guard let schoolRow = try await RegistryDirectory.school(code: school, db) else {
            throw EduError("pki.school", vi: "Không có trường mã \(school)", en: "No school has the code \(school)")
        }
        guard let staff else { return SignerBinding(schoolID: schoolRow.id) }
        guard let member = try await RegistryDirectory.staffMember(schoolCode: school, staffCode: staff, db) else {
            throw EduError("pki.staff", vi: "Trường \(school) không có cán bộ mã \(staff)", en: "School \(school) has no staff member \(staff)")
        }
        return SignerBinding(staffID: member.id)
    }
}

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign a document.", subcommands: [CMS.self, JWS.self, PDF.self])

    /// What both signing commands share.
    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A seal or person known to the PKI (see eduvn pki list)") var signer: String
        @Option(name: .customLong("in"), help: "The document to sign") var input: String
        @Option(help: "The signature file to write") var out: String
        @Flag(help: "Read the token's PIN from standard input (signers whose key is on a PKCS#11 token)") var pinStdin = false

        /// Signs with the named key, appends the signature to the transparency log, then writes the file:
        /// a signature may exist only if the log holds it, and the file is written whole or not at all.
        func sign(kind: String, _ make: @escaping @Sendable (SignerKey, Data, CommandSession) async throws -> [UInt8]) async throws {
            try await runReporting {
                let content = try read(input)
                let pin = pinStdin ? readLine(strippingNewline: true) : nil
                try await CommandSession.with(database) { session in
                    let key = try await session.signers().signer(named: signer, pin: pin)
                    let signature = try await make(key, content, session)
                    let index = try await SignCommand.logThenWrite(kind: kind, document: content, signature: signature, key: key, to: out, session)
                    print("signed \(input) as \(key.certificate.subject) → \(out) (log entry \(index))")
                }
            }
        }
    }

    struct CMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cms", abstract: "Write a detached CMS (CAdES-B-B, or B-T with --timestamp) signature, DER (.p7s).")
        @OptionGroup var options: Options
        @Flag(help: "Add a signature time-stamp (CAdES-B-T) from EDUVN_TSA_URL, or the built-in DEMO time-stamp authority") var timestamp = false

        func run() async throws {
            let timestamp = self.timestamp
            try await options.sign(kind: "cms") { key, content, session in
                try await key.cmsSigner().sign(content, timestamping: timestamp ? try await SignCommand.timestamping(session) : nil)
            }
        }
    }

    /// Appends the signature to the transparency log, with whatever `recording` stores about it in the same transaction
    /// (an issuance), then writes the file (whole or not at all): a signature exists only once the log holds it, and
    /// is never logged without its record. Returns the log index.
    static func logThenWrite(kind: String, document: Data, signature: [UInt8], key: SignerKey, to path: String, _ session: CommandSession,
                             recording: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) async throws -> UInt64 {
        let cipher = session.cipher
        let entry = TransparencyLog.entry(kind: kind, document: document, signature: signature, signer: try SignerStore.fingerprint(key.certificate))
        let logged = try await session.database.transaction { db in
            let appended = try await TransparencyLog(db, cipher: cipher).append([entry])
            try await recording?(db)
            return appended
        }
        try write(Data(signature), to: path)
        return logged.firstIndex
    }

    static func timestamping(_ session: CommandSession) async throws -> SignatureTimestamping {
        try await .configured(url: session.configuration.timestampAuthorityURL, signers: session.signers())
    }

    struct JWS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jws", abstract: "Sign a machine-readable document (e.g. JSON) as a JWS with the x5c chain; the payload is embedded.")
        @OptionGroup var options: Options
        @Flag(help: "Write the flattened JSON serialisation instead of the compact one") var json = false

        func run() async throws {
            let json = self.json
            try await options.sign(kind: "jws") { key, content, _ in
                let signed = try await key.jwsSigner().sign(content)
                return json ? try signed.flattenedJSONSerialization() : Array(try signed.compactSerialization().utf8)
            }
        }
    }
}

extension SignCommand {
    struct PDF: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pdf",
            abstract: "Add a PAdES signature to a PDF (made by EduVN or another tool) as an incremental update; earlier signatures stay valid.")
        @OptionGroup var options: Options
        @Flag(help: "Add a signature time-stamp (PAdES-B-T) from EDUVN_TSA_URL, or the built-in DEMO time-stamp authority") var timestamp = false
        @Option(help: "Page for the visible block, from 1 (default: the last page)") var page: Int?
        @Option(help: "The block's rectangle in points from the page's lower left, x,y,width,height (as eduvn document render prints a slot); default: the next free place along the bottom")
        var rect: String?

        func run() async throws {
            let timestamp = self.timestamp
            let placement = PDFSignaturePlacement(page: page.map { $0 - 1 }, rect: try rect.map(Self.rectangle))
            try await options.sign(kind: "pdf") { key, content, session in
                let timestamping = timestamp ? try await SignCommand.timestamping(session) : nil
                return try await PAdESSigner(signer: key.cmsSigner(), timestamping: timestamping).sign(Array(content), placement: placement)
            }
        }

        static func rectangle(_ text: String) throws -> PDFSignaturePlacement.Rect {
            let numbers = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 4 else {
                throw EduError("pdf.rect", vi: "--rect có dạng x,y,rộng,cao (đơn vị point)", en: "--rect takes x,y,width,height in points")
            }
            return PDFSignaturePlacement.Rect(x: numbers[0], y: numbers[1], width: numbers[2], height: numbers[3])
        }
    }
}

struct LogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "log", abstract: "The transparency log of signed documents.",
                                                    subcommands: [VerifyLog.self, LatestCheckpoint.self])

    struct VerifyLog: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify", abstract: "Rebuild the log from its entries and check every signed checkpoint; exit 1 when it was altered.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var intact = false
            try await runReporting {
                try await CommandSession.with(database) { session in
                    switch try await TransparencyLog(session.database.sql, cipher: session.cipher).audit() {
                    case .intact(let entries, let checkpoints, _):
                        intact = true
                        print("transparency log intact: \(entries) entries, \(checkpoints) checkpoints")
                    case .broken(let finding):
                        print("transparency log broken: \(finding.error.message)")
                    }
                }
            }
            if !intact { throw ExitCode(1) }
        }
    }

    struct LatestCheckpoint: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "checkpoint", abstract: "Print the latest signed checkpoint and the key it verifies with.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let log = TransparencyLog(session.database.sql, cipher: session.cipher)
                    guard let checkpoint = try await log.latestCheckpoint(), let key = try await log.verifierKey() else {
                        throw EduError("log.empty", vi: "Nhật ký minh bạch còn trống", en: "The transparency log is empty")
                    }
                    print(checkpoint + "\nkey: " + key)
                }
            }
        }
    }
}

struct Verify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a signature: exit 0 when intact and trusted, 1 when invalid, untrusted or revoked, 2 when unreadable.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A signed PDF, a detached CMS signature (.p7s, with --content) or a JWS (compact or JSON)") var file: String
    @Option(help: "The signed document, for a detached signature") var content: String?
    @Flag(help: "Exit 1 also when whether a certificate was revoked could not be found out") var requireRevocation = false

    func run() async throws {
        var trusted = false
        try await runReporting {
            let signature = try read(file), document = try content.map(read)
            try await CommandSession.with(database) { session in
                let report = try await session.signers().documentVerifier().verify(Array(signature), content: document.map(Array.init))
                trusted = report.isTrusted && (!requireRevocation || report.isRevocationChecked)
                if report.signers.isEmpty { print("không có chữ ký/no signatures") }
                for signer in report.signers {
                    print("kết quả/result: \(signer.message)")
                    print("người ký/signer: \(signer.subject)")
                    if let time = signer.signingTime { print("thời điểm ký/signing time: \(Timestamp.string(time))") }
                    if let time = signer.timestampTime { print("dấu thời gian/time-stamp: \(Timestamp.string(time))") }
                    if let coverage = signer.coverage { print("phạm vi/coverage: \(coverage)") }
                    if let revocation = signer.revocation { print("thu hồi/revocation: \(revocation.message)") }
                    for subject in signer.chain { print("chuỗi/chain: \(subject)") }
                }
            }
        }
        if !trusted { throw ExitCode(1) }
    }
}

func read(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw EduError("file.unreadable", vi: "Không đọc được tệp \(path)", en: "Cannot read the file \(path)")
    }
    return data
}

/// Written whole or not at all: a half-written signature must never sit where a signed one is expected.
func write(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw EduError("file.unwritable", vi: "Không ghi được tệp \(path)", en: "Cannot write the file \(path)")
    }
}
