import Access
import EduCore
import Foundation
import Metrics
import SQLKit
import Storage
import Tabular

/// Imports one registry sheet from CSV or XLSX.
///
/// Every row is validated before anything is written (phase 1, which also spools the rows to a
/// temporary file so the input is parsed only once); then the rows are written in batches inside
/// one transaction (phase 2), so an import is stored whole or not at all, even if the process is killed. Re-importing the same file changes nothing: rows are
/// matched on the personal ID, else on school code + student (or staff) code.
public struct RegistryImporter: Sendable {
    private let database: EduDatabase
    private let cipher: PersonalDataCipher
    /// From how many rows an import builds the secondary indexes of the tables it writes (those no larger than the
    /// file) afterwards instead of row by row (`DeferredIndexes`; SQLite).
    private let largeImport: Int
    static let batchSize = 1000

    public init(database: EduDatabase, cipher: PersonalDataCipher, largeImport: Int = 100_000) {
        self.database = database
        self.cipher = cipher
        self.largeImport = largeImport
    }

    /// `reach`, when given, limits the rows to schools the principal may change (nil: no limit,
    /// for the command line, which runs with the database owner's rights).
    /// `replacing`: the stored record the file's one row changes (a change by id), in the state it was read; a row whose
    /// keys belong to another record, or a record changed since, is refused.
    public func importFile(_ path: String, sheet: RegistrySheet, dryRun: Bool, actor: Actor, reach: Reach? = nil,
                           replacing: RecordPin? = nil, progress: (@Sendable (Double) -> Void)? = nil) async throws -> ImportOutcome {
        let outcome: ImportOutcome
        switch sheet {
        case .schools: outcome = try await run(SchoolWriter.self, path, dryRun, actor, reach, replacing, progress)
        case .staff: outcome = try await run(StaffWriter.self, path, dryRun, actor, reach, replacing, progress)
        case .classes: outcome = try await run(ClassWriter.self, path, dryRun, actor, reach, replacing, progress)
        case .students: outcome = try await run(StudentWriter.self, path, dryRun, actor, reach, replacing, progress)
        }
        // After a large change PostgreSQL's statistics are stale until autovacuum catches up, and a
        // stale plan can make searches slow; refresh them now.
        if !dryRun, database.dialect == .postgres, outcome.created + outcome.updated > 10_000 {
            try await database.sql.raw("ANALYZE \(unsafeRaw: sheet.rawValue)").run()
        }
        if !dryRun {
            for (label, value) in [("created", outcome.created), ("updated", outcome.updated),
                                   ("unchanged", outcome.unchanged), ("rejected", outcome.rejected)] where value > 0 {
                Counter(label: "eduvn_import_rows_total", dimensions: [("sheet", sheet.rawValue), ("outcome", label)])
                    .increment(by: value)
            }
        }
        // Only now, whatever the outcome: committing a large import writes its pages out, which takes a while of its own.
        progress?(1)
        return outcome
    }

