import Foundation
import TestSupport

/// Runs the built `eduvn` executable against a database of its own in a temporary folder.
struct CLIProcess {
    let directory: URL
    var environment: [String: String]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Tests run from the package; the executable sits beside the test bundle in the build folder.
    static var executable: URL {
        packageRoot.appendingPathComponent(".build/debug/eduvn")
    }

    /// Where the commands' database lives.
    enum Store {
        /// A new database on the PostgreSQL server `EDUVN_DATABASE_URL` names when the suite runs on PostgreSQL,
        /// else a SQLite file in the folder.
        case suite
        /// A SQLite file in the folder, whatever the suite runs on (backups, the write-ahead log, SQLite's triggers).
        case sqliteFile
    }

    /// The database the commands use, when it is on PostgreSQL, as `psql` takes it.
    let postgres: String?
    private let leftovers: Leftovers

    init(_ store: Store = .suite) throws {
        directory = try TestFiles.folder("cli")
        environment = ProcessInfo.processInfo.environment
        environment["EDUVN_DATA_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
        if store == .suite, let server = environment["EDUVN_DATABASE_URL"], server.hasPrefix("postgres"),
           var url = URLComponents(string: server) {
            // psql knows libpq's parameters, not postgres-nio's `tlsmode`.
            url.query = "sslmode=disable"
            let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            let maintenance = url.string!
            try Self.psql(maintenance, "CREATE DATABASE \(name)")
            leftovers = Leftovers(directory: directory, database: (maintenance, name))
            url.path = "/\(name)"
            postgres = url.string!
            url.query = "tlsmode=disable"
            environment["EDUVN_DATABASE_URL"] = url.string!
        } else {
            postgres = nil
            leftovers = Leftovers(directory: directory, database: nil)
            environment["EDUVN_DATABASE_URL"] = "sqlite:\(directory.path)/eduvn.sqlite"
        }
    }

    /// The folder and the PostgreSQL database of a test's commands, removed once the test no longer holds them.
    private final class Leftovers: Sendable {
        let directory: URL
        let database: (server: String, name: String)?

        init(directory: URL, database: (server: String, name: String)?) {
            self.directory = directory
            self.database = database
        }

        deinit {
            try? FileManager.default.removeItem(at: directory)
            // FORCE: a server a test started may still hold a connection.
            if let database { _ = try? CLIProcess.psql(database.server, "DROP DATABASE IF EXISTS \(database.name) WITH (FORCE)") }
        }
    }

    var onPostgres: Bool { postgres != nil }

    /// Runs SQL on the commands' database (sqlite3 or psql, values separated by `|`): its output, trimmed. For checks
    /// and for changes made behind the platform's back.
    @discardableResult
    func sql(_ statement: String) throws -> String {
        if let postgres { return try Self.psql(postgres, statement) }
        // A busy timeout: a command may be writing while the test reads.
        let database = directory.appendingPathComponent("eduvn.sqlite").path
        return try Self.output("/usr/bin/sqlite3", ["-cmd", ".timeout 5000", database, statement])
    }

    /// Starts a command that writes in one transaction and returns once it has written about `bytes` bytes it has not
    /// committed (to SQLite's write-ahead log, or PostgreSQL's once the command's transaction holds an id), or ended:
    /// the moment to kill it mid-write.
    func startWriting(_ arguments: [String], bytes: Int = 1_000_000) throws -> Process {
        let wal = directory.appendingPathComponent("eduvn.sqlite-wal").path
        func walSize() -> Int { (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 }
        func walPosition() throws -> Int { Int(try sql("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) ?? 0 }
        let start = onPostgres ? 0 : walSize()
        let (process, _, _) = try self.start(arguments)
        let deadline = Date().addingTimeInterval(300)
        if onPostgres {
            // Until the command's transaction has written something (the server's WAL also grows with other tests).
            while process.isRunning, Date() < deadline, try sql("""
                SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
                """) == "0" { usleep(10_000) }
            let written = try walPosition()
            while process.isRunning, Date() < deadline, try walPosition() - written < bytes { usleep(10_000) }
        } else {
            while process.isRunning, Date() < deadline, walSize() - start < bytes { usleep(2_000) }
        }
        return process
    }

    @discardableResult
    private static func psql(_ url: String, _ statement: String) throws -> String {
        try output("/usr/bin/psql", [url, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", statement])
    }

    static func output(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process(), out = Pipe(), err = Pipe()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile(), problem = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw SQLFailed(statement: arguments.last ?? "", message: String(decoding: problem, as: UTF8.self))
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct SQLFailed: Error, CustomStringConvertible {
        let statement: String, message: String
        var description: String { "\(statement): \(message)" }
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        var lastLine: String { stdout.split(separator: "\n").last.map(String.init) ?? "" }
    }

    /// Starts the command with its output going to files (pipes could fill up and stall it).
    /// `stdin`: text the command reads from standard input (a passphrase, a PIN).
    func start(_ arguments: [String], stdin: String? = nil) throws -> (Process, stdout: URL, stderr: URL) {
        try start(Self.executable, arguments, stdin: stdin)
    }

    /// Runs another program (openssl, softhsm2-util…) the same way, in the same folder and environment: its status.
    func tool(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let (process, _, _) = try start(URL(fileURLWithPath: executable), arguments, stdin: nil)
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func start(_ executable: URL, _ arguments: [String], stdin: String?) throws -> (Process, stdout: URL, stderr: URL) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = directory
        let id = UUID().uuidString
        let out = directory.appendingPathComponent("\(id).out"), err = directory.appendingPathComponent("\(id).err")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = directory.appendingPathComponent("\(id).in")
            try stdin.write(to: input, atomically: true, encoding: .utf8)
            process.standardInput = try FileHandle(forReadingFrom: input)
        }
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], stdin: String? = nil) throws -> Result {
        let (process, out, err) = try start(arguments, stdin: stdin)
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
