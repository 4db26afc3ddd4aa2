import Credentials
import EduCore
import ArgumentParser
import Foundation

struct CredentialsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credentials", abstract: "The register of diplomas and certificates (sổ gốc).",
                                                    subcommands: [ImportRegister.self])

    /// The contract (docs/credentials.md): a register sheet in; all or nothing; exit 2 naming row and column.
    struct ImportRegister: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import", abstract: "Import a digitised register (CSV or XLSX): all rows or none; importing it again changes nothing.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date")
        var file: String
        @Flag(help: "Check everything, write nothing") var dryRun = false
        @Option(help: "The body that issued the credentials and holds the register") var issuer = "Sở Giáo dục và Đào tạo"

        func run() async throws {
            try await runReporting {
                let rows = try RegisterFile.read(file, today: CalendarDate.today)
                try await CommandSession.with(database) { session in
                    let (cipher, issuer, dryRun) = (session.cipher, issuer, dryRun)
                    let outcome = try await session.database.transaction { db in
                        try await RegisterStore(db, cipher: cipher).importEntries(rows, issuer: issuer, dryRun: dryRun, by: .commandLine)
                    }
                    print("\(dryRun ? "dry run: " : "")created \(outcome.created), unchanged \(outcome.unchanged), rejected 0")
                }
            }
        }
    }
}
