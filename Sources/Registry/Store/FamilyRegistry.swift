import Access
import EduCore
import SQLKit
import Storage

/// What a guardian signed in with a phone reaches: the students whose school recorded that phone as their guardian's,
/// and nothing about anyone else. A school changing the phone moves the access with it.
public struct FamilyRegistry: Sendable {
    /// A child as the family sees it: no personal ID, and the current enrolment.
    public struct Child: Codable, Sendable, Equatable {
        public let id: Int, fullName: String, dateOfBirth: String, schoolId: Int, schoolName: String
        public let schoolYear: String?, classId: Int?, className: String?, grade: Int?
    }

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public func children(of phone: PhoneNumber) async throws -> [Child] {
        try await database.raw("""
            \(unsafeRaw: Self.select) WHERE s.guardian_phone = \(bind: phone.digits) ORDER BY s.date_of_birth, s.id
            """).all(decoding: Child.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// One child of this phone's, or nil when the student is not theirs (the same as when there is none).
    /// Every read is audited under the family's account.
    public func child(id: Int, of phone: PhoneNumber, by actor: Actor) async throws -> Child? {
        guard let child = try await database.raw("""
            \(unsafeRaw: Self.select) WHERE s.id = \(bind: id) AND s.guardian_phone = \(bind: phone.digits)
            """).first(decoding: Child.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        try await AuditLog(database).append(AuditEvent(action: "read_family", entity: "student", entityID: String(id)), by: actor)
        return child
    }

    /// The newest enrolment of each student, with its class.
    private static let select = """
        SELECT s.id, s.full_name, s.date_of_birth, s.school_id, sc.name AS school_name,
               e.school_year, e.class_id, c.name AS class_name, e.grade
        FROM students s JOIN schools sc ON sc.id = s.school_id
        LEFT JOIN enrolments e ON e.student_id = s.id
            AND e.school_year = (SELECT MAX(school_year) FROM enrolments l WHERE l.student_id = s.id)
        LEFT JOIN classes c ON c.id = e.class_id
        """
}
