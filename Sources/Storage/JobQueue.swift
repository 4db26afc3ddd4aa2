import EduCore
import Foundation
import SQLKit

/// Background work shared by every `serve` process on one database.
/// A job is claimed with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so two instances never run
/// the same job; on SQLite the single writer gives the same guarantee.
public struct JobQueue: Sendable {
    public struct Job: Codable, Sendable, Equatable {
        public let id: Int
        public let kind: String
        public let payload: String
        public let state: String
        public let attempts: Int
        public let progress: Double
        public let result: String?
        public let error: String?
        public let createdBy: String
    }

    public static let migration = SchemaMigration("0001_jobs", [
        """
        CREATE TABLE jobs (
            id {{id}},
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'queued',
            attempts INTEGER NOT NULL DEFAULT 0,
            progress DOUBLE PRECISION NOT NULL DEFAULT 0,
            result TEXT,
            error TEXT,
            created_by TEXT NOT NULL,
            claimed_by TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX jobs_state ON jobs (state, id)",
        // The input file travels with the job, so whichever instance claims it can read it.
        "CREATE TABLE job_files (job_id BIGINT PRIMARY KEY REFERENCES jobs(id), name TEXT NOT NULL, content {{blob}} NOT NULL)",
    ])

    /// A job's input file in pieces of `chunkSize` bytes, so neither the upload that stores it nor the worker that reads
    /// it back holds the whole file (a sheet may be 100 MB). Files queued before it move over as one piece each.
    public static let chunks = SchemaMigration("0047_job_file_chunks", [
        """
        CREATE TABLE job_file_chunks (
            job_id BIGINT NOT NULL REFERENCES jobs(id), seq INTEGER NOT NULL, content {{blob}} NOT NULL,
            PRIMARY KEY (job_id, seq)
        )
        """,
        "INSERT INTO job_file_chunks (job_id, seq, content) SELECT job_id, 0, content FROM job_files",
    ])

    public static let chunkSize = 1 << 20

    private let database: any SQLDatabase
    private let dialect: Dialect

    public init(_ database: any SQLDatabase) {
        self.database = database
        self.dialect = Dialect(database)
    }

    public func enqueue(kind: String, payload: String, createdBy: String) async throws -> Int {
        let now = Timestamp.now
        let row = try await database.raw("""
            INSERT INTO jobs (kind, payload, created_by, created_at, updated_at)
            VALUES (\(bind: kind), \(bind: payload), \(bind: createdBy), \(bind: now), \(bind: now)) RETURNING id
            """).first(decoding: IDRow.self)
        return row!.id
    }

    /// Queues a job with its input file, read from `path` a piece at a time and stored as `sealing` turns each piece (an
    /// uploaded sheet holds personal data: the caller encrypts it). Call it inside a transaction, so no worker can claim
    /// the job before its file is there.
    public func enqueue(kind: String, payload: String, createdBy: String, fileName: String, contentsOf path: String,
                        sealing: (Data) throws -> Data) async throws -> Int {
        let id = try await enqueue(kind: kind, payload: payload, createdBy: createdBy)
        // The name row's own content column dates from whole-file storage; the pieces hold the file.
        try await database.raw("""
            INSERT INTO job_files (job_id, name, content) VALUES (\(bind: id), \(bind: fileName), \(bind: Data()))
            """).run()
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var seq = 0
        while let piece = try handle.read(upToCount: Self.chunkSize), !piece.isEmpty {
            try await database.raw("""
                INSERT INTO job_file_chunks (job_id, seq, content) VALUES (\(bind: id), \(bind: seq), \(bind: try sealing(piece)))
                """).run()
            seq += 1
        }
        return id
    }

    /// Writes a job's input file to `path`, a piece at a time, each as `opening` turns it back; its name, or nil when the
    /// job has no file.
    public func copyFile(jobID: Int, to path: String, opening: (Data) throws -> Data) async throws -> String? {
        struct Name: Decodable { let name: String }
        struct Piece: Decodable { let content: Data }
        guard let name = try await database.raw("SELECT name FROM job_files WHERE job_id = \(bind: jobID)").first(decoding: Name.self)?.name else {
            return nil
        }
        FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var seq = 0
        while let piece = try await database.raw("""
            SELECT content FROM job_file_chunks WHERE job_id = \(bind: jobID) AND seq = \(bind: seq)
            """).first(decoding: Piece.self) {
            try handle.write(contentsOf: try opening(piece.content))
            seq += 1
        }
        // A job queued by an instance that predates the pieces, during a rolling upgrade, has its file whole.
        if seq == 0, let whole = try await database.raw("SELECT content FROM job_files WHERE job_id = \(bind: jobID)").first(decoding: Piece.self) {
            try handle.write(contentsOf: whole.content)
        }
        return name
    }

    /// A running job not heard from for this long lost its worker (a crash, a killed instance)
    /// and is taken again, at most `maxAttempts` times in all.
    public static let staleAfter: TimeInterval = 15 * 60
    public static let maxAttempts = 3

    /// Takes the oldest queued (or abandoned) job of these kinds for `worker`, or nil when there is none.
    public func claim(kinds: [String], worker: String) async throws -> Job? {
        let lock = dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let stale = Timestamp.string(Date().addingTimeInterval(-Self.staleAfter))
        return try await database.raw("""
            UPDATE jobs SET state = 'running', attempts = attempts + 1, claimed_by = \(bind: worker),
                updated_at = \(bind: Timestamp.now)
            WHERE id = (SELECT id FROM jobs
                        WHERE kind IN (\(binds: kinds)) AND attempts < \(bind: Self.maxAttempts)
                          AND (state = 'queued' OR (state = 'running' AND updated_at < \(bind: stale)))
                        ORDER BY id LIMIT 1\(unsafeRaw: lock))
            RETURNING \(unsafeRaw: Self.columns)
            """).first(decoding: Job.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Puts a claimed job back in the queue (its instance is stopping): the next claim resumes it.
    public func release(id: Int) async throws {
        try await database.raw("""
            UPDATE jobs SET state = 'queued', claimed_by = NULL, updated_at = \(bind: Timestamp.now) WHERE id = \(bind: id) AND state = 'running'
            """).run()
    }

    /// Whether a job of `kind` is waiting or running.
    public func hasPending(kind: String) async throws -> Bool {
        try await database.raw("SELECT id FROM jobs WHERE kind = \(bind: kind) AND state IN ('queued', 'running') LIMIT 1").first() != nil
    }

    /// Records the progress of a running job, as claimed (and that it is alive). A report that arrives after that run
    /// ended (on SQLite, one that waited for the connection its import held), or once the job was taken again, changes
    /// nothing.
    public func report(_ job: Job, progress: Double) async throws {
        try await database.raw("""
            UPDATE jobs SET progress = \(bind: progress), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: job.id) AND state = 'running' AND attempts = \(bind: job.attempts)
            """).run()
    }

    public func finish(id: Int, result: String) async throws {
        try await database.raw("DELETE FROM job_file_chunks WHERE job_id = \(bind: id)").run()
        try await database.raw("DELETE FROM job_files WHERE job_id = \(bind: id)").run()
        try await database.raw("""
            UPDATE jobs SET state = 'done', progress = 1, result = \(bind: result), updated_at = \(bind: Timestamp.now)
            WHERE id = \(bind: id)
            """).run()
    }

    public func fail(id: Int, error: String) async throws {
        try await database.raw("DELETE FROM job_file_chunks WHERE job_id = \(bind: id)").run()
        try await database.raw("DELETE FROM job_files WHERE job_id = \(bind: id)").run()
        try await database.raw("""
            UPDATE jobs SET state = 'failed', error = \(bind: error), updated_at = \(bind: Timestamp.now) WHERE id = \(bind: id)
            """).run()
    }

    public func job(id: Int) async throws -> Job? {
        try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM jobs WHERE id = \(bind: id)")
            .first(decoding: Job.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The latest jobs of `kind`, newest first.
    public func recent(kind: String, limit: Int) async throws -> [Job] {
        try await database.raw("SELECT \(unsafeRaw: Self.columns) FROM jobs WHERE kind = \(bind: kind) ORDER BY id DESC LIMIT \(bind: limit)")
            .all(decoding: Job.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func count(state: String) async throws -> Int {
        try await database.raw("SELECT COUNT(*) AS n FROM jobs WHERE state = \(bind: state)").first(decoding: CountRow.self)!.n
    }

    private static let columns = "id, kind, payload, state, attempts, progress, result, error, created_by"
}

public struct IDRow: Decodable, Sendable { public let id: Int }
public struct CountRow: Decodable, Sendable { public let n: Int }

/// Timestamps are stored as ISO 8601 UTC text: sortable, the same in both dialects.
public enum Timestamp {
    public static var now: String { string(Date()) }

    public static func string(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
