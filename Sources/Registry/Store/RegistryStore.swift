import Access
import EduCore
import SQLKit
import Storage

/// Reads of the registry, always within a principal's reach.
public struct RegistryStore: Sendable {
    /// A unit in one version: in force from `validFrom` to `validTo` (inclusive; nil while in force), then merged into
    /// `successorId`.
    public struct Unit: Codable, Sendable, Equatable, Identifiable {
        public let id: Int, code: String, name: String, kind: String, parentId: Int?, provinceCode: String
        public let validFrom: String, validTo: String?, successorId: Int?
    }

    public struct School: Codable, Sendable, Equatable, Identifiable {
        public let id: Int, code: String, name: String, levels: String, ownership: String, unitId: Int
        public let address: String, status: String
    }

    public struct SchoolClass: Codable, Sendable, Equatable, Identifiable {
        public let id: Int, schoolId: Int, schoolYear: String, grade: Int, name: String, homeroomStaffId: Int?
    }

    /// A student as listed: no personal ID, no guardian data.
    public struct StudentSummary: Codable, Sendable, Equatable, Identifiable {
        public let id: Int, schoolId: Int, studentCode: String?, fullName: String, dateOfBirth: String
        public let gender: String, status: String
    }

    /// A student's whole record: reading it is audited.
    public struct StudentDetail: Codable, Sendable, Equatable {
        public let summary: StudentSummary
        public let nationalID: String?
        public let ethnicity: String, birthplace: String, address: String, guardianName: String, guardianPhone: String
        /// Guardians beyond the one above (`GuardianStore`).
        public let guardians: [Guardian]
        /// Newest first: the history across schools and years.
        public let enrolments: [EnrolmentRecord]
    }

    public struct EnrolmentRecord: Codable, Sendable, Equatable {
        public let schoolYear: String, schoolId: Int, schoolName: String, classId: Int?, className: String?, grade: Int?
    }

    public struct StaffSummary: Codable, Sendable, Equatable, Identifiable {
        public let id: Int, schoolId: Int, staffCode: String?, fullName: String, dateOfBirth: String
        public let gender: String, position: String, subjects: String, qualification: String, status: String
    }

    public struct StaffDetail: Codable, Sendable, Equatable {
        public let summary: StaffSummary
        public let nationalID: String?
    }

    public struct UnitCount: Codable, Sendable, Equatable {
        public let unitId: Int, unitName: String, schools: Int, students: Int, staff: Int
    }

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    // MARK: reach

    /// Works out a principal's reach from its grants (the schools of a commune, a teacher's classes).
    public func reach(of principal: Principal) async throws -> Reach {
        var allSchools = false, writableAll = false
        var schools: Set<Int> = [], classes: Set<Int> = [], writable: Set<Int> = []
        let canWrite = { (role: Role) in role.canWrite && !principal.readOnly }
        for grant in principal.grants {
            switch grant.role.scopeKind {
            case .department:
                allSchools = true
                if canWrite(grant.role) { writableAll = true }
            case .unit:
                guard let unit = grant.unitID else { continue }
                let ids = try await database.raw("""
                    SELECT id FROM schools WHERE unit_id = \(bind: unit) OR unit_id IN (SELECT id FROM units WHERE parent_id = \(bind: unit))
                    """).all(decoding: IDRow.self).map(\.id)
                schools.formUnion(ids)
                if canWrite(grant.role) { writable.formUnion(ids) }
            case .school:
                guard let school = grant.schoolID else { continue }
                if grant.role == .teacher {
                    guard let staff = grant.staffID else { continue }
                    // The school's two latest years: last year's class stays through the summer (re-tests, the học bạ)
                    // after next year's classes are in, and leaves the reach the year after.
                    classes.formUnion(try await database.raw("""
                        SELECT id FROM classes WHERE school_id = \(bind: school) AND homeroom_staff_id = \(bind: staff)
                        AND school_year IN (SELECT DISTINCT school_year FROM classes WHERE school_id = \(bind: school)
                                            ORDER BY school_year DESC LIMIT 2)
                        """).all(decoding: IDRow.self).map(\.id))
                } else {
                    schools.insert(school)
                    if canWrite(grant.role) { writable.insert(school) }
                }
            }
        }
        return Reach(allSchools: allSchools, schools: schools, classes: classes, writableAll: writableAll, writableSchools: writable)
    }

