import SQLKit

/// Every school and member of staff by name, with no reach applied: for setup commands run
/// with the database owner's rights (the command line), never for requests.
public enum RegistryDirectory {
    /// An administrative unit: the department, a commune.
    public struct Unit: Decodable, Sendable {
        public let id: Int
        public let code: String
        public let name: String
    }

    public struct School: Decodable, Sendable {
        public let id: Int
        public let code: String
        public let name: String
    }

    public struct StaffMember: Decodable, Sendable {
        public let id: Int
        public let staffCode: String?
        public let fullName: String
        public let schoolCode: String
        public let schoolName: String
    }

    public static func department(_ db: any SQLDatabase) async throws -> Unit? {
        try await db.raw("SELECT id, code, name FROM units WHERE kind = 'department' AND valid_to IS NULL ORDER BY id LIMIT 1").first(decoding: Unit.self)
    }

    /// An administrative unit (the department, a commune) by its code.
    public static func unit(code: String, _ db: any SQLDatabase) async throws -> Unit? {
        try await db.raw("SELECT id, code, name FROM units WHERE code = \(bind: code)").first(decoding: Unit.self)
    }

    public static func schools(_ db: any SQLDatabase) async throws -> [School] {
        try await db.raw("SELECT id, code, name FROM schools ORDER BY code").all(decoding: School.self)
    }

    public static func school(code: String, _ db: any SQLDatabase) async throws -> School? {
        try await db.raw("SELECT id, code, name FROM schools WHERE code = \(bind: code)").first(decoding: School.self)
    }

    public static func staff(_ db: any SQLDatabase) async throws -> [StaffMember] {
        try await db.raw("\(unsafeRaw: staffQuery) ORDER BY sc.code, st.id")
            .all(decoding: StaffMember.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public static func staffMember(schoolCode: String, staffCode: String, _ db: any SQLDatabase) async throws -> StaffMember? {
        try await db.raw("\(unsafeRaw: staffQuery) WHERE sc.code = \(bind: schoolCode) AND st.staff_code = \(bind: staffCode)")
            .first(decoding: StaffMember.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    private static let staffQuery = """
        SELECT st.id, st.staff_code, st.full_name, sc.code AS school_code, sc.name AS school_name
        FROM staff st JOIN schools sc ON sc.id = st.school_id
        """
}
