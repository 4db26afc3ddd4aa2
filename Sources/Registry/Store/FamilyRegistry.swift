import Access
import EduCore
import SQLKit
import Storage

/// What a guardian signed in with a phone reaches: the students whose school recorded that phone as a guardian's (the
/// sheet's guardian or one added since, `GuardianStore`), and nothing about anyone else. A school changing the phone moves the access with it.
public struct FamilyRegistry: Sendable {
    /// A child as the family sees it: no personal ID, and the current enrolment.
    public struct Child: Codable, Sendable, Equatable {
        public let id: Int, fullName: String, dateOfBirth: String, schoolId: Int, schoolName: String
        public let schoolYear: String?, classId: Int?, className: String?, grade: Int?
    }

    /// What an application needs of a child, from the registry, so the family types nothing the state already holds.
    public struct Particulars: Sendable {
        public let nationalID: NationalID?
        public let fullName: String
        public let dateOfBirth: CalendarDate?
    }

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    public func children(of phone: PhoneNumber) async throws -> [Child] {
        try await database.raw("""
            \(unsafeRaw: Self.select) WHERE \(Self.theirs(phone)) ORDER BY s.date_of_birth, s.id
            """).all(decoding: Child.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// One child of this phone's, or nil when the student is not theirs (the same as when there is none).
    /// Every read is audited under the family's account.
    public func child(id: Int, of phone: PhoneNumber, by actor: Actor) async throws -> Child? {
        guard let child = try await database.raw("""
            \(unsafeRaw: Self.select) WHERE s.id = \(bind: id) AND \(Self.theirs(phone))
            """).first(decoding: Child.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        try await AuditLog(database).append(AuditEvent(action: "read_family", entity: "student", entityID: String(id)), by: actor)
        return child
    }

    /// The child's personal ID, name and date of birth, for an application the family makes; audited as a read.
    public func particulars(childID: Int, of phone: PhoneNumber, by actor: Actor) async throws -> Particulars? {
        struct Row: Decodable { let nationalIdEnc: String?; let fullName: String; let dateOfBirth: String }
        guard let row = try await database.raw("""
            SELECT national_id_enc, full_name, date_of_birth FROM students s WHERE s.id = \(bind: childID) AND \(Self.theirs(phone))
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        try await AuditLog(database).append(AuditEvent(action: "read_family", entity: "student", entityID: String(childID)), by: actor)
        return Particulars(nationalID: try row.nationalIdEnc.flatMap { NationalID(try cipher.open($0)) }, fullName: row.fullName,
                           dateOfBirth: CalendarDate(iso: row.dateOfBirth))
    }

    /// Whose a personal ID is in the registry: nobody's (a child the registry does not have), this phone's child, or
    /// another family's child.
    public enum Holder: Sendable, Equatable { case unknown, theirs(childID: Int), another }

    public func holder(of nationalID: NationalID, phone: PhoneNumber) async throws -> Holder {
        guard let id = try await database.raw("""
            SELECT id FROM students WHERE national_id_hash = \(bind: cipher.lookupHash(nationalID.digits))
            """).first(decoding: IDRow.self)?.id else { return .unknown }
        let theirs = try await database.raw("SELECT s.id FROM students s WHERE s.id = \(bind: id) AND \(Self.theirs(phone))").first() != nil
        return theirs ? .theirs(childID: id) : .another
    }

    /// The personal-ID lookup hashes of this phone's children: what their admissions applications are found by.
    public func childIDHashes(of phone: PhoneNumber) async throws -> [String] {
        try await database.raw("""
            SELECT s.national_id_hash FROM students s WHERE \(Self.theirs(phone)) AND s.national_id_hash IS NOT NULL
            """).all().map { try $0.decode(column: "national_id_hash", as: String.self) }
    }

    /// The students whose guardian phone this is, less the records merged into another as the same person (the
    /// quality review's `student_merges`): the kept record stands for the child. The literal `<> ''` lets SQLite use
    /// the partial index.
    private static func theirs(_ phone: PhoneNumber) -> SQLQueryString {
        """
        (s.guardian_phone = \(bind: phone.digits) AND s.guardian_phone <> ''
            OR s.id IN (SELECT student_id FROM student_guardians WHERE phone = \(bind: phone.digits)))
            AND \(MergedStudents.excluded("s.id"))
        """
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
