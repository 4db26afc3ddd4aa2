import EduCore
import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit

/// An open database: Fluent's pools (one per event loop) with SQLKit on top.
/// Queries go through `sql` with Codable rows; Fluent is used for pools, migrations and transactions.
public final class EduDatabase: Sendable {
    public let url: DatabaseURL
    public let dialect: Dialect
    private let databases: Databases
    private let logger: Logger
    private let closed = NIOLockedValueBox(false)
    /// Where a `sqlite::memory:` database lives, removed at `close()`.
    public let scratchFile: String?

    private init(url: DatabaseURL, dialect: Dialect, databases: Databases, logger: Logger, scratchFile: String?) {
        self.url = url
        self.dialect = dialect
        self.databases = databases
        self.logger = logger
        self.scratchFile = scratchFile
    }

    /// Opens (and for SQLite files, creates) the database, and checks it answers.
    /// `searchPath` confines PostgreSQL to one schema (tests use a schema each).
    public static func open(_ url: DatabaseURL, searchPath: [String]? = nil, logger: Logger = Logger(label: "eduvn.db")) async throws -> EduDatabase {
        // sqlite-nio leaves SQLite's shared cache out, so SQLiteKit fakes an in-memory database with a file it never
        // removes (4 MB a test). A file of our own, removed at `close()`, is the same database without the litter.
        let scratchFile = url == .sqliteMemory
            ? FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-scratch-\(UUID().uuidString).sqlite").path : nil
        let storage = scratchFile.map { DatabaseURL.sqliteFile(path: $0) } ?? url
        if scratchFile == nil {
            // The probe has a pool of its own, with a quiet logger: a connection that fails is this function's one error
            // line (the pool would log it a second time), and the pool the database keeps logs as usual.
            let (probe, _) = try pools(storage, searchPath: searchPath)
            var quiet = logger
            quiet.logLevel = .critical
            do {
                try await (probe.database(logger: quiet, on: probe.eventLoopGroup.any()) as! any SQLDatabase).raw("SELECT 1").run()
                await probe.shutdownAsync()
            } catch {
                await probe.shutdownAsync()
                throw unreachable(url, error)
            }
        }
        let (databases, dialect) = try pools(storage, searchPath: searchPath)
        let database = EduDatabase(url: url, dialect: dialect, databases: databases, logger: logger, scratchFile: scratchFile)
        do {
            if dialect == .sqlite, case .sqliteFile = url {
                // WAL lets readers go on while one writer commits; it persists in the file. In WAL mode NORMAL
                // still keeps every transaction atomic and the file consistent through a crash, and skips the fsync
                // per commit (a power cut may lose the last commits, never half of one): without it each small write,
                // such as an employer key's lookup count, waits on the disk (docs/operations.md).
                try await database.sql.raw("PRAGMA journal_mode=WAL").run()
                try await database.sql.raw("PRAGMA synchronous=NORMAL").run()
            }
            if scratchFile != nil {
                // Thrown away at the end: nothing to keep through a crash, so no waiting on the disk at each commit.
                try await database.sql.raw("PRAGMA synchronous = OFF").run()
            }
            if dialect == .sqlite {
                // The default 2 MB page cache spills to disk in the middle of a large import's
                // transaction (a third of its SQLite time); 64 MB holds the hot index pages.
                try await database.sql.raw("PRAGMA cache_size = -65536").run()
                // A multi-row insert journals every page it touches in case it must be undone alone; in a temporary
                // file that is a write per page, in memory it is a copy (and the transaction stays atomic either way).
                try await database.sql.raw("PRAGMA temp_store = MEMORY").run()
            }
        } catch {
            await database.close()
            throw unreachable(url, error)
        }
        return database
    }

    private static func unreachable(_ url: DatabaseURL, _ error: any Error) -> EduError {
        EduError("database.unreachable",
                 vi: "Không kết nối được cơ sở dữ liệu \(url): \(String(reflecting: error).prefix(200))",
                 en: "Cannot reach the database \(url): \(String(reflecting: error).prefix(200))")
    }

    /// Connection pools for `url`: SQLite has one writer at a time, and sqlite-nio's busy handler retries without
    /// sleeping, so two connections contending for the lock can spin forever; SQLite gets one event loop, hence one
    /// connection, and statements queue in the pool instead. PostgreSQL gets the group.
    private static func pools(_ url: DatabaseURL, searchPath: [String]?) throws -> (Databases, Dialect) {
        let sqliteLoop: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton.next()
        switch url {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(
                at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
            let databases = Databases(threadPool: NIOThreadPool.singleton, on: sqliteLoop)
            databases.use(.sqlite(.file(path), connectionPoolTimeout: sqliteWait, sqlLogLevel: .trace), as: .sqlite)
            return (databases, .sqlite)
        case .sqliteMemory:
            preconditionFailure("open(_:) gives a memory database a scratch file")
        case .postgres(let text):
            guard var configuration = try? SQLPostgresConfiguration(url: text) else {
                throw EduError("database.url", vi: "Địa chỉ PostgreSQL không hợp lệ: \(url)", en: "Not a valid PostgreSQL address: \(url)")
            }
            configuration.searchPath = searchPath
            configuration.coreConfiguration.options.connectTimeout = .seconds(5)
            let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
            databases.use(.postgres(configuration: configuration, maxConnectionsPerEventLoop: 4,
                                    connectionPoolTimeout: .seconds(10), sqlLogLevel: .trace), as: .psql)
            return (databases, .postgres)
        }
    }

    /// How long a statement may wait for SQLite's one connection (a long import holds it).
    static let sqliteWait: TimeAmount = .seconds(600)

    public var fluent: any Database {
        databases.database(logger: logger, on: databases.eventLoopGroup.any())!
    }

    public var sql: any SQLDatabase { fluent as! any SQLDatabase }

    /// Runs `body` in one transaction: all of it is stored, or none.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await fluent.transaction { try await body($0 as! any SQLDatabase) }
    }

    /// Applies the migrations that have not run yet, in order.
    public func migrate(_ list: [any Migration]) async throws {
        let migrations = Migrations()
        migrations.add(list)
        // Each applied migration is worth a line in the server log, not on every command's terminal.
        let migrator = Migrator(databases: databases, migrations: migrations, logger: logger,
                                on: databases.eventLoopGroup.any(), migrationLogLevel: .debug)
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
    }

    public func close() async {
        guard closed.withLockedValue({ was in defer { was = true }; return !was }) else { return }
        await databases.shutdownAsync()
        removeScratchFile()
    }

    private func removeScratchFile() {
        guard let scratchFile else { return }
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: scratchFile + suffix) }
    }

    /// A database dropped without `close()` (a command that failed half-way) still releases its
    /// connections instead of tripping the pool's assertion.
    deinit {
        if !closed.withLockedValue({ $0 }) {
            databases.shutdown()
            removeScratchFile()
        }
    }
}
