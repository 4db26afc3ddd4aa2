import EduCore
import SQLKit

/// Matches validated rows of one sheet against what is stored and writes the difference.
protocol SheetWriter: Sendable {
    associatedtype Row: Draft
    init(references: References, cipher: PersonalDataCipher)
    var references: References { get }
    /// Problems with what a row refers to (unknown school, class, unit), found before anything is written.
    func check(_ draft: Row, row: Int) -> [RowProblem]
    func write(_ batch: [Numbered<Row>], on database: any SQLDatabase) async throws -> BatchResult
}

struct Numbered<Value: Sendable>: Sendable {
    let row: Int
    let value: Value
}

struct BatchResult: Sendable {
    var created = 0, updated = 0, unchanged = 0
    var events: [AuditEvent] = []
    /// Conflicts with stored data (e.g. a code that belongs to another person): the import is rejected.
    var problems: [RowProblem] = []

    mutating func add(_ other: BatchResult) {
        created += other.created
        updated += other.updated
        unchanged += other.unchanged
        events += other.events
        problems += other.problems
    }
}

import Access