    /// SQL condition limiting `alias.school_id` (and, for students, their classes) to the reach.
    /// The column names are constants of this file, never input.
    private func scope(_ reach: Reach, schoolColumn: String, studentColumn: String? = nil) -> SQLQueryString {
        if reach.allSchools { return "1 = 1" }
        var parts: [SQLQueryString] = []
        if !reach.schools.isEmpty { parts.append("\(unsafeRaw: schoolColumn) IN (\(binds: reach.schools.sorted()))") }
        if let studentColumn, !reach.classes.isEmpty {
            parts.append("\(unsafeRaw: studentColumn) IN (SELECT student_id FROM enrolments WHERE class_id IN (\(binds: reach.classes.sorted())))")
        }
        if parts.isEmpty { return "1 = 0" }
        var condition: SQLQueryString = "("
        for (index, part) in parts.enumerated() {
            if index > 0 { condition.appendInterpolation(unsafeRaw: " OR ") }
            condition.appendInterpolation(part)
        }
        condition.appendInterpolation(unsafeRaw: ")")
        return condition
    }

    // MARK: units and schools

    /// Units in force on `asOf` (every version when nil), by id after `cursor`.
    public func units(asOf: CalendarDate? = nil, after cursor: Int = 0, limit: Int = 500) async throws -> [Unit] {
        let inForce: SQLQueryString = asOf.map { "valid_from <= \(bind: $0.iso) AND (valid_to IS NULL OR valid_to >= \(bind: $0.iso))" } ?? "1 = 1"
        return try await database.raw("""
            SELECT \(unsafeRaw: Self.unitColumns) FROM units WHERE \(inForce) AND id > \(bind: cursor) ORDER BY id LIMIT \(bind: limit)
            """).all(decoding: Unit.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func unit(id: Int) async throws -> Unit? {
        try await database.raw("SELECT \(unsafeRaw: Self.unitColumns) FROM units WHERE id = \(bind: id)")
            .first(decoding: Unit.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// The units merged into unit `id`: what it replaced.
    public func predecessors(ofUnit id: Int) async throws -> [Unit] {
        try await database.raw("SELECT \(unsafeRaw: Self.unitColumns) FROM units WHERE successor_id = \(bind: id) ORDER BY code")
            .all(decoding: Unit.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    static let unitColumns = "id, code, name, kind, parent_id, province_code, valid_from, valid_to, successor_id"

    public func schools(in reach: Reach, unitID: Int? = nil, after cursor: Int = 0, limit: Int = 50) async throws -> [School] {
        let schoolScope: SQLQueryString = reach.allSchools ? "1 = 1"
            : reach.schools.isEmpty && reach.classes.isEmpty ? "1 = 0"
            : "(id IN (\(binds: reach.schools.sorted() + [-1])) OR id IN (SELECT school_id FROM classes WHERE id IN (\(binds: reach.classes.sorted() + [-1]))))"
        let unitFilter: SQLQueryString = unitID.map { "unit_id = \(bind: $0)" } ?? "1 = 1"
        return try await database.raw("""
            SELECT id, code, name, levels, ownership, unit_id, address, status FROM schools
            WHERE \(schoolScope) AND \(unitFilter) AND id > \(bind: cursor) ORDER BY id LIMIT \(bind: limit)
            """).all(decoding: School.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func schoolID(code: String) async throws -> Int? {
        try await database.raw("SELECT id FROM schools WHERE code = \(bind: code)").first(decoding: IDRow.self)?.id
    }

    /// The school a record of `sheet` belongs to (a school is its own), or nil when there is no such record.
    public func schoolID(of sheet: RegistrySheet, id: Int) async throws -> Int? {
        let query: SQLQueryString = switch sheet {
        case .schools: "SELECT id FROM schools WHERE id = \(bind: id)"
        case .classes: "SELECT school_id AS id FROM classes WHERE id = \(bind: id)"
        case .students: "SELECT school_id AS id FROM students WHERE id = \(bind: id)"
        case .staff: "SELECT school_id AS id FROM staff WHERE id = \(bind: id)"
        }
        return try await database.raw(query).first(decoding: IDRow.self)?.id
    }

    public func school(id: Int, in reach: Reach) async throws -> School? {
        if !reach.canRead(school: id) {
            let visibleClasses = try await classes(schoolID: id, in: reach)
            if visibleClasses.isEmpty { return nil }
        }
        return try await database.raw("SELECT id, code, name, levels, ownership, unit_id, address, status FROM schools WHERE id = \(bind: id)")
            .first(decoding: School.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func classes(schoolID: Int, in reach: Reach) async throws -> [SchoolClass] {
        let visible: SQLQueryString = reach.canRead(school: schoolID) ? "1 = 1" : "id IN (\(binds: reach.classes.sorted() + [-1]))"
        return try await database.raw("""
            SELECT id, school_id, school_year, grade, name, homeroom_staff_id FROM classes
            WHERE school_id = \(bind: schoolID) AND \(visible) ORDER BY school_year DESC, grade, name
            """).all(decoding: SchoolClass.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// A page of a school's classes (of one school year when given), by id after `cursor`.
    public func classes(schoolID: Int, schoolYear: String?, in reach: Reach, after cursor: Int, limit: Int) async throws -> [SchoolClass] {
        let visible: SQLQueryString = reach.canRead(school: schoolID) ? "1 = 1" : "id IN (\(binds: reach.classes.sorted() + [-1]))"
        let year: SQLQueryString = schoolYear.map { "school_year = \(bind: $0)" } ?? "1 = 1"
        return try await database.raw("""
            SELECT id, school_id, school_year, grade, name, homeroom_staff_id FROM classes
            WHERE school_id = \(bind: schoolID) AND \(visible) AND \(year) AND id > \(bind: cursor) ORDER BY id LIMIT \(bind: limit)
            """).all(decoding: SchoolClass.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func schoolClass(id: Int, in reach: Reach) async throws -> SchoolClass? {
        guard let found = try await database.raw("""
            SELECT id, school_id, school_year, grade, name, homeroom_staff_id FROM classes WHERE id = \(bind: id)
            """).first(decoding: SchoolClass.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        return reach.canRead(school: found.schoolId) || reach.classes.contains(id) ? found : nil
    }

    /// Schools, students studying and staff at work per managing unit, within the reach.
    public func countsByUnit(in reach: Reach) async throws -> [UnitCount] {
        try await database.raw("""
            SELECT u.id AS unit_id, u.name AS unit_name,
                   COUNT(DISTINCT s.id) AS schools,
                   (SELECT COUNT(*) FROM students st JOIN schools sc ON sc.id = st.school_id WHERE sc.unit_id = u.id AND st.status = \(bind: StudentStatus.studying.rawValue) AND \(MergedStudents.excluded("st.id"))
                        AND \(scope(reach, schoolColumn: "st.school_id", studentColumn: "st.id"))) AS students,
                   (SELECT COUNT(*) FROM staff sf JOIN schools sc ON sc.id = sf.school_id WHERE sc.unit_id = u.id AND sf.status = \(bind: StaffStatus.active.rawValue) AND \(MergedStaff.excluded("sf.id"))
                        AND \(scope(reach, schoolColumn: "sf.school_id"))) AS staff
            FROM units u JOIN schools s ON s.unit_id = u.id
            WHERE \(scope(reach, schoolColumn: "s.id"))
            GROUP BY u.id, u.name ORDER BY u.name
            """).all(decoding: UnitCount.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    // MARK: students

    /// Finds students by name prefix (diacritics and case ignored), personal ID, or student code.
    /// Each kind of match is its own indexed query: an `OR` across them would scan the table.
    public func students(matching text: String = "", schoolID: Int? = nil, classID: Int? = nil, in reach: Reach,
                         after cursor: Int = 0, limit: Int = 50) async throws -> [StudentSummary] {
        let query = text.trimmingCharacters(in: .whitespaces)
        if query.isEmpty {
            return try await students(where: "s.id > \(bind: cursor)", order: "s.id", schoolID: schoolID, classID: classID, reach: reach, limit: limit)
        }
        if let id = NationalID(query) {
            return try await students(where: "s.national_id_hash = \(bind: cipher.lookupHash(id.digits))", order: "s.id",
                                      schoolID: schoolID, classID: classID, reach: reach, limit: limit)
        }
        // Name searches come in name order and are not paged by cursor.
        // Codes are typed in any case ("hs0000001" finds HS0000001), through the index of lowered codes.
        let byCode = try await students(where: "lower(s.student_code) = \(bind: query.lowercased())", order: "s.id", schoolID: schoolID,
                                        classID: classID, reach: reach, limit: limit)
        let key = PersonName.foldedKey(query)
        let byName = try await students(where: "s.name_key >= \(bind: key) AND s.name_key < \(bind: key + PersonName.foldedKeyEnd)",
                                        order: "s.name_key, s.id", schoolID: schoolID, classID: classID, reach: reach, limit: limit)
        let codeIDs = Set(byCode.map(\.id))
        return Array((byCode + byName.filter { !codeIDs.contains($0.id) }).prefix(limit))
    }

    private func students(where filter: SQLQueryString, order: SQLQueryString, schoolID: Int?, classID: Int?,
                          reach: Reach, limit: Int) async throws -> [StudentSummary] {
        let school: SQLQueryString = schoolID.map { "s.school_id = \(bind: $0)" } ?? "1 = 1"
        let inClass: SQLQueryString = classID.map { "s.id IN (SELECT student_id FROM enrolments WHERE class_id = \(bind: $0))" } ?? "1 = 1"
        return try await database.raw("""
            SELECT s.id, s.school_id, s.student_code, s.full_name, s.date_of_birth, s.gender, s.status FROM students s
            WHERE \(filter) AND \(school) AND \(inClass) AND \(scope(reach, schoolColumn: "s.school_id", studentColumn: "s.id"))
            ORDER BY \(order) LIMIT \(bind: limit)
            """).all(decoding: StudentSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Whether the student exists within the reach, without reading their record (nothing to audit).
    /// Whether the caller may change student `id`'s record: within the reach, at a school it may write to.
    public func mayChange(student id: Int, in reach: Reach) async throws -> Bool {
        guard let school = try await database.raw("""
            SELECT s.school_id AS id FROM students s WHERE s.id = \(bind: id) AND \(scope(reach, schoolColumn: "s.school_id", studentColumn: "s.id"))
            """).first(decoding: IDRow.self)?.id else { return false }
        return reach.canWrite(school: school)
    }

    public func reaches(student id: Int, in reach: Reach) async throws -> Bool {
        try await database.raw("""
            SELECT s.id FROM students s WHERE s.id = \(bind: id) AND \(scope(reach, schoolColumn: "s.school_id", studentColumn: "s.id"))
            """).first() != nil
    }

    /// One student's full record, or nil when it does not exist or is outside the reach
    /// (the two look the same to the caller). Every successful read is audited.
    public func student(id: Int, in reach: Reach, by actor: Actor) async throws -> StudentDetail? {
        struct Row: Decodable {
            let id: Int, schoolId: Int, studentCode: String?, fullName: String, dateOfBirth: String, gender: String
            let status: String, nationalIdEnc: String?, ethnicity: String, birthplace: String, address: String
            let guardianName: String, guardianPhone: String
        }
        guard let row = try await database.raw("""
            SELECT s.* FROM students s WHERE s.id = \(bind: id) AND \(scope(reach, schoolColumn: "s.school_id", studentColumn: "s.id"))
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let enrolments = try await database.raw("""
            SELECT e.school_year, e.school_id, sc.name AS school_name, e.class_id, c.name AS class_name, e.grade FROM enrolments e
            JOIN schools sc ON sc.id = e.school_id LEFT JOIN classes c ON c.id = e.class_id
            WHERE e.student_id = \(bind: id) ORDER BY e.school_year DESC
            """).all(decoding: EnrolmentRecord.self, keyDecodingStrategy: .convertFromSnakeCase)
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "student", entityID: String(id)), by: actor)
        return StudentDetail(
            summary: StudentSummary(id: row.id, schoolId: row.schoolId, studentCode: row.studentCode, fullName: row.fullName,
                                    dateOfBirth: row.dateOfBirth, gender: row.gender, status: row.status),
            nationalID: try row.nationalIdEnc.map(cipher.open), ethnicity: row.ethnicity, birthplace: row.birthplace,
            address: row.address, guardianName: row.guardianName, guardianPhone: row.guardianPhone,
            guardians: try await GuardianStore(database).guardians(of: id), enrolments: enrolments)
    }

    // MARK: staff

    public func staff(matching text: String = "", schoolID: Int? = nil, in reach: Reach, after cursor: Int = 0,
                      limit: Int = 50) async throws -> [StaffSummary] {
        guard reach.allSchools || !reach.schools.isEmpty else { return [] }
        let key = PersonName.foldedKey(text)
        let filter: SQLQueryString = key.isEmpty ? "1 = 1"
            : "((name_key >= \(bind: key) AND name_key < \(bind: key + PersonName.foldedKeyEnd)) OR lower(staff_code) = \(bind: text.lowercased()))"
        let school: SQLQueryString = schoolID.map { "school_id = \(bind: $0)" } ?? "1 = 1"
        return try await database.raw("""
            SELECT id, school_id, staff_code, full_name, date_of_birth, gender, position, subjects, qualification, status FROM staff
            WHERE \(filter) AND \(school) AND \(scope(reach, schoolColumn: "school_id")) AND id > \(bind: cursor)
            ORDER BY id LIMIT \(bind: limit)
            """).all(decoding: StaffSummary.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    public func staffMember(id: Int, in reach: Reach, by actor: Actor) async throws -> StaffDetail? {
        struct Row: Decodable { let nationalIdEnc: String? }
        guard let summary = try await database.raw("""
            SELECT id, school_id, staff_code, full_name, date_of_birth, gender, position, subjects, qualification, status FROM staff
            WHERE id = \(bind: id) AND \(scope(reach, schoolColumn: "school_id"))
            """).first(decoding: StaffSummary.self, keyDecodingStrategy: .convertFromSnakeCase) else { return nil }
        let enc = try await database.raw("SELECT national_id_enc FROM staff WHERE id = \(bind: id)")
            .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)?.nationalIdEnc
        try await AuditLog(database).append(AuditEvent(action: "read", entity: "staff", entityID: String(id)), by: actor)
        return StaffDetail(summary: summary, nationalID: try enc.map(cipher.open))
    }
}
