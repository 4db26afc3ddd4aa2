import ArgumentParser
import EduCore
import Foundation
import Signing
import Storage

extension RevocationReason: ExpressibleByArgument {
    /// RFC 5280's names (keyCompromise, superseded, …), as OpenSSL's `-crl_reason` takes them.
    public init?(argument: String) {
        guard let reason = Self.allCases.first(where: { "\($0)".caseInsensitiveCompare(argument) == .orderedSame }) else { return nil }
        self = reason
    }

    public static var allValueStrings: [String] { allCases.map { "\($0)" } }
}

extension PKICommand {
    /// Revokes a certificate our own CA issued; the CA's CRL is reissued in the same transaction.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke the certificate of a signer that EduVN's CA issued; it can no longer sign, and its signatures verify as revoked.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The signer (see eduvn pki list)") var name: String
        @Option(help: "Why (RFC 5280 CRLReason)") var reason: RevocationReason = .unspecified

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let cipher = session.cipher
                    let entry = try await session.database.transaction { db in
                        try await RevocationStore(db, cipher: cipher).revoke(signerNamed: name, reason: reason)
                    }
                    print("revoked \(name) (serial \(Hex.encode(Array(entry.serial.bytes))), \(reason)) at \(Timestamp.string(entry.date))")
                }
            }
        }
    }

    /// Revokes one of EduVN's own CAs on the CRL of the CA above it.
    struct RevokeCA: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "revoke-ca",
            abstract: "Revoke one of EduVN's CAs (e.g. demo-issuing); everything it issued then verifies as revoked.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CA: demo-issuing") var name: String
        @Option(help: "Why (RFC 5280 CRLReason)") var reason: RevocationReason = .unspecified

        func run() async throws {
            let (name, reason) = (self.name, self.reason)
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let cipher = session.cipher
                    let entry = try await session.database.transaction { db in
                        try await RevocationStore(db, cipher: cipher).revoke(authorityNamed: name, reason: reason)
                    }
                    print("revoked CA \(name) (serial \(Hex.encode(Array(entry.serial.bytes))), \(reason)) at \(Timestamp.string(entry.date))")
                }
            }
        }
    }

    /// For publishing a CRL somewhere else than this server (a static web host, a directory).
    struct PublishCRL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "crl", abstract: "Write the current CRL (DER) of one of EduVN's CAs.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The CA: demo-root or demo-issuing") var authority: String
        @Option(help: "The CRL file to write") var out: String

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    guard let crl = try await RevocationStore(session.database.sql, cipher: session.cipher).currentCRL(authorityNamed: authority) else {
                        throw EduError("revocation.no_ca", vi: "Không có tổ chức chứng thực \"\(authority)\" phát hành CRL",
                                       en: "No CA named \"\(authority)\" issues CRLs")
                    }
                    try write(Data(crl), to: out)
                }
            }
        }
    }
}
