import EduCore

/// Roles, each granted within a scope: the whole department, a commune, or one school.
public enum Role: String, Sendable, Codable, CaseIterable {
    case departmentAdmin = "department_admin"
    case departmentStaff = "department_staff"
    case communeOfficer = "commune_officer"
    case schoolAdmin = "school_admin"
    /// Hiệu trưởng: approves and locks gradebooks and signs for the school.
    case principal
    case teacher
    case auditor

    public var label: Bilingual {
        switch self {
        case .departmentAdmin: Bilingual(vi: "Quản trị Sở", en: "Department administrator")
        case .departmentStaff: Bilingual(vi: "Chuyên viên Sở", en: "Department staff")
        case .communeOfficer: Bilingual(vi: "Cán bộ giáo dục xã/phường", en: "Commune education officer")
        case .schoolAdmin: Bilingual(vi: "Quản trị trường", en: "School administrator")
        case .principal: Bilingual(vi: "Hiệu trưởng", en: "Principal")
        case .teacher: Bilingual(vi: "Giáo viên", en: "Teacher")
        case .auditor: Bilingual(vi: "Thanh tra (chỉ đọc)", en: "Auditor (read-only)")
        }
    }

    /// Whether this role may change registry data inside its scope.
    public var canWrite: Bool {
        switch self {
        case .departmentAdmin, .departmentStaff, .communeOfficer, .schoolAdmin, .principal: true
        case .teacher, .auditor: false
        }
    }

    /// The kind of scope the role is granted in.
    public var scopeKind: ScopeKind {
        switch self {
        case .departmentAdmin, .departmentStaff, .auditor: .department
        case .communeOfficer: .unit
        case .schoolAdmin, .principal, .teacher: .school
        }
    }

    public enum ScopeKind: Sendable { case department, unit, school }
}

/// A role within a scope. `unitID` for commune officers, `schoolID` for school roles;
/// a teacher's reach narrows further to the classes whose homeroom teacher is `staffID`.
public struct Grant: Sendable, Hashable, Codable {
    public let role: Role
    public let unitID: Int?
    public let schoolID: Int?
    public let staffID: Int?

    public init(role: Role, unitID: Int? = nil, schoolID: Int? = nil, staffID: Int? = nil) {
        self.role = role
        self.unitID = unitID
        self.schoolID = schoolID
        self.staffID = staffID
    }
}

/// Whoever makes a request: a signed-in user or an API token, with its grants.
public struct Principal: Sendable, Hashable {
    /// `family`: a guardian signed in with a one-time code; no grants, only their own children (FamilyAccountStore).
    public enum Kind: String, Sendable { case user, token, family }

    public let kind: Kind
    public let id: Int
    public let name: String
    public let grants: [Grant]
    /// API tokens may be read-only whatever their role allows.
    public let readOnly: Bool

    public init(kind: Kind, id: Int, name: String, grants: [Grant], readOnly: Bool = false) {
        self.kind = kind
        self.id = id
        self.name = name
        self.grants = grants
        self.readOnly = readOnly
    }

    public func has(_ role: Role) -> Bool { grants.contains { $0.role == role } }

    public var canManageUsers: Bool { !readOnly && has(.departmentAdmin) }

    /// The auditor and the department's administrator read the audit trail; it holds every record's snapshots.
    public var readsAuditTrail: Bool { has(.auditor) || has(.departmentAdmin) }

    /// Department administrators and staff: they run the department's own work (its registers, campaigns, scans).
    public var isDepartmentStaff: Bool { grants.contains { [.departmentAdmin, .departmentStaff].contains($0.role) } }

    /// Identifies the principal for ownership (names need not be unique; ids are).
    public var ownerKey: String { "\(kind.rawValue)#\(id)" }

    public func actor(origin: String) -> Actor {
        Actor(name: "\(kind.rawValue):\(name)", origin: origin)
    }
}
