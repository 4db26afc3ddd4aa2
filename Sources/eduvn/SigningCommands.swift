import ArgumentParser
import EduCore
import Foundation
import Platform
import Signing
import Storage
import X509

struct PKICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pki", abstract: "Keys and certificates of the signing service.",
                                                    subcommands: [InitDemo.self, List.self, ExportRoot.self])

    struct InitDemo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init-demo",
            abstract: "Create the DEMO certificate hierarchy and a DEMO certificate for the department, every school and every member of staff that has none.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let cipher = session.cipher
                    let (root, issued) = try await session.database.transaction { db in
                        let (department, requests) = try await DemoSigners.requests(db)
                        return try await SignerStore(db, cipher: cipher).initialiseDemo(department: department, requests: requests)
                    }
                    print("DEMO PKI: issued \(issued) certificates under \(root.subject)")
                }
            }
        }
    }

    /// The contract the department's scripts rely on: one line per signer, NAME, kind, subject, valid-until, tab-separated.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One line per signer: NAME, kind (seal or person), subject, valid-until; tab-separated.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    for signer in try await SignerStore(session.database.sql, cipher: session.cipher).list() {
                        print([signer.name, signer.kind, signer.subject, signer.notAfter].joined(separator: "\t"))
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
                    let roots = try await SignerStore(session.database.sql, cipher: session.cipher).trustAnchors()
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

struct SignCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sign", abstract: "Sign a document.", subcommands: [CMS.self, JWS.self])

    /// What both signing commands share.
    struct Options: ParsableArguments {
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A seal or person known to the PKI (see eduvn pki list)") var signer: String
        @Option(name: .customLong("in"), help: "The document to sign") var input: String
        @Option(help: "The signature file to write") var out: String

        /// Signs with the named key, appends the signature to the transparency log, then writes the file:
        /// a signature may exist only if the log holds it, and the file is written whole or not at all.
        func sign(kind: String, _ make: @escaping @Sendable (CertifiedKey, Data) async throws -> [UInt8]) async throws {
            try await runReporting {
                let content = try read(input)
                try await CommandSession.with(database) { session in
                    let cipher = session.cipher
                    let key = try await SignerStore(session.database.sql, cipher: cipher).signer(named: signer)
                    let signature = try await make(key, content)
                    let entry = TransparencyLog.entry(kind: kind, document: content, signature: signature,
                                                      signer: try SignerStore.fingerprint(key.certificate))
                    let logged = try await session.database.transaction { db in
                        try await TransparencyLog(db, cipher: cipher).append([entry])
                    }
                    try write(Data(signature), to: out)
                    print("signed \(input) as \(key.certificate.subject) → \(out) (log entry \(logged.firstIndex))")
                }
            }
        }
    }

    struct CMS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cms", abstract: "Write a detached CMS (CAdES-B-B) signature, DER (.p7s).")
        @OptionGroup var options: Options

        func run() async throws {
            try await options.sign(kind: "cms") { key, content in try await key.signer().sign(content) }
        }
    }

    struct JWS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "jws", abstract: "Sign a machine-readable document (e.g. JSON) as a JWS with the x5c chain; the payload is embedded.")
        @OptionGroup var options: Options
        @Flag(help: "Write the flattened JSON serialisation instead of the compact one") var json = false

        func run() async throws {
            let json = self.json
            try await options.sign(kind: "jws") { key, content in
                let signed = try await key.jwsSigner().sign(content)
                return json ? try signed.flattenedJSONSerialization() : Array(try signed.compactSerialization().utf8)
            }
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
        abstract: "Check a signature: exit 0 when intact and trusted, 1 when invalid or untrusted, 2 when unreadable.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "A detached CMS signature (.p7s, with --content) or a JWS (compact or JSON)") var file: String
    @Option(help: "The signed document, for a detached signature") var content: String?

    func run() async throws {
        var trusted = false
        try await runReporting {
            let signature = try read(file), document = try content.map(read)
            try await CommandSession.with(database) { session in
                let roots = try await SignerStore(session.database.sql, cipher: session.cipher).trustAnchors()
                let report = try await DocumentVerifier(trustedRoots: roots).verify(Array(signature), content: document.map(Array.init))
                trusted = report.isTrusted
                for signer in report.signers {
                    print("kết quả/result: \(signer.message)")
                    print("người ký/signer: \(signer.subject)")
                    print("thời điểm ký/signing time: \(Timestamp.string(signer.signingTime))")
                    for subject in signer.chain { print("chuỗi/chain: \(subject)") }
                }
            }
        }
        if !trusted { throw ExitCode(1) }
    }
}

private func read(_ path: String) throws -> Data {
    guard let data = FileManager.default.contents(atPath: path) else {
        throw EduError("file.unreadable", vi: "Không đọc được tệp \(path)", en: "Cannot read the file \(path)")
    }
    return data
}

/// Written whole or not at all: a half-written signature must never sit where a signed one is expected.
private func write(_ data: Data, to path: String) throws {
    do {
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw EduError("file.unwritable", vi: "Không ghi được tệp \(path)", en: "Cannot write the file \(path)")
    }
}
