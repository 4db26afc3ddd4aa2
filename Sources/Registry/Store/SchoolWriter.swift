import Access
import EduCore
import SQLKit
import Storage

struct SchoolValues: Codable, Equatable, Sendable {
    var code: String
    var name: String
    var levels: String
    var ownership: String
    var unitId: Int
    var address: String
    var status: String
}

extension SchoolValues: KeepsLeftOutColumns {
    static let optionalColumns: [String: @Sendable (inout SchoolValues, SchoolValues) -> Void] = [
        "address": { $0.address = $1.address }, "status": { $0.status = $1.status },
    ]
}

struct SchoolWriter: SheetWriter {
    let references: References
    var replacing: RecordPin?
    var leftOutColumns: Set<String> = []

    init(references: References, cipher: PersonalDataCipher) {
        self.references = references
    }

    func check(_ draft: SchoolDraft, row: Int) -> [RowProblem] {
        if references.units[draft.unitCode] != nil { return [] }
        if let successor = references.mergedUnits[draft.unitCode] {
            return [RowProblem(row: row, column: "unit_code", value: draft.unitCode,
                               vi: "Đơn vị này đã sáp nhập vào \(successor): dùng mã mới", en: "This unit was merged into \(successor): use the new code")]
        }
        return [RowProblem(row: row, column: "unit_code", value: draft.unitCode,
                           vi: "Không có đơn vị quản lý mã này", en: "No managing unit has this code")]
    }

    func write(_ batch: [Numbered<SchoolDraft>], on db: any SQLDatabase, reach: Reach?) async throws -> BatchResult {
        var result = BatchResult()
        for item in batch {
            let draft = item.value
            let values = SchoolValues(code: draft.code, name: draft.name, levels: SchoolLevel.format(draft.levels),
                                      ownership: draft.ownership.rawValue, unitId: references.units[draft.unitCode]!,
                                      address: draft.address, status: (draft.status ?? .initial).rawValue)
            let columns = "id, code, name, levels, ownership, unit_id, address, status"
            var existing = try await db.raw("SELECT \(unsafeRaw: columns) FROM schools WHERE code = \(bind: draft.code)")
                .first(decoding: Identified<SchoolValues>.self, keyDecodingStrategy: .convertFromSnakeCase)
            if let replacing {
                switch try await Identified.target(replacing, row: item.row, keyMatches: [(existing, .heldByAnother(row: item.row, column: "school_code", value: draft.code))],
                                                   table: "schools", columns: columns, on: db) {
                case .record(let stored): existing = stored
                case .refused(let problem):
                    result.problems.append(problem)
                    continue
                }
            }
            try await result.record(values, existing: existing, leftOut: draft.keptColumns(leftOut: leftOutColumns, status: draft.status),
                                    entity: "school", item: item, on: db, table: "schools",
                                    extra: [("name_key", PersonName.foldedKey(draft.name))])
        }
        return result
    }
}

struct ClassValues: Codable, Equatable, Sendable {
    var schoolId: Int
    var schoolYear: String
    var grade: Int
    var name: String
    var homeroomStaffId: Int?
}

extension ClassValues: KeepsLeftOutColumns {
    static let optionalColumns: [String: @Sendable (inout ClassValues, ClassValues) -> Void] = [
        "homeroom_teacher_code": { $0.homeroomStaffId = $1.homeroomStaffId },
    ]
}

struct ClassWriter: SheetWriter {
    let references: References
    var replacing: RecordPin?
    var leftOutColumns: Set<String> = []

    init(references: References, cipher: PersonalDataCipher) {
        self.references = references
    }

    func check(_ draft: ClassDraft, row: Int) -> [RowProblem] {
        var problems: [RowProblem] = []
        guard let school = references.school(draft.schoolCode, row: row, into: &problems) else { return problems }
        if let code = draft.homeroomCode, references.staff[References.staffKey(schoolID: school.id, code: code)] == nil {
            problems.append(RowProblem(row: row, column: "homeroom_teacher_code", value: code,
                                       vi: "Trường không có cán bộ mã này (nhập danh sách cán bộ trước)",
                                       en: "The school has no staff member with this code (import staff first)"))
        }
        return problems
    }

