import Access
import EduCore
import SQLKit
import Storage

/// Administrative units (department, communes, wards, special zones), versioned by effective date: a unit's code names
/// one version, a merger ends units and names the one they became.
public struct UnitStore: Sendable {
    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public func insert(_ units: [DemoProvince.UnitSeed], validFrom: String = "2025-07-01", by actor: Actor) async throws {
        for unit in units { _ = try await add(unit, validFrom: CalendarDate(iso: validFrom)!, by: actor) }
    }

    /// Records a unit in force from `validFrom`; audited. The department stands alone; a commune, ward or special zone
    /// sits under a unit in force that day. Its code is new (a unit that changes gets a new code), its province code
    /// three digits.
    public func add(_ unit: DemoProvince.UnitSeed, validFrom: CalendarDate, by actor: Actor) async throws -> Int {
        let name = PersonName.normalized(unit.name)
        guard unit.code.count <= 20, unit.code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") }),
              !unit.code.isEmpty else {
            throw EduError("unit.code", vi: "Mã đơn vị gồm chữ in hoa, chữ số và dấu gạch, tối đa 20 ký tự",
                           en: "A unit code has capital letters, digits and hyphens, at most 20")
        }
        guard !name.isEmpty else { throw EduError("unit.name", vi: "Tên đơn vị không được để trống", en: "The unit's name must not be empty") }
        guard try await database.raw("SELECT id FROM units WHERE code = \(bind: unit.code)").first() == nil else {
            throw EduError("unit.exists", vi: "Đã có đơn vị mã \(unit.code)", en: "A unit with the code \(unit.code) exists")
        }
        var parent: Int?
        switch (unit.kind, unit.parentCode) {
        case (.department, nil): parent = nil
        case (.department, _?):
            throw EduError("unit.parent", vi: "Sở không thuộc đơn vị nào", en: "The department has no parent unit")
        case (_, nil):
            throw EduError("unit.parent", vi: "Xã, phường, đặc khu thuộc một Sở", en: "A commune, ward or special zone sits under a department")
        case (_, let code?):
            parent = try await database.raw("""
                SELECT id FROM units WHERE code = \(bind: code) AND kind = 'department' AND valid_from <= \(bind: validFrom.iso)
                    AND (valid_to IS NULL OR valid_to >= \(bind: validFrom.iso))
                """).first(decoding: IDRow.self)?.id
            guard parent != nil else {
                throw EduError("unit.parent", vi: "Không có Sở mã \(code) có hiệu lực ngày \(validFrom.vietnamese)",
                               en: "No department \(code) is in force on \(validFrom.iso)")
            }
        }
        guard unit.provinceCode.count == 3, unit.provinceCode.allSatisfy(\.isASCII), Int(unit.provinceCode) != nil else {
            throw EduError("unit.province", vi: "Mã tỉnh gồm 3 chữ số", en: "A province code has 3 digits")
        }
        let id = try await database.raw("""
            INSERT INTO units (code, name, kind, parent_id, province_code, valid_from)
            VALUES (\(bind: unit.code), \(bind: name), \(bind: unit.kind.rawValue), \(bind: parent),
                    \(bind: unit.provinceCode), \(bind: validFrom.iso)) RETURNING id
            """).first(decoding: IDRow.self)!.id
        try await AuditLog(database).append(AuditEvent(action: "create", entity: "unit", entityID: String(id),
                                                      after: "\(unit.code) \(name) from \(validFrom.iso)"), by: actor)
        return id
    }

    /// Ends the units `codes` on `lastDay` and names `successorCode` as the unit they were merged into; audited.
    /// A unit already ended, a successor not in force the day after, a unit merged into itself, and a department merged
    /// with a commune-level unit (or the reverse) are refused. The caller runs it in a transaction: all or none.
    public func merge(_ codes: [String], into successorCode: String, lastDay: CalendarDate, by actor: Actor) async throws {
        guard let firstDay = lastDay.adding(days: 1)?.iso else {
            throw EduError("unit.date", vi: "Ngày cuối không hợp lệ", en: "The last day is out of range")
        }
        guard !codes.contains(successorCode) else {
            throw EduError("unit.itself", vi: "Một đơn vị không sáp nhập vào chính nó", en: "A unit cannot be merged into itself")
        }
        struct Successor: Decodable { let id: Int, kind: String }
        guard let successor = try await database.raw("""
            SELECT id, kind FROM units WHERE code = \(bind: successorCode) AND valid_from <= \(bind: firstDay) AND valid_to IS NULL
            """).first(decoding: Successor.self) else {
            throw EduError("unit.successor", vi: "Không có đơn vị \(successorCode) có hiệu lực từ \(firstDay)",
                           en: "No unit \(successorCode) is in force from \(firstDay)")
        }
        // Departments merge into a department; communes, wards and special zones into one of those.
        let sameLevel: SQLQueryString = successor.kind == UnitKind.department.rawValue ? "kind = 'department'" : "kind <> 'department'"
        for code in codes {
            guard let id = try await database.raw("""
                UPDATE units SET valid_to = \(bind: lastDay.iso), successor_id = \(bind: successor.id)
                WHERE code = \(bind: code) AND valid_to IS NULL AND valid_from <= \(bind: lastDay.iso) AND \(sameLevel) RETURNING id
                """).first(decoding: IDRow.self)?.id else {
                throw EduError("unit.merged", vi: "Đơn vị \(code) không có, đã hết hiệu lực hoặc khác cấp với \(successorCode)",
                               en: "Unit \(code) does not exist, has already ended, or is not at the level of \(successorCode)")
            }
            try await AuditLog(database).append(AuditEvent(action: "merge", entity: "unit", entityID: String(id),
                                                          after: "\(code) → \(successorCode) from \(firstDay)"), by: actor)
        }
    }

    public func isEmpty() async throws -> Bool {
        try await database.raw("SELECT COUNT(*) AS n FROM units").first(decoding: CountRow.self)!.n == 0
    }
}
