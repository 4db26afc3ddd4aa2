import Access
import EduCore
import Foundation
import Logging
import Registry
import Storage

/// Imports submitted over HTTP run as jobs: the upload is stored with the job, and whichever
/// instance claims it runs the import with the rights the submitter had.
struct ImportJobPayload: Codable, Sendable {
    let sheet: RegistrySheet
    let dryRun: Bool
    let principalKind: String
    let principalID: Int
    let principalName: String
    let grants: [Grant]
    let readOnly: Bool
    let origin: String

    var principal: Principal {
        Principal(kind: Principal.Kind(rawValue: principalKind) ?? .user, id: principalID, name: principalName,
                  grants: grants, readOnly: readOnly)
    }

    init(sheet: RegistrySheet, dryRun: Bool, principal: Principal, origin: String) {
        self.sheet = sheet
        self.dryRun = dryRun
        principalKind = principal.kind.rawValue
        principalID = principal.id
        principalName = principal.name
        grants = principal.grants
        readOnly = principal.readOnly
        self.origin = origin
    }
}

enum ImportJobs {
    static let kind = "import"

    /// Queues the file at `path` (the spooled upload) with the job, a piece at a time.
    static func submit(_ payload: ImportJobPayload, fileName: String, path: String, context: AppContext) async throws -> Int {
        let json = String(decoding: try JSONEncoder().encode(payload), as: UTF8.self)
        return try await context.database.transaction { db in
            try await JobQueue(db).enqueue(kind: kind, payload: json, createdBy: payload.principal.ownerKey,
                                           fileName: fileName, contentsOf: path,
                                           sealing: { try UploadPieces.seal($0, context.cipher) })
        }
    }

    /// Runs one claimed job to its end; failures are recorded on the job, never thrown.
    static func run(_ job: JobQueue.Job, context: AppContext, logger: Logger) async {
        await JobRecording.run(job, context: context, logger: logger) {
            let jobs = context.jobs
            let payload = try JSONDecoder().decode(ImportJobPayload.self, from: Data(job.payload.utf8))
            // The file keeps its upload's name (so messages name it, and its suffix says .csv or .xlsx) in a private folder
            // of the worker's own.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-job-\(job.id)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: folder) }
            let spool = folder.appendingPathComponent("upload").path
            guard let name = try await jobs.copyFile(jobID: job.id, to: spool, opening: { try UploadPieces.open($0, context.cipher) }) else {
                throw EduError("job.file", vi: "Mất tệp nhập", en: "The import file is gone")
            }
            let uploaded = (name as NSString).lastPathComponent
            // A name no file system takes (`/`, over 255 bytes) keeps the worker's.
            let usable = !["", ".", "..", "/", "upload"].contains(uploaded) && uploaded.utf8.count <= 200
            let path = usable ? folder.appendingPathComponent(uploaded).path : spool
            if path != spool { try FileManager.default.moveItem(atPath: spool, toPath: path) }
            let principal = payload.principal
            let reach = try await context.registry.reach(of: principal)
            let reporter = ProgressReporter(jobs: jobs, job: job)
            let outcome = try await RegistryImporter(database: context.database, cipher: context.cipher).importFile(
                path, sheet: payload.sheet, dryRun: payload.dryRun, actor: principal.actor(origin: payload.origin),
                reach: reach, progress: { reporter.report($0) })
            // The report is kept with the job: personal IDs in it are masked, as the stored records are encrypted.
            return String(decoding: try JSONEncoder().encode(outcome.maskingPersonalIDs), as: UTF8.self)
        }
    }
}

/// Records progress from the importer's threads at most once a second, and one report at a time: on SQLite a report
/// waits for the connection the import holds, and reports must not pile up behind it meanwhile.
final class ProgressReporter: @unchecked Sendable {
    private let send: @Sendable (Double) async -> Void
    private let interval: TimeInterval
    private let lock = NSLock()
    private var last = Date.distantPast
    private var inFlight = false

