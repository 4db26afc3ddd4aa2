import Access
import EduCore
import SQLKit
import Storage

/// One cell of the summer's results: a re-test of `subject` (a mark, or Đ / CĐ for a comment subject), or with no
/// subject the conduct the homeroom teacher gave after summer training. A nil value clears the cell.
public struct SummerEntry: Sendable, Hashable {
    public let studentID: Int
    public let subject: String?
    public let value: String?

    /// Blank values are nil; the subject is kept in NFC.
    public init(studentID: Int, subject: String?, value: String?) {
        self.studentID = studentID
        self.subject = subject?.nfc.trimmingCharacters(in: .whitespaces)
        let value = value?.nfc.trimmingCharacters(in: .whitespaces)
        self.value = value?.isEmpty == false ? value : nil
    }

    /// As the results write it: a rating's label (`Khá`) for conduct, else `7.5`, `Đ` or `CĐ`.
    var stored: String? {
        guard let value else { return nil }
        return subject == nil ? Rating(label: value)?.label ?? value : SubjectResult(value)?.description ?? value
    }
}

extension EduError {
    static let summerNotSecondary = EduError(
        "summer.primary", vi: "Kiểm tra lại và rèn luyện hè theo Thông tư 22 chỉ dành cho THCS, THPT",
        en: "Summer re-tests and training (Circular 22) are for lower and upper secondary classes only")
    static let summerApproved = EduError(
        "summer.locked", vi: "Kết quả sau hè đã được hiệu trưởng duyệt: không sửa được nữa",
        en: "The principal has approved the summer's results: they can no longer be changed")
}

/// After the year (TT22): the homeroom teacher records the re-tests of the students sent to re-take subjects and the
/// conduct of those sent to summer training; the principal approves, and only then do they count in the student's
/// year and học bạ (a new version). Both need the class's HK II approved.
extension GradebookStore {
    /// Records (or clears) summer results. Each entry must be for a student of the class whose year sent them to
    /// re-tests (a subject ``TT22Rules/retestSubjects(_:)`` names, valued as the subject is assessed) or to training
    /// (a conduct rating); anything else is named by row and nothing is stored.
    public func recordSummer(_ entries: [SummerEntry], classID: Int, by actor: GradebookActor) async throws {
        try await require(.homeroomTeacher(classID: classID), by: actor)
        try await holdClass(classID)
        try await requireSummerOpen(classID: classID)
        let results = try await yearResults(classID: classID, summer: false)
        var problems: [RowProblem] = []
        for (index, entry) in entries.enumerated() {
            let row = index + 1
            guard let result = results[entry.studentID] else {
                problems.append(.notInClass(row: row, entry.studentID))
                continue
            }
            if let problem = Self.problem(with: entry, result: result, row: row) { problems.append(problem) }
        }
        guard problems.isEmpty else { throw InputRejected(problems) }
        for entry in entries {
            let kind = entry.subject == nil ? "rl" : "kt"
            let (subject, value) = (entry.subject ?? "", entry.stored)
            let before = try await database.raw("""
                SELECT value FROM summer_results WHERE class_id = \(bind: classID) AND student_id = \(bind: entry.studentID)
                    AND kind = \(bind: kind) AND subject = \(bind: subject)
                """).first().map { try $0.decode(column: "value", as: String.self) }
            guard before != value else { continue }
            if let value {
                try await database.raw("""
                    INSERT INTO summer_results (class_id, student_id, kind, subject, value)
                    VALUES (\(bind: classID), \(bind: entry.studentID), \(bind: kind), \(bind: subject), \(bind: value))
                    ON CONFLICT (class_id, student_id, kind, subject) DO UPDATE SET value = excluded.value
                    """).run()
            } else {
                try await database.raw("""
                    DELETE FROM summer_results WHERE class_id = \(bind: classID) AND student_id = \(bind: entry.studentID)
                        AND kind = \(bind: kind) AND subject = \(bind: subject)
                    """).run()
            }
            try await AuditLog(database).append(AuditEvent(
                action: "summer", entity: "student", entityID: String(entry.studentID),
                before: before.map { "class \(classID) \(entry.subject ?? "rèn luyện hè"): \($0)" },
                after: value.map { "class \(classID) \(entry.subject ?? "rèn luyện hè"): \($0)" }), by: actor.actor)
        }
    }

    /// The principal approves the summer's results: every student sent to training needs their conduct after it; a
    /// subject with no re-test result keeps its year result (the student did not sit it). Locks them; the students'
    /// years (and their next học bạ versions) then carry the decision, which the audit entry lists by student.
    public func approveSummer(classID: Int, by actor: GradebookActor) async throws {
        try await require(.principal(classID: classID), by: actor)
        try await holdClass(classID)
        try await requireSummerOpen(classID: classID)
        let decided = try await yearResults(classID: classID, summer: true).sorted { $0.key < $1.key }.compactMap { id, result in
            result.summer.map { (id, $0) }
        }
        let waiting = decided.count { $0.1.outcome == nil }
        guard waiting == 0 else {
            throw EduError.semesterNotReady(Bilingual(vi: "\(waiting) học sinh chưa có kết quả rèn luyện hè",
                                                      en: "\(waiting) students lack their conduct after summer training"))
        }
        // Claimed by one conditional insert: of two approvals at once, the second is refused, not an error of the database.
        guard try await database.raw("""
            INSERT INTO summer_decisions (class_id, decided_by, decided_at)
            VALUES (\(bind: classID), \(bind: actor.actor.name), \(bind: Timestamp.now))
            ON CONFLICT (class_id) DO NOTHING RETURNING class_id
            """).first() != nil else { throw EduError.summerApproved }
        try await AuditLog(database).append(AuditEvent(
            action: "approve", entity: "class_summer", entityID: String(classID),
            after: decided.map { "\($0.0): \($0.1.outcome?.label ?? "-")" }.joined(separator: ", ")), by: actor.actor)
    }

