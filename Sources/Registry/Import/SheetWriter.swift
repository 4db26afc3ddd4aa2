import EduCore
import SQLKit

/// Matches validated rows of one sheet against what is stored and writes the difference.
protocol SheetWriter: Sendable {
    associatedtype Row: Draft
    /// A row with the work done that needs no database (keys, encryption, snapshots).
    associatedtype Prepared: Sendable = Numbered<Row>
    init(references: References, cipher: PersonalDataCipher)
    var references: References { get }
    /// The id of the stored record every row changes (a change by id), instead of the one its key columns match; a row
    /// whose keys belong to another record is refused.
    var replacing: RecordPin? { get set }
    /// The sheet's optional columns that the file leaves out: a stored record keeps its values there (a column given
    /// but left empty clears it).
    var leftOutColumns: Set<String> { get set }
    /// Problems with what a row refers to (unknown school, class, unit), found before anything is written.
    func check(_ draft: Row, row: Int) -> [RowProblem]
    /// Runs on the thread that reads the rows, so that work leaves the writer's critical path.
    func prepare(_ item: Numbered<Row>) throws -> Prepared
    /// `reach` (nil: no limit) also guards the stored record a row matches: a row may not pull a
    /// record out of a school the caller cannot change.
    func write(_ batch: [Prepared], on database: any SQLDatabase, reach: Reach?) async throws -> BatchResult
}

extension SheetWriter where Prepared == Numbered<Row> {
    func prepare(_ item: Numbered<Row>) -> Numbered<Row> { item }
}

/// A change by id: the stored record a row changes, in the state it was read.
public struct RecordPin: Sendable, Equatable {
    public let id: Int
    /// The record's `updated_at` when it was read. If it differs when the change is written, another change came between
    /// and this one is refused rather than undoing it.
    public let version: String

    public init(id: Int, version: String) {
        self.id = id
        self.version = version
    }
}

extension RowProblem {
    /// The record was changed (or removed) after the change by id read it.
    static func changedMeanwhile(row: Int) -> RowProblem {
        RowProblem(row: row, column: "id", value: "", vi: "Hồ sơ vừa được người khác thay đổi: đọc lại rồi sửa",
                   en: "Someone changed the record meanwhile: read it again, then change it")
    }

    /// A matched record lies outside the caller's reach. Worded like a plain conflict, so the
    /// answer does not confirm that a personal ID exists elsewhere.
    static func conflict(row: Int, column: String, value: String) -> RowProblem {
        RowProblem(row: row, column: column, value: value,
                   vi: "Trùng với một hồ sơ khác mà bạn không được thay đổi",
                   en: "Conflicts with another record that you may not change")
    }

    /// A change by id gives a code or name that another record of the school already has.
    static func heldByAnother(row: Int, column: String, value: String) -> RowProblem {
        RowProblem(row: row, column: column, value: value, vi: "Giá trị này đã thuộc về một hồ sơ khác",
                   en: "Another record already has this value")
    }
}

/// The values of a record that a file may leave out, and how a stored record keeps each when it does.
protocol KeepsLeftOutColumns {
    static var optionalColumns: [String: @Sendable (inout Self, Self) -> Void] { get }
}

extension KeepsLeftOutColumns {
    /// These values, with the stored ones kept for each column the file leaves out.
    func keeping(_ stored: Self, leftOut: Set<String>) -> Self {
        var kept = self
        for (column, keep) in Self.optionalColumns where leftOut.contains(column) { keep(&kept, stored) }
        return kept
    }
}

struct Numbered<Value: Sendable>: Sendable {
    let row: Int
    let value: Value
}

struct BatchResult: Sendable {
    var created = 0, updated = 0, unchanged = 0
    var events: [AuditEvent] = []
    var changes: [RowChange] = []
    /// Conflicts with stored data (e.g. a code that belongs to another person): the import is rejected.
    var problems: [RowProblem] = []

    mutating func add(_ other: BatchResult) {
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        events += other.events
        changes += other.changes
        problems += other.problems
    }
}

import Access