    convenience init(jobs: JobQueue, job: JobQueue.Job) {
        self.init(every: 1) { try? await jobs.report(job, progress: $0) }
    }

    init(every interval: TimeInterval, send: @escaping @Sendable (Double) async -> Void) {
        self.interval = interval
        self.send = send
    }

    func report(_ fraction: Double) {
        let due = lock.withLock {
            guard !inFlight, Date().timeIntervalSince(last) >= interval else { return false }
            last = Date()
            inFlight = true
            return true
        }
        guard due else { return }
        Task {
            await send(fraction)
            lock.withLock { inFlight = false }
        }
    }
}

/// Claims jobs (imports, linkage scans, reconciliations, quality runs, residence checks) from the shared queue, one at a time, until the server stops;
/// once a minute, queues the nightly runs when they are due and releases the places of passed confirmation deadlines.
actor ImportWorker {
    private let context: AppContext
    private let logger: Logger
    private var tasks: [Task<Void, Never>] = []
    private let name = "worker-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    init(context: AppContext, logger: Logger) {
        self.context = context
        self.logger = logger
    }

    /// Two loops: jobs one at a time, and beside them, so a job of hours cannot hold them up, the minute's chores.
    func start() {
        guard tasks.isEmpty else { return }
        let context = self.context, logger = self.logger, name = self.name
        tasks.append(Task {
            while !Task.isCancelled {
                do {
                    if let job = try await context.jobs.claim(kinds: [ImportJobs.kind, LinkageJobs.kind, ReconciliationJobs.kind, QualityJobs.kind,
                                                                      ResidenceCheckJobs.kind, HolderLinkageJobs.kind], worker: name) {
                        switch job.kind {
                        case ResidenceCheckJobs.kind: await ResidenceCheckJobs.run(job, context: context, logger: logger)
                        case LinkageJobs.kind: await LinkageJobs.run(job, context: context, logger: logger)
                        case HolderLinkageJobs.kind: await HolderLinkageJobs.run(job, context: context, logger: logger)
                        case ReconciliationJobs.kind: await ReconciliationJobs.run(job, context: context, logger: logger)
                        case QualityJobs.kind: await QualityJobs.run(job, context: context, logger: logger)
                        default: await ImportJobs.run(job, context: context, logger: logger)
                        }
                        continue
                    }
                } catch {
                    logger.error("job queue unavailable", metadata: ["error": "\(type(of: error))"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        })
        tasks.append(Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                guard !Task.isCancelled else { return }
                // The audit chain's head is sealed every minute, so a rewrite of the log cannot go unnoticed for longer.
                do {
                    try await AuditSeals(context.database.sql, cipher: context.cipher).seal()
                } catch {
                    logger.error("audit seal failed", metadata: ["error": "\(type(of: error))"])
                }
                // Each schedule on its own: one failing does not keep the others from their turn.
                for (name, queue) in [("reconciliation", ReconciliationJobs.queueIfDue), ("quality", QualityJobs.queueIfDue),
                                      ("confirmation_deadline", AdmissionsDeadlines.releaseIfDue)] {
                    do {
                        _ = try await queue(context, Date())
                    } catch {
                        logger.error("scheduling failed", metadata: ["schedule": "\(name)", "error": "\(type(of: error))"])
                    }
                }
            }
        })
    }

    func stop() {
        tasks.forEach { $0.cancel() }
        tasks = []
    }
}

/// An upload's pieces as the job queue keeps them: sealed, behind a mark, so that pieces queued in clear by an instance
/// from before sealing began still read. (During a rolling upgrade, an instance from before cannot read sealed pieces:
/// upgrade the workers together.)
enum UploadPieces {
    static let mark = Data("eduvn-sealed-1:".utf8)

    static func seal(_ piece: Data, _ cipher: PersonalDataCipher) throws -> Data {
        mark + (try cipher.seal(piece))
    }

    static func open(_ stored: Data, _ cipher: PersonalDataCipher) throws -> Data {
        stored.starts(with: mark) ? try cipher.open(Data(stored.dropFirst(mark.count))) : stored
    }
}
