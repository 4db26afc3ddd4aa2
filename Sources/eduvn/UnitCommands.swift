import ArgumentParser
import EduCore
import Foundation
import Registry

extension UnitKind: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

/// Administrative units and their mergers: the department records a new commune or ward, and which units it replaced.
struct UnitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unit", abstract: "Administrative units and their mergers.",
                                                    subcommands: [List.self, Add.self, Merge.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the units in force on a day (every version without --as-of).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A day, YYYY-MM-DD") var asOf: CalendarDate?

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database, sealingAudit: false) { session in
                    let store = RegistryStore(session.database.sql, cipher: session.cipher)
                    let codes = Dictionary(try await store.units(limit: .max).map { ($0.id, $0.code) }, uniquingKeysWith: { a, _ in a })
                    var cursor = 0
                    while true {
                        let page = try await store.units(asOf: asOf, after: cursor, limit: 500)
                        for unit in page {
                            let merged = unit.successorId.flatMap { codes[$0] }.map { "\t→ \($0)" } ?? ""
                            print("\(unit.code)\t\(unit.kind)\t\(unit.validFrom)..\(unit.validTo ?? "")\t\(unit.name)\(merged)")
                        }
                        guard page.count == 500, let last = page.last else { break }
                        cursor = last.id
                    }
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a unit in force from a day.")
        @OptionGroup var database: DatabaseOptions
        @Option var code: String
        @Option var name: String
        @Option(help: "department, commune, ward, special_zone") var kind: UnitKind
        @Option(help: "The department's code (for communes, wards and special zones)") var parent: String?
        @Option(help: "The province's 3-digit code (default: the parent's)") var province: String?
        @Option(help: "The first day in force, YYYY-MM-DD") var validFrom: CalendarDate

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let store = RegistryStore(session.database.sql, cipher: session.cipher)
                    let parentProvince = try await store.units(limit: .max).first { $0.code == parent }?.provinceCode
                    let unit = DemoProvince.UnitSeed(code: code, name: name, kind: kind, parentCode: parent,
                                                     provinceCode: province ?? parentProvince ?? "")
                    // The unit and its audit entry, or neither.
                    _ = try await session.database.transaction { db in try await UnitStore(db).add(unit, validFrom: validFrom, by: .commandLine) }
                    print("added \(code) from \(validFrom.iso)")
                }
            }
        }
    }

    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End units on a day and name the unit they were merged into (in force the day after); all of them or none.")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The codes of the units that end") var codes: [String]
        @Option(help: "The code of the unit they became") var into: String
        @Option(help: "Their last day in force, YYYY-MM-DD") var lastDay: CalendarDate

        func run() async throws {
            try await runReporting {
                guard !codes.isEmpty else { throw ValidationError("Name at least one unit to merge") }
                try await CommandSession.with(database) { session in
                    try await session.database.transaction { db in
                        try await UnitStore(db).merge(codes, into: into, lastDay: lastDay, by: .commandLine)
                    }
                    print("merged \(codes.joined(separator: ", ")) into \(into) after \(lastDay.iso)")
                }
            }
        }
    }
}