    private func run<W: SheetWriter>(_: W.Type, _ path: String, _ dryRun: Bool, _ actor: Actor, _ reach: Reach?, _ replacing: RecordPin?,
                                     _ progress: (@Sendable (Double) -> Void)?) async throws -> ImportOutcome {
        let file = try await onOwnThread { try TableFile.open(path: path) }
        let header: HeaderMap
        switch HeaderMap.make(header: file.header, sheet: W.Row.sheet) {
        case .success(let map): header = map
        case .failure(let rejection):
            let rows = try await onOwnThread { () -> Int in
                var count = 0
                try file.forEachRecord { _ in count += 1 }
                return count
            }
            return .rejecting(rejection.problems, rows: rows)
        }
        var pinnedWriter = W(references: try await References.load(for: W.Row.sheet, from: database.sql), cipher: cipher)
        pinnedWriter.replacing = replacing
        pinnedWriter.leftOutColumns = header.leftOut(of: W.Row.sheet)
        let writer = pinnedWriter

        let spool = try FieldSpool()
        let today = CalendarDate.today
        var check = ImportCheck(header: header, writer: writer, reach: reach, spool: spool, today: today)
        try await BatchPipe.stream(batchSize: Self.batchSize) { emit in
            try file.forEachRecord(progress: { progress?(Stage.checking.at($0)) }, emit)
        }.drain { records in
            for record in records { try check.add(record) }
        }
        // A warning, not a refusal: names whose only accents are in Windows-1252's range (Hélène, Benoît) look the same.
        let warnings = (check.legacyTextProblem.map { [$0] } ?? []) + check.warnings
        if !check.problems.isEmpty {
            return .rejecting(check.problems, rows: check.rejectedRows, warnings: warnings)
        }
        let rowCount = check.rows
        do {
            return try await database.transaction { db in
                var result = BatchResult()
                let audit = try AuditSpool()
                // A dry run is rolled back: it has no indexes to rebuild.
                let deferred = !dryRun && rowCount >= largeImport
                    ? try await DeferredIndexes.drop(on: [W.Row.sheet.rawValue] + (W.Row.sheet == .students ? ["enrolments"] : []),
                                                     forLoadOf: rowCount, db) : nil
                try await BatchPipe.stream(batchSize: Self.batchSize) { emit in
                    var rows = try spool.rows()
                    while let spooled = try rows.next() {
                        let row = Int(spooled[0]!)!
                        var fields = RowFields(row: row, cells: spooled.dropFirst().map { $0! }, header: header, today: today)
                        // Phase 1 read the same cells into a valid row; anything else is a fault in this program.
                        guard let draft = W.Row.read(&fields) else {
                            throw EduError("import.reread", vi: "Dòng \(row) đọc lại khác lần kiểm tra",
                                           en: "Row \(row) read differently from when it was checked")
                        }
                        try emit(writer.prepare(Numbered(row: row, value: draft)))
                    }
                }.drain { batch in
                    let written = try await writer.write(batch, on: db, reach: reach)
                    guard written.problems.isEmpty else {
                        throw Rejection(outcome: .rejecting(written.problems, rows: Set(written.problems.map(\.row)).count,
                                                            warnings: warnings))
                    }
                    try audit.add(written.events)
                    result.add(BatchResult(created: written.created, updated: written.updated, unchanged: written.unchanged))
                    // Within a batch, students are inserted after its updates: the list follows the file.
                    if dryRun { result.changes += written.changes.sorted { $0.row < $1.row }.prefix(ImportOutcome.listedChanges - result.changes.count) }
                    progress?(Stage.writing.at(Double(result.created + result.updated + result.unchanged) / Double(max(rowCount, 1))))
                }
                try await deferred?.rebuild(on: db)
                progress?(Stage.indexing.at(1))
                var outcome = ImportOutcome()
                outcome.warnings = warnings
                outcome.created = result.created
                outcome.updated = result.updated
                outcome.unchanged = result.unchanged
                outcome.dryRun = dryRun
                outcome.changes = result.changes
                try await audit.flush(to: AuditLog(db), by: actor, progress: { progress?(Stage.auditing.at($0)) })
                try await AuditLog(db).append(AuditEvent(
                    action: "import", entity: W.Row.sheet.rawValue, entityID: URL(fileURLWithPath: path).lastPathComponent,
                    after: outcome.summaryLine), by: actor)
                // A dry run does all the work, then rolls it back, so its counts are exact.
                if dryRun { throw Rejection(outcome: outcome) }
                return outcome
            }
        } catch let rejection as Rejection {
            return rejection.outcome
        }
    }

    /// The stretch of the progress bar each stage of a valid import takes, roughly in proportion to its share of a
    /// 1,000,000-row SQLite import (docs/import-export.md); the commit takes what is left after the last, and the end
    /// of any import (stored, refused or a dry run) is 1.
    enum Stage {
        case checking, writing, indexing, auditing

        private var span: (from: Double, to: Double) {
            switch self {
            case .checking: (0, 0.25)
            case .writing: (0.25, 0.7)
            case .indexing: (0.7, 0.8)
            case .auditing: (0.8, 0.95)
            }
        }

        /// Where the bar stands when this stage is `fraction` done.
        func at(_ fraction: Double) -> Double {
            span.from + (span.to - span.from) * min(max(fraction, 0), 1)
        }
    }

    /// Ends the transaction without storing anything, carrying the outcome out.
    private struct Rejection: Error { let outcome: ImportOutcome }
}
