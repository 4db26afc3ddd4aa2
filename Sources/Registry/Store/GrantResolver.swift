import Access
import EduCore
import SQLKit
import Storage

/// Turns a role and a unit or school code into a grant, checking the code exists and fits the role.
public struct GrantResolver: Sendable {
    let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public func grant(role: Role, scopeCode: String, staffCode: String? = nil) async throws -> Grant {
        let code = scopeCode.trimmingCharacters(in: .whitespaces)
        switch role.scopeKind {
        case .department:
            // A code given with a department-wide role is a mistake (another role was meant): refused, not ignored.
            guard code.isEmpty, (staffCode ?? "").isEmpty else {
                throw EduError("grant.department", vi: "Vai trò cấp Sở không đi kèm mã đơn vị, trường hay cán bộ",
                               en: "A department-wide role takes no unit, school or staff code")
            }
            return Grant(role: role)
        case .unit:
            // A unit a merger ended manages no school any more: a grant there would reach nothing.
            guard let unit = try await database.raw("SELECT id FROM units WHERE code = \(bind: code) AND valid_to IS NULL").first(decoding: IDRow.self) else {
                throw EduError("grant.unit", vi: "Không có đơn vị mã \(code)", en: "No unit has the code \(code)")
            }
            return Grant(role: role, unitID: unit.id)
        case .school:
            guard let school = try await database.raw("SELECT id FROM schools WHERE code = \(bind: code)").first(decoding: IDRow.self) else {
                throw EduError("grant.school", vi: "Không có trường mã \(code)", en: "No school has the code \(code)")
            }
            // A teacher is a member of staff; a principal may be linked to their own staff record (the school's Hiệu trưởng),
            // to sign with their own key on the web. Nobody else is linked to a person.
            var staffID: Int?
            if let staffCode {
                guard [.teacher, .principal].contains(role) else {
                    throw EduError("grant.staff", vi: "Chỉ giáo viên và hiệu trưởng được gắn với hồ sơ cán bộ", en: "Only teachers and principals are linked to a staff record")
                }
                let principalOnly: SQLQueryString = role == .principal ? "AND position = 'Hiệu trưởng'" : ""
                // Only staff at work: one who retired, left or moved away gets no new account.
                guard let staff = try await database.raw("""
                    SELECT id FROM staff WHERE school_id = \(bind: school.id) AND staff_code = \(bind: staffCode)
                        AND status = \(bind: StaffStatus.active.rawValue) \(principalOnly)
                    """).first(decoding: IDRow.self) else {
                    struct Status: Decodable { let status: String }
                    if let other = try await database.raw("""
                        SELECT status FROM staff WHERE school_id = \(bind: school.id) AND staff_code = \(bind: staffCode)
                        """).first(decoding: Status.self), other.status != StaffStatus.active.rawValue {
                        let label = StaffStatus(rawValue: other.status)?.label ?? Bilingual(vi: other.status, en: other.status)
                        throw EduError("grant.staff_not_at_work", vi: "Cán bộ \(staffCode) không còn công tác (\(label.vi))",
                                       en: "Staff member \(staffCode) is not at work (\(label.en))")
                    }
                    throw EduError("grant.staff", vi: role == .principal ? "Trường không có hiệu trưởng mã \(staffCode)" : "Trường không có cán bộ mã \(staffCode)",
                                   en: role == .principal ? "The school's principal does not have the code \(staffCode)" : "The school has no staff member \(staffCode)")
                }
                staffID = staff.id
            } else if role == .teacher {
                throw EduError("grant.staff", vi: "Giáo viên cần mã cán bộ của trường", en: "A teacher needs a staff code of that school")
            }
            return Grant(role: role, schoolID: school.id, staffID: staffID)
        }
    }

    /// What each user may do, for the accounts page: the role and where, by user id, in the order granted.
    public struct GrantedRole: Sendable, Equatable {
        /// The grant's own id, to take it back.
        public let id: Int
        public let role: Role
        /// The unit or school (with the staff code of a teacher or a principal linked to their record); empty for the
        /// department's roles.
        public let scope: String

        /// The grant that is an account's only department-administrator role, if it has exactly one: the one its holder
        /// may not take from themselves.
        public static func lastAdministratorRole(_ roles: [GrantedRole]) -> Int? {
            let administrator = roles.filter { $0.role == .departmentAdmin }
            return administrator.count == 1 ? administrator[0].id : nil
        }
    }

    /// The roles of the accounts `userIDs`, by user id.
    public func grantedRoles(ofUsers userIDs: [Int]) async throws -> [Int: [GrantedRole]] {
        struct Row: Decodable {
            let id: Int, userId: Int, role: String, unitCode: String?, unitName: String?, schoolCode: String?, schoolName: String?, staffCode: String?
        }
        let rows = try await database.raw("""
            SELECT g.id, g.user_id, g.role, u.code AS unit_code, u.name AS unit_name, s.code AS school_code, s.name AS school_name, f.staff_code
            FROM grants g LEFT JOIN units u ON u.id = g.unit_id LEFT JOIN schools s ON s.id = g.school_id
            LEFT JOIN staff f ON f.id = g.staff_id WHERE g.user_id IN (\(binds: userIDs + [-1])) ORDER BY g.id
            """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        return rows.reduce(into: [:]) { roles, row in
            guard let role = Role(rawValue: row.role) else { return }
            let place = [row.unitCode, row.unitName, row.schoolCode.map { code in code + (row.staffCode.map { "/" + $0 } ?? "") }, row.schoolName]
            roles[row.userId, default: []].append(GrantedRole(id: row.id, role: role, scope: place.compactMap { $0 }.joined(separator: " ")))
        }
    }
}
