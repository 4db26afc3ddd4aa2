import Access
import EduCore
import SQLKit
import Storage

/// A student's guardians beyond the one the import sheet carries (`guardian_name`, `guardian_phone` on the student):
/// a second parent, a grandparent. Each may sign in as the family with their own phone.
public struct Guardian: Codable, Sendable, Equatable {
    public let id: Int, fullName: String, phone: String, relationship: String
}

public struct GuardianStore: Sendable {
    public static let migration = SchemaMigration("0048_student_guardians", [
        """
        CREATE TABLE student_guardians (
            id {{id}}, student_id BIGINT NOT NULL REFERENCES students(id), full_name TEXT NOT NULL, phone TEXT NOT NULL,
            relationship TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, UNIQUE (student_id, phone)
        )
        """,
        "CREATE INDEX student_guardians_phone ON student_guardians (phone)",
    ])

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public func guardians(of studentID: Int) async throws -> [Guardian] {
        try await database.raw("""
            SELECT id, full_name, phone, relationship FROM student_guardians WHERE student_id = \(bind: studentID) ORDER BY id
            """).all(decoding: Guardian.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Adds a guardian, each bad field named (`InputRejected`, row 1); the caller has checked it may change the student.
    /// A phone already recorded for the student is refused. Audited without the phone.
    public func add(studentID: Int, fullName: String, phone: String, relationship: String, by actor: Actor) async throws -> Guardian {
        var problems: [RowProblem] = []
        let name = PersonName.normalized(fullName)
        if let problem = PersonName.problem(name) { problems.append(RowProblem(row: 1, column: "full_name", value: fullName, reason: problem)) }
        let number = PhoneNumber(phone)
        if number == nil {
            problems.append(RowProblem(row: 1, column: "phone", value: phone, vi: "Số điện thoại gồm 10 chữ số, bắt đầu bằng 0",
                                       en: "A phone number has 10 digits and starts with 0"))
        }
        let kin = relationship.trimmingCharacters(in: .whitespaces).nfc
        if kin.count > 50 { problems.append(RowProblem(row: 1, column: "relationship", value: kin, vi: "Quá 50 ký tự", en: "Longer than 50 characters")) }
        guard let number, problems.isEmpty else { throw InputRejected(problems) }
        guard try await database.raw("""
            SELECT id FROM student_guardians WHERE student_id = \(bind: studentID) AND phone = \(bind: number.digits)
            UNION SELECT id FROM students WHERE id = \(bind: studentID) AND guardian_phone = \(bind: number.digits)
            """).first() == nil else {
            throw InputRejected([RowProblem(row: 1, column: "phone", value: phone, vi: "Học sinh đã có người giám hộ với số này",
                                            en: "The student already has a guardian with this number")])
        }
        let id = try await database.raw("""
            INSERT INTO student_guardians (student_id, full_name, phone, relationship, created_at)
            VALUES (\(bind: studentID), \(bind: name), \(bind: number.digits), \(bind: kin), \(bind: Timestamp.now)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "add_guardian", entity: "student", entityID: String(studentID),
                                                      after: "\(id): \(name) (\(kin)) \(number.masked)"), by: actor)
        return Guardian(id: id, fullName: name, phone: number.digits, relationship: kin)
    }

    /// Removes one of the student's added guardians; false when the student has no such guardian. Audited.
    public func remove(id: Int, studentID: Int, by actor: Actor) async throws -> Bool {
        guard try await database.raw("""
            DELETE FROM student_guardians WHERE id = \(bind: id) AND student_id = \(bind: studentID) RETURNING id
            """).first() != nil else { return false }
        try await AuditLog(database).append(AuditEvent(action: "remove_guardian", entity: "student", entityID: String(studentID),
                                                      before: String(id)), by: actor)
        return true
    }
}
