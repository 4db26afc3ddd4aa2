import Access
import EduCore
import SQLKit
import Storage

/// The columns of `students` that an import sets, compared to tell updated from unchanged.
struct StudentValues: Codable, Equatable, Sendable {
    var schoolId: Int
    var studentCode: String?
    var nationalIdHash: String?
    var fullName: String
    var dateOfBirth: String
    var gender: String
    var ethnicity: String
    var birthplace: String
    var address: String
    var guardianName: String
    var guardianPhone: String
    var status: String
}

typealias StoredStudent = Identified<StudentValues>

extension StudentValues: KeepsLeftOutColumns {
    static let optionalColumns: [String: @Sendable (inout StudentValues, StudentValues) -> Void] = [
        "ethnicity": { $0.ethnicity = $1.ethnicity }, "birthplace": { $0.birthplace = $1.birthplace },
        "address": { $0.address = $1.address }, "guardian_name": { $0.guardianName = $1.guardianName },
        "guardian_phone": { $0.guardianPhone = $1.guardianPhone }, "status": { $0.status = $1.status },
    ]
}

extension StudentValues {
    static let columns = "id, school_id, student_code, national_id_hash, full_name, date_of_birth, gender, ethnicity, birthplace, address, guardian_name, guardian_phone, status"

    /// `Snapshot.json(self)`, byte for byte, without JSONEncoder: one is made for each row of an import, and the
    /// encoder took a twentieth of a large import's time.
    var snapshot: String {
        JSONText.object([
            ("schoolId", .integer(schoolId)), ("studentCode", studentCode.map { .text($0) }),
            ("nationalIdHash", nationalIdHash.map { .text($0) }), ("fullName", .text(fullName)), ("dateOfBirth", .text(dateOfBirth)),
            ("gender", .text(gender)), ("ethnicity", .text(ethnicity)), ("birthplace", .text(birthplace)), ("address", .text(address)),
            ("guardianName", .text(guardianName)), ("guardianPhone", .text(guardianPhone)), ("status", .text(status)),
        ])
    }
}

/// A student's place in one school year.
struct Enrolment: Codable, Equatable, Sendable {
    let schoolId: Int
    let classId: Int?
    let grade: Int?
}

/// A student row with what needs no database already done: keys, the sealed personal ID, the
/// search key, the enrolment and the audit snapshot of a new record.
struct PreparedStudent: Sendable {
    let item: Numbered<StudentDraft>
    let values: StudentValues
    let sealedID: String?
    let nameKey: String
    let enrolment: Enrolment?
    let snapshot: String
}

struct StudentWriter: SheetWriter {
    let references: References
    let cipher: PersonalDataCipher
    var replacing: RecordPin?
    var leftOutColumns: Set<String> = []

    init(references: References, cipher: PersonalDataCipher) {
        self.references = references
        self.cipher = cipher
    }

    func check(_ draft: StudentDraft, row: Int) -> [RowProblem] {
        var problems: [RowProblem] = []
        guard let school = references.school(draft.schoolCode, row: row, into: &problems) else { return problems }
        if let name = draft.className, let year = draft.schoolYear {
            let key = References.classKey(schoolID: school.id, year: year, name: name)
            if let known = references.classes[key] {
                if let grade = draft.grade, grade != known.grade {
                    problems.append(RowProblem(row: row, column: "grade", value: String(grade),
                                               vi: "Lớp \(name) thuộc khối \(known.grade)", en: "Class \(name) is in grade \(known.grade)"))
                }
            } else {
                problems.append(RowProblem(row: row, column: "class_name", value: name,
                                           vi: "Trường chưa có lớp này trong năm học \(year) (nhập danh sách lớp trước)",
                                           en: "The school has no such class in \(year) (import classes first)"))
            }
        }
        return problems
    }

    func prepare(_ item: Numbered<StudentDraft>) throws -> PreparedStudent {
        let draft = item.value
        let schoolID = references.schools[draft.schoolCode]!.id
        let values = StudentValues(
            schoolId: schoolID, studentCode: draft.studentCode, nationalIdHash: draft.person.nationalID.map { cipher.lookupHash($0.digits) },
            fullName: draft.person.fullName, dateOfBirth: draft.person.dateOfBirth.iso, gender: draft.person.gender.rawValue,
            ethnicity: draft.ethnicity, birthplace: draft.birthplace, address: draft.address, guardianName: draft.guardianName,
            guardianPhone: draft.guardianPhone, status: (draft.status ?? .initial).rawValue)
        let enrolment = draft.schoolYear.map { year in
            let schoolClass = draft.className.flatMap { references.classes[References.classKey(schoolID: schoolID, year: year, name: $0)] }
            return Enrolment(schoolId: schoolID, classId: schoolClass?.id, grade: draft.grade ?? schoolClass?.grade)
        }
        return PreparedStudent(item: item, values: values, sealedID: try draft.person.nationalID.map { try cipher.seal($0.digits) },
                               nameKey: PersonName.foldedKey(values.fullName), enrolment: enrolment, snapshot: values.snapshot)
    }

