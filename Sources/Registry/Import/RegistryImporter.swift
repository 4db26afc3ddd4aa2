import Access
import EduCore
import Foundation
import Metrics
import SQLKit
import Storage
import Tabular

/// Imports one registry sheet from CSV or XLSX.
///
/// Every row is validated before anything is written (phase 1); then the file is read again
/// and written in batches inside one transaction (phase 2), so an import is stored whole or not
/// at all, even if the process is killed. Re-importing the same file changes nothing: rows are
/// matched on the personal ID, else on school code + student (or staff) code.
public struct RegistryImporter: Sendable {
    private let database: EduDatabase
    private let cipher: PersonalDataCipher
    static let batchSize = 1000

    public init(database: EduDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// `reach`, when given, limits the rows to schools the principal may change (nil: no limit,
    /// for the command line, which runs with the database owner's rights).
    public func importFile(_ path: String, sheet: RegistrySheet, dryRun: Bool, actor: Actor, reach: Reach? = nil,
                           progress: (@Sendable (Double) -> Void)? = nil) async throws -> ImportOutcome {
        let outcome: ImportOutcome
        switch sheet {
        case .schools: outcome = try await run(SchoolWriter.self, path, dryRun, actor, reach, progress)
        case .staff: outcome = try await run(StaffWriter.self, path, dryRun, actor, reach, progress)
        case .classes: outcome = try await run(ClassWriter.self, path, dryRun, actor, reach, progress)
        case .students: outcome = try await run(StudentWriter.self, path, dryRun, actor, reach, progress)
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
        return outcome
    }

    private func run<W: SheetWriter>(_: W.Type, _ path: String, _ dryRun: Bool, _ actor: Actor, _ reach: Reach?,
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
        let writer = W(references: try await References.load(for: W.Row.sheet, from: database.sql), cipher: cipher)

        let check = try await onOwnThread { try Self.validate(file, header, writer, reach, progress) }
        if !check.problems.isEmpty {
            return .rejecting(check.problems, rows: check.rejectedRows, warnings: check.warnings)
        }
        do {
            return try await database.transaction { db in
                var result = BatchResult()
                let spool = try AuditSpool()
                let pipe = BatchPipe<[Numbered<W.Row>]>()
                Thread {
                    do {
                        var batch: [Numbered<W.Row>] = []
                        var written = 0
                        try file.forEachRecord { record in
                            var fields = RowFields(row: record.row, cells: record.cells, header: header)
                            // Phase 1 read the same rows; a row that no longer reads means the file changed under us.
                            guard let draft = W.Row.read(&fields) else {
                                throw EduError("import.changed", vi: "Tệp đã thay đổi trong khi nhập (dòng \(record.row))",
                                               en: "The file changed during the import (row \(record.row))")
                            }
                            batch.append(Numbered(row: record.row, value: draft))
                            if batch.count == Self.batchSize {
                                try pipe.put(batch)
                                written += batch.count
                                progress?(0.5 + 0.5 * Double(written) / Double(max(check.rows, 1)))
                                batch.removeAll(keepingCapacity: true)
                            }
                        }
                        if !batch.isEmpty { try pipe.put(batch) }
                        pipe.finish()
                    } catch {
                        pipe.finish(throwing: error)
                    }
                }.start()
                do {
                    while let batch = try await pipe.take() {
                        let written = try await writer.write(batch, on: db, reach: reach)
                        if !written.problems.isEmpty { result.problems += written.problems; break }
                        try spool.add(written.events)
                        result.add(BatchResult(created: written.created, updated: written.updated, unchanged: written.unchanged))
                    }
                } catch {
                    pipe.cancel()
                    throw error
                }
                pipe.cancel()
                var outcome = ImportOutcome()
                outcome.warnings = check.warnings
                if !result.problems.isEmpty {
                    throw Rejection(outcome: .rejecting(result.problems, rows: Set(result.problems.map(\.row)).count,
                                                        warnings: check.warnings))
                }
                outcome.created = result.created
                outcome.updated = result.updated
                outcome.unchanged = result.unchanged
                outcome.dryRun = dryRun
                try await spool.flush(to: AuditLog(db), by: actor)
                try await AuditLog(db).append(AuditEvent(
                    action: "import", entity: W.Row.sheet.rawValue, entityID: URL(fileURLWithPath: path).lastPathComponent,
                    after: outcome.summaryLine), by: actor)
                progress?(1)
                // A dry run does all the work, then rolls it back, so its counts are exact.
                if dryRun { throw Rejection(outcome: outcome) }
                return outcome
            }
        } catch let rejection as Rejection {
            return rejection.outcome
        }
    }

    /// Schools may be created only by department-wide writers; other rows only inside writable schools.
    static func permits<D: Draft>(_ reach: Reach, _ draft: D, _ references: References) -> Bool {
        guard let code = draft.owningSchoolCode else { return reach.writableAll }
        guard let school = references.schools[code] else { return true }  // reported as an unknown school
        return reach.canWrite(school: school.id)
    }

    /// Ends the transaction without storing anything, carrying the outcome out.
    private struct Rejection: Error { let outcome: ImportOutcome }

    struct Check: Sendable {
        var rows = 0
        var rejectedRows = 0
        var problems: [RowProblem] = []
        var warnings: [RowProblem] = []
    }

    /// Phase 1: every row, every rule, duplicates within the file. Touches no database.
    static func validate<W: SheetWriter>(_ file: TableFile, _ header: HeaderMap, _ writer: W, _ reach: Reach?,
                                         _ progress: (@Sendable (Double) -> Void)?) throws -> Check {
        var check = Check()
        var seen: [String: Int] = [:]
        try file.forEachRecord(progress: { progress?($0 / 2) }) { record in
            check.rows += 1
            var fields = RowFields(row: record.row, cells: record.cells, header: header)
            var problems: [RowProblem] = []
            if let draft = W.Row.read(&fields) {
                problems += writer.check(draft, row: record.row)
                if let reach, !Self.permits(reach, draft, writer.references) {
                    problems.append(RowProblem(row: record.row, column: "school_code", value: draft.owningSchoolCode ?? "",
                                               vi: "Bạn không có quyền thay đổi dữ liệu của trường này",
                                               en: "You may not change this school's records"))
                }
                for (column, key) in draft.fileKeys {
                    if let first = seen[key] {
                        problems.append(RowProblem(row: record.row, column: column, value: fields.text(column),
                                                   vi: "Trùng với dòng \(first) trong cùng tệp",
                                                   en: "Duplicates row \(first) of the same file"))
                    } else {
                        seen[key] = record.row
                    }
                }
            }
            problems = fields.problems + problems
            if check.warnings.count < 1000 { check.warnings += fields.warnings }
            if !problems.isEmpty {
                check.rejectedRows += 1
                // Past 1,000 problems the report stops growing; the count of rejected rows stays exact.
                if check.problems.count < 1000 { check.problems += problems }
            }
        }
        return check
    }
}
