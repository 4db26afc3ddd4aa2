import Access
import EduCore
import SQLKit
import Storage

/// A school year (`2025-2026`) and its dates. Classes and enrolments name their year by its code; a year first seen
/// in an import is recorded with the usual dates (5 September to 31 May, unverified: the Ministry sets them each
/// year), which the department can correct.
public struct SchoolYear: Codable, Sendable, Equatable {
    public let code: String, startsOn: String, endsOn: String
}

public struct SchoolYearStore: Sendable {
    public static let migration = SchemaMigration("0049_school_years", [
        "CREATE TABLE school_years (code TEXT PRIMARY KEY, starts_on TEXT NOT NULL, ends_on TEXT NOT NULL)",
        """
        INSERT INTO school_years (code, starts_on, ends_on)
        SELECT school_year, substr(school_year, 1, 4) || '-09-05', substr(school_year, 6, 4) || '-05-31'
        FROM (SELECT school_year FROM classes UNION SELECT school_year FROM enrolments) years
        """,
    ])

    private let database: any SQLDatabase

    public init(_ database: any SQLDatabase) {
        self.database = database
    }

    public func all() async throws -> [SchoolYear] {
        try await database.raw("SELECT code, starts_on, ends_on FROM school_years ORDER BY code DESC")
            .all(decoding: SchoolYear.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Records the years in `codes` not yet known, with the usual dates. `codes` are valid year codes (`RowFields`).
    func ensure(_ codes: Set<String>) async throws {
        for code in codes.sorted() {
            let first = code.prefix(4), second = code.suffix(4)
            try await database.raw("""
                INSERT INTO school_years (code, starts_on, ends_on) VALUES (\(bind: code), \(bind: first + "-09-05"), \(bind: second + "-05-31"))
                ON CONFLICT (code) DO NOTHING
                """).run()
        }
    }

    /// Sets a year's first and last day: both inside the two calendar years the code names, the first before the last.
    public func set(_ code: String, startsOn: CalendarDate, endsOn: CalendarDate, by actor: Actor) async throws -> SchoolYear {
        guard let known = try await all().first(where: { $0.code == code }) else {
            throw EduError("school_year.unknown", vi: "Không có năm học \(code)", en: "No school year \(code)")
        }
        guard let first = Int(code.prefix(4)), startsOn.year == first, endsOn.year == first + 1, startsOn < endsOn else {
            throw EduError("school_year.dates", vi: "Năm học \(code) bắt đầu trong năm \(code.prefix(4)) và kết thúc trong năm \(code.suffix(4))",
                           en: "The school year \(code) starts in \(code.prefix(4)) and ends in \(code.suffix(4))")
        }
        try await database.raw("""
            UPDATE school_years SET starts_on = \(bind: startsOn.iso), ends_on = \(bind: endsOn.iso) WHERE code = \(bind: code)
            """).run()
        try await AuditLog(database).append(AuditEvent(action: "update", entity: "school_year", entityID: code,
                                                      before: "\(known.startsOn)..\(known.endsOn)", after: "\(startsOn.iso)..\(endsOn.iso)"),
                                            by: actor)
        return SchoolYear(code: code, startsOn: startsOn.iso, endsOn: endsOn.iso)
    }
}