    func write(_ batch: [PreparedStudent], on db: any SQLDatabase, reach: Reach?) async throws -> BatchResult {
        try await SchoolYearStore(db).ensure(Set(batch.compactMap(\.item.value.schoolYear)))
        let hashes = batch.compactMap(\.values.nationalIdHash)
        let codes = batch.compactMap(\.values.studentCode)
        var byHash: [String: StoredStudent] = [:], byCode: [String: StoredStudent] = [:]
        if !hashes.isEmpty {
            for student in try await db.raw("SELECT \(unsafeRaw: StudentValues.columns) FROM students WHERE national_id_hash IN (\(binds: hashes))")
                .all(decoding: StoredStudent.self, keyDecodingStrategy: .convertFromSnakeCase) {
                byHash[student.values.nationalIdHash!] = student
            }
        }
        if !codes.isEmpty {
            for student in try await db.raw("""
                SELECT \(unsafeRaw: StudentValues.columns) FROM students
                WHERE school_id IN (\(binds: Array(Set(batch.map(\.values.schoolId))))) AND student_code IN (\(binds: Array(Set(codes))))
                """).all(decoding: StoredStudent.self, keyDecodingStrategy: .convertFromSnakeCase) {
                byCode["\(student.values.schoolId)|\(student.values.studentCode!)"] = student
            }
        }
        let pinned = try await replacing.asyncMap { try await StoredStudent.stored($0, table: "students", columns: StudentValues.columns, on: db) } ?? nil
        let enrolments = try await currentEnrolments(of: Array(byHash.values) + Array(byCode.values) + (pinned.map { [$0] } ?? []), on: db)

        var result = BatchResult()
        var inserts: [PreparedStudent] = []
        for prepared in batch {
            let item = prepared.item, draft = item.value, values = prepared.values, enrolment = prepared.enrolment
            let schoolID = values.schoolId, hash = values.nationalIdHash
            let byCodeMatch = draft.studentCode.flatMap { byCode["\(schoolID)|\($0)"] }
            let byHashMatch = hash.flatMap { byHash[$0] }
            let existing: StoredStudent
            if replacing != nil, pinned == nil {
                result.problems.append(.changedMeanwhile(row: item.row))
                continue
            }
            if let pinned {
                if let byHashMatch, byHashMatch.id != pinned.id {
                    result.problems.append(.conflict(row: item.row, column: "national_id", value: ""))
                    continue
                }
                if let byCodeMatch, byCodeMatch.id != pinned.id {
                    result.problems.append(.heldByAnother(row: item.row, column: "student_code", value: draft.studentCode!))
                    continue
                }
                existing = pinned
            } else {
                let codeHeldByOtherID = byCodeMatch.flatMap(\.values.nationalIdHash).map { hash != nil && $0 != hash } ?? false
                if let byCodeMatch, byCodeMatch.id != (byHashMatch ?? byCodeMatch).id || codeHeldByOtherID {
                    result.problems.append(RowProblem(row: item.row, column: "student_code", value: draft.studentCode!,
                                                      vi: "Mã học sinh này đã thuộc về một học sinh khác",
                                                      en: "This student code already belongs to another student"))
                    continue
                }
                guard let match = byHashMatch ?? byCodeMatch else {
                    inserts.append(prepared)
                    continue
                }
                existing = match
            }
            if existing.values.schoolId != schoolID, let reach, !reach.canWrite(school: existing.values.schoolId) {
                result.problems.append(.conflict(row: item.row, column: "national_id", value: ""))
                continue
            }
            var merged = values.keeping(existing.values, leftOut: draft.keptColumns(leftOut: leftOutColumns, status: draft.status))
            // A row without a personal ID keeps the one already stored; so does a row without a code.
            if merged.nationalIdHash == nil { merged.nationalIdHash = existing.values.nationalIdHash }
            if merged.studentCode == nil { merged.studentCode = existing.values.studentCode }
            let enrolmentChanged = draft.schoolYear.map { enrolments["\(existing.id)|\($0)"] != enrolment } ?? false
            if merged == existing.values && !enrolmentChanged {
                result.unchanged += 1
                result.changes.append(RowChange(row: item.row, action: .unchanged, record: draft.label))
                continue
            }
            var update = try db.update("students")
                .set(model: merged, keyEncodingStrategy: .convertToSnakeCase, nilEncodingStrategy: .asNil)
                .set("name_key", to: prepared.nameKey)
                .set("updated_at", to: Timestamp.now)
            // A row without a personal ID leaves the stored (encrypted) one alone.
            if let sealed = prepared.sealedID { update = update.set("national_id_enc", to: sealed) }
            try await update.where("id", .equal, existing.id).run()
            if let year = draft.schoolYear, let enrolment {
                try await upsert(enrolment, studentID: existing.id, year: year, on: db)
            }
            result.updated += 1
            let before = existing.values.snapshot, after = merged == values ? prepared.snapshot : merged.snapshot
            result.events.append(AuditEvent(action: "update", entity: "student", entityID: String(existing.id), before: before, after: after))
            let columns = RowChange.changedColumns(before: before, after: after, sheet: .students)
                + (enrolmentChanged ? ["school_year", "class_name", "grade"] : [])
            result.changes.append(RowChange(row: item.row, action: .update, record: draft.label, columns: columns))
        }
        try await insert(inserts, into: &result, on: db)
        return result
    }