    /// A correction of the year's marks approved after the summer's approval may change who re-takes what: the summer is
    /// open again (audited), for the homeroom teacher to check and the principal to approve anew.
    func reopenSummer(classID: Int, by actor: Actor) async throws {
        guard try await database.raw("""
            DELETE FROM summer_decisions WHERE class_id = \(bind: classID) RETURNING class_id
            """).first() != nil else { return }
        try await AuditLog(database).append(AuditEvent(action: "reopen", entity: "class_summer", entityID: String(classID),
                                                       after: "a corrected mark"), by: actor)
    }

    public func summerApproved(classID: Int) async throws -> Bool {
        try await database.raw("SELECT class_id AS id FROM summer_decisions WHERE class_id = \(bind: classID)").first() != nil
    }

    /// What is recorded for the summer, approved or not, by student.
    public func summerResults(classID: Int) async throws -> [Int: SummerResults] {
        struct Row: Decodable { let studentId: Int; let kind: String; let subject: String; let value: String }
        var results: [Int: SummerResults] = [:]
        for row in try await database.raw("""
            SELECT student_id, kind, subject, value FROM summer_results WHERE class_id = \(bind: classID)
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) {
            if row.kind == "rl" {
                results[row.studentId, default: SummerResults()].conduct = Rating(label: row.value)
            } else if let result = SubjectResult(row.value) {
                results[row.studentId, default: SummerResults()].retests[row.subject] = result
            }
        }
        return results
    }

    /// Every student's year result by student id; with `summer`, the summer's results counted whether approved or not
    /// (what the page previews).
    public func yearResults(classID: Int, summer: Bool) async throws -> [Int: StudentYearResult] {
        let (students, lessons) = try await studentYears(classID: classID, unapprovedSummer: summer)
        return Dictionary(uniqueKeysWithValues: students.map { (Int($0.studentID)!, rules.results(of: $0, lessonsPerYear: lessons)) })
    }

    // MARK: Helpers

    /// On PostgreSQL, the class's row is held until the transaction ends, so recording and approving one class's summer
    /// take turns (SQLite has one writer).
    private func holdClass(_ classID: Int) async throws {
        guard Dialect(database) == .postgres else { return }
        try await database.raw("SELECT id FROM classes WHERE id = \(bind: classID) FOR UPDATE").run()
    }

    /// A secondary class whose HK II the principal approved, and whose summer is not approved yet.
    private func requireSummerOpen(classID: Int) async throws {
        guard !Self.isPrimary(grade: try await grade(classID: classID)) else { throw EduError.summerNotSecondary }
        guard try await classStatus(classID: classID, semester: 2) == .approved else {
            throw EduError.semesterNotReady(Bilingual(vi: "học kì II chưa được hiệu trưởng duyệt",
                                                      en: "the principal has not approved semester II"))
        }
        guard try await !summerApproved(classID: classID) else { throw EduError.summerApproved }
    }

    private static func problem(with entry: SummerEntry, result: StudentYearResult, row: Int) -> RowProblem? {
        guard let subject = entry.subject else {
            guard result.outcome == .summerTraining else {
                return RowProblem(row: row, column: "conduct", value: entry.value ?? "",
                                  vi: "Học sinh không phải rèn luyện hè", en: "The student has no summer training")
            }
            guard entry.value.map({ Rating(label: $0) != nil }) ?? true else {
                return RowProblem(row: row, column: "conduct", value: entry.value ?? "",
                                  vi: "Rèn luyện là Tốt, Khá, Đạt hoặc Chưa đạt", en: "Conduct is Tốt, Khá, Đạt or Chưa đạt")
            }
            return nil
        }
        guard result.retestSubjects.contains(subject), let year = result.subjects.first(where: { $0.name == subject })?.year else {
            return RowProblem(row: row, column: subject, value: entry.value ?? "",
                              vi: "Học sinh không phải kiểm tra lại môn này", en: "The student does not re-take this subject")
        }
        guard let value = entry.value else { return nil }
        switch year {
        case .score:
            return Mark(value) == nil ? RowProblem(row: row, column: subject, value: value, vi: TT22Rules.markRule.vi, en: TT22Rules.markRule.en) : nil
        case .comment:
            return CommentResult(label: value) == nil
                ? RowProblem(row: row, column: subject, value: value, vi: TT22Rules.commentRule.vi, en: TT22Rules.commentRule.en) : nil
        }
    }

}
