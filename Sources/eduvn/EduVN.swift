import ArgumentParser
import EduCore
import Foundation

@main
struct EduVN: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eduvn",
        abstract: "EduVN: nền tảng dữ liệu ngành giáo dục / the education sector data platform.",
        subcommands: [Serve.self, Migrate.self, Demo.self, Import.self, Export.self, UnitCommand.self, UserCommand.self, TokenCommand.self,
                      AuditCommand.self, Backup.self, Restore.self, PKICommand.self, SignCommand.self, Verify.self,
                      LogCommand.self, DocumentCommand.self, RecordsCommand.self, AdmissionsCommand.self, LinkageCommand.self, QualityCommand.self, CredentialsCommand.self, PopulationSimCommand.self])
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("database-url"), help: "sqlite:PATH or postgres://… (default: EDUVN_DATABASE_URL, else sqlite:./data/eduvn.sqlite)")
    var databaseURL: String?
}

/// Runs a command body and turns expected failures into one clear line and exit code 2.
func runReporting(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as EduError {
        FileHandle.standardError.write(Data("eduvn: \(error.message.vi)\neduvn: \(error.message.en)\n".utf8))
        throw ExitCode(2)
    } catch let error as InputRejected {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(2)
    }
}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
