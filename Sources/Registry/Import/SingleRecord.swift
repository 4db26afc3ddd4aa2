import Access
import EduCore
import Foundation
import Tabular

extension RegistryImporter {
    /// Creates or updates one record given as import columns (the API's create and update),
    /// through the same validation, matching, permission checks and audit as a file import. A column not among `fields`
    /// keeps what is stored, as in a file without it.
    /// `replacing`: the stored record the fields must still name (a change by id); see `importFile`.
    public func importRecord(_ fields: [String: String], sheet: RegistrySheet, actor: Actor, reach: Reach?,
                             replacing: RecordPin? = nil) async throws -> ImportOutcome {
        let unknown = Set(fields.keys).subtracting(sheet.columns.map(\.name))
        if let column = unknown.sorted().first {
            return .rejecting([RowProblem(row: 1, column: column, value: fields[column] ?? "",
                                          vi: "Trường dữ liệu không được hỗ trợ", en: "Unknown field")], rows: 1)
        }
        // A file's empty row is skipped; a record with nothing in it is a request that names no record.
        if fields.values.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            return .rejecting(sheet.columns.filter(\.required).map {
                RowProblem(row: 1, column: $0.name, value: "", vi: "Không được để trống", en: "Must not be empty")
            }, rows: 1)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-record-\(UUID().uuidString)")
        // The record may hold a personal ID in clear: only this process's user reads the folder.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("record.csv").path
        // A field the request leaves out is a column the file leaves out: the stored value stays (`KeepsLeftOutColumns`).
        let columns = sheet.columns.filter { $0.required || fields[$0.name] != nil }
        let writer = try TableWriter(path: path, format: .csv, header: columns.map(\.name))
        try writer.write(columns.map { fields[$0.name] ?? "" })
        try writer.close()
        var outcome = try await importFile(path, sheet: sheet, dryRun: false, actor: actor, reach: reach, replacing: replacing)
        // Row 2 of the temporary file is the record itself: report it as row 1.
        outcome.problems = outcome.problems.map { RowProblem(row: 1, column: $0.column, value: $0.value, reason: $0.reason) }
        outcome.warnings = outcome.warnings.map { RowProblem(row: 1, column: $0.column, value: $0.value, reason: $0.reason) }
        return outcome
    }
}
