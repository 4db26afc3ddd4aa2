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
            return Grant(role: role)
        case .unit:
            guard let unit = try await database.raw("SELECT id FROM units WHERE code = \(bind: code)").first(decoding: IDRow.self) else {
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
                guard let staff = try await database.raw("""
                    SELECT id FROM staff WHERE school_id = \(bind: school.id) AND staff_code = \(bind: staffCode) \(principalOnly)
                    """).first(decoding: IDRow.self) else {
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
}