    private func insert(_ rows: [PreparedStudent], into result: inout BatchResult, on db: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        let now = Timestamp.now
        let ids = try await BulkInsert.rowsReturningIDs(rows.map { row in
            let values = row.values
            return [.integer(values.schoolId), BulkValue(values.studentCode), BulkValue(values.nationalIdHash),
                    BulkValue(row.sealedID), .text(values.fullName), .text(row.nameKey), .text(values.dateOfBirth),
                    .text(values.gender), .text(values.ethnicity), .text(values.birthplace), .text(values.address),
                    .text(values.guardianName), .text(values.guardianPhone), .text(values.status), .text(now), .text(now)]
        }, into: "students", columns: [
            "school_id", "student_code", "national_id_hash", "national_id_enc", "full_name", "name_key", "date_of_birth",
            "gender", "ethnicity", "birthplace", "address", "guardian_name", "guardian_phone", "status", "created_at", "updated_at",
        ], on: db)
        var enrolmentRows: [[BulkValue]] = []
        for (row, id) in zip(rows, ids) {
            result.created += 1
            result.events.append(AuditEvent(action: "create", entity: "student", entityID: String(id), after: row.snapshot))
            result.changes.append(RowChange(row: row.item.row, action: .create, record: row.item.value.label))
            if let year = row.item.value.schoolYear, let enrolment = row.enrolment {
                enrolmentRows.append([.integer(id), .integer(enrolment.schoolId), BulkValue(enrolment.classId), .text(year),
                                      BulkValue(enrolment.grade), .text(now)])
            }
        }
        try await BulkInsert.rows(enrolmentRows, into: "enrolments",
                                  columns: ["student_id", "school_id", "class_id", "school_year", "grade", "created_at"], on: db)
    }

    private func currentEnrolments(of students: [StoredStudent], on db: any SQLDatabase) async throws -> [String: Enrolment] {
        guard !students.isEmpty else { return [:] }
        struct Row: Decodable { let studentId: Int; let schoolYear: String; let schoolId: Int; let classId: Int?; let grade: Int? }
        let rows = try await db.raw("""
            SELECT student_id, school_year, school_id, class_id, grade FROM enrolments WHERE student_id IN (\(binds: students.map(\.id)))
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return Dictionary(rows.map { ("\($0.studentId)|\($0.schoolYear)", Enrolment(schoolId: $0.schoolId, classId: $0.classId, grade: $0.grade)) },
                          uniquingKeysWith: { a, _ in a })
    }

    private func upsert(_ enrolment: Enrolment, studentID: Int, year: String, on db: any SQLDatabase) async throws {
        try await db.raw("""
            INSERT INTO enrolments (student_id, school_id, class_id, school_year, grade, created_at)
            VALUES (\(bind: studentID), \(bind: enrolment.schoolId), \(bind: enrolment.classId), \(bind: year), \(bind: enrolment.grade), \(bind: Timestamp.now))
            ON CONFLICT (student_id, school_year) DO UPDATE SET school_id = excluded.school_id,
                class_id = excluded.class_id, grade = excluded.grade
            """).run()
    }
}
