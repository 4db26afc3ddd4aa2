import Access
import EduCore
import EduServer
import Foundation
import Platform
import Records
import Signing
import SQLKit
import Storage

/// An open, migrated database with its configuration, closed when the command ends.
struct CommandSession {
    let configuration: Configuration
    let database: EduDatabase

    /// `sealingAudit`: seal the audit chain's head when the command succeeds (see `AuditSeals`); off for checks that only read.
    static func with<T>(_ options: DatabaseOptions, sealingAudit: Bool = true, _ body: (CommandSession) async throws -> T) async throws -> T {
        let configuration = try Configuration.load(databaseURL: options.databaseURL)
        let database = try await configuration.openDatabase()
        do {
            let result = try await body(CommandSession(configuration: configuration, database: database))
            // Whatever the command wrote to the audit log is sealed before it ends.
            if sealingAudit { try await AuditSeals(database.sql, cipher: configuration.cipher).seal() }
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }

    var cipher: PersonalDataCipher { configuration.cipher }

    /// The học bạ store under this configuration's public address and layouts.
    func hocBa() throws -> HocBaStore {
        try HocBaStore(database, cipher: cipher, publicURL: configuration.publicURL ?? "http://127.0.0.1:8080", settings: configuration.records)
    }

    /// The signing store under this configuration's trust in DEMO certificates, asking other CAs' OCSP responders
    /// and CRLs over HTTP.
    func signers(on database: (any SQLDatabase)? = nil) -> SignerStore {
        SignerStore(database ?? self.database.sql, cipher: cipher, trustsDemo: configuration.trustsDemo,
                    otherRevocation: AppContext.remoteRevocation)
    }
}

/// A progress bar on standard error, only when it is a terminal.
struct ProgressBar: Sendable {
    let label: String
    let enabled = isatty(STDERR_FILENO) == 1

    func update(_ fraction: Double) {
        guard enabled else { return }
        let width = 30, filled = Int(fraction * Double(width))
        printRaw("\r\(label) [\(String(repeating: "#", count: filled))\(String(repeating: ".", count: width - filled))] \(Int(fraction * 100))%")
    }

    func finish() {
        if enabled { printRaw("\n") }
    }

    private func printRaw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