    func write(_ batch: [Numbered<ClassDraft>], on db: any SQLDatabase, reach: Reach?) async throws -> BatchResult {
        try await SchoolYearStore(db).ensure(Set(batch.map(\.value.schoolYear)))
        var result = BatchResult()
        for item in batch {
            let draft = item.value
            let schoolID = references.schools[draft.schoolCode]!.id
            let values = ClassValues(schoolId: schoolID, schoolYear: draft.schoolYear, grade: draft.grade, name: draft.name,
                                     homeroomStaffId: draft.homeroomCode.flatMap { references.staff[References.staffKey(schoolID: schoolID, code: $0)] })
            // Matched on the folded name, so a new spelling of a class updates it instead of adding a twin.
            let columns = "id, school_id, school_year, grade, name, homeroom_staff_id"
            var existing = try await db.raw("""
                SELECT \(unsafeRaw: columns) FROM classes WHERE school_id = \(bind: schoolID) AND school_year = \(bind: draft.schoolYear)
                """).all(decoding: Identified<ClassValues>.self, keyDecodingStrategy: .convertFromSnakeCase)
                .first { PersonName.foldedKey($0.values.name) == PersonName.foldedKey(draft.name) }
            if let replacing {
                let stored: Identified<ClassValues>
                switch try await Identified.target(replacing, row: item.row, keyMatches: [(existing, .heldByAnother(row: item.row, column: "class_name", value: draft.name))],
                                                   table: "classes", columns: columns, on: db) {
                case .record(let record): stored = record
                case .refused(let problem):
                    result.problems.append(problem)
                    continue
                }
                // A class is its school's, in its year: its pupils' enrolments, gradebooks and teachers' reach hang on both.
                if stored.values.schoolId != schoolID || stored.values.schoolYear != draft.schoolYear {
                    let column = stored.values.schoolId != schoolID ? "school_code" : "school_year"
                    result.problems.append(RowProblem(row: item.row, column: column, value: column == "school_code" ? draft.schoolCode : draft.schoolYear,
                                                      vi: "Không đổi được trường hoặc năm học của một lớp: lập lớp mới",
                                                      en: "A class's school and school year cannot change: make a new class"))
                    continue
                }
                existing = stored
            }
            try await result.record(values, existing: existing, leftOut: leftOutColumns, entity: "class", item: item, on: db, table: "classes", extra: [])
        }
        return result
    }
}

/// A stored row: its id plus the values an import compares.
struct Identified<Values: Decodable & Sendable>: Decodable, Sendable {
    let id: Int
    let values: Values

    init(from decoder: any Decoder) throws {
        id = try decoder.container(keyedBy: Key.self).decode(Int.self, forKey: .id)
        values = try Values(from: decoder)
    }

    private enum Key: String, CodingKey { case id }

    /// The stored row a change by id changes, if it is still in the state the change read (nil otherwise).
    static func stored(_ pin: RecordPin, table: String, columns: String, on db: any SQLDatabase) async throws -> Identified? {
        try await db.raw("""
            SELECT \(unsafeRaw: columns) FROM \(ident: table) WHERE id = \(bind: pin.id) AND updated_at = \(bind: pin.version)
            """).first(decoding: Identified.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// What a change by id writes to, or why it is refused.
    enum Target {
        case record(Identified)
        case refused(RowProblem)
    }

    /// A change by id's target: the stored record as it was read, unless one of the row's key matches is another record
    /// (that match's problem) or the record changed since it was read.
    static func target(_ pin: RecordPin, row: Int, keyMatches: [(Identified?, RowProblem)], table: String, columns: String,
                       on db: any SQLDatabase) async throws -> Target {
        if let (_, problem) = keyMatches.first(where: { match, _ in match.map { $0.id != pin.id } ?? false }) { return .refused(problem) }
        guard let stored = try await stored(pin, table: table, columns: columns, on: db) else { return .refused(.changedMeanwhile(row: row)) }
        return .record(stored)
    }
}

extension BatchResult {
    /// Inserts `values`, updates the stored row when it differs, or counts it unchanged; audits the change.
    /// `leftOut`: the file's left-out columns, whose stored values stay.
    mutating func record<V: Codable & Equatable & Sendable & KeepsLeftOutColumns, D: Draft>(
        _ values: V, existing: Identified<V>?, leftOut: Set<String>, entity: String, item: Numbered<D>, on db: any SQLDatabase,
        table: String, extra: [(String, any Encodable & Sendable)]
    ) async throws {
        let now = Timestamp.now
        if let existing {
            let values = values.keeping(existing.values, leftOut: leftOut)
            if existing.values == values {
                unchanged += 1
                changes.append(RowChange(row: item.row, action: .unchanged, record: item.value.label))
                return
            }
            var update = try db.update(table).set(model: values, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil).set("updated_at", to: now)
            for (column, value) in extra { update = update.set(column, to: value) }
            try await update.where("id", .equal, existing.id).run()
            updated += 1
            let before = Snapshot.json(existing.values), after = Snapshot.json(values)
            events.append(AuditEvent(action: "update", entity: entity, entityID: String(existing.id), before: before, after: after))
            changes.append(RowChange(row: item.row, action: .update, record: item.value.label,
                                     columns: RowChange.changedColumns(before: before, after: after, sheet: D.sheet)))
        } else {
            var pairs = try SQLQueryEncoder(keyEncodingStrategy: .convertToSnakeCase).encode(values)
            pairs += extra.map { ($0.0, SQLBind($0.1) as any SQLExpression) }
            pairs += [("created_at", SQLBind(now)), ("updated_at", SQLBind(now))]
            let id = try await db.insert(into: table).columns(pairs.map(\.0)).values(pairs.map(\.1))
                .returning("id").first(decoding: IDRow.self)!.id
            created += 1
            events.append(AuditEvent(action: "create", entity: entity, entityID: String(id), after: Snapshot.json(values)))
            changes.append(RowChange(row: item.row, action: .create, record: item.value.label))
        }
    }
}
