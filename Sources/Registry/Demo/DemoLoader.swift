import Access
import EduCore
import Foundation
import SQLKit
import Storage
import Tabular

/// Loads a demo province: units directly, then each sheet through the ordinary importer.
public struct DemoLoader: Sendable {
    private let database: EduDatabase
    private let cipher: PersonalDataCipher

    public init(database: EduDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Writes the four sheets as CSV into `directory` (for benchmarks and for people to look at).
    @discardableResult
    public static func writeSheets(_ province: DemoProvince, to directory: String) throws -> [RegistrySheet: String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var paths: [RegistrySheet: String] = [:]
        for sheet in RegistrySheet.allCases {
            let path = (directory as NSString).appendingPathComponent("\(sheet.rawValue).csv")
            let writer = try TableWriter(path: path, format: .csv, header: sheet.englishHeader)
            switch sheet {
            case .schools: try province.schools.forEach(writer.write)
            case .staff: try province.staff.forEach(writer.write)
            case .classes: try province.classes.forEach(writer.write)
            case .students: try province.forEachStudent(writer.write)
            }
            try writer.close()
            paths[sheet] = path
        }
        return paths
    }

    /// Loads the units and the given sheets (all by default; benchmarks leave out the students).
    public func load(_ province: DemoProvince, sheets: [RegistrySheet] = RegistrySheet.allCases, by actor: Actor,
                     progress: (@Sendable (RegistrySheet, Double) -> Void)? = nil) async throws -> [RegistrySheet: ImportOutcome] {
        try await database.transaction { db in
            let units = UnitStore(db)
            // The department stands before and after the merger; the communes, wards and special zones date from it.
            try await units.insert(province.units.filter { $0.kind == .department }, validFrom: "2008-08-01", by: actor)
            try await units.insert(province.units.filter { $0.kind != .department }, by: actor)
            // Hải Dương's department and wards as they were before 01/07/2025, merged into the new ones: the unit history
            // an "as of" query reads.
            try await units.insert(province.formerUnits.map(\.unit), validFrom: "2008-08-01", by: actor)
            for (successor, former) in Dictionary(grouping: province.formerUnits, by: \.successorCode) {
                try await units.merge(former.map(\.unit.code), into: successor, lastDay: CalendarDate(year: 2025, month: 6, day: 30)!, by: actor)
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let paths = try Self.writeSheets(province, to: directory)
        var outcomes: [RegistrySheet: ImportOutcome] = [:]
        for sheet in RegistrySheet.allCases where sheets.contains(sheet) {
            let sheetProgress: (@Sendable (Double) -> Void)? = progress.map { report in { @Sendable fraction in report(sheet, fraction) } }
            outcomes[sheet] = try await importChecked(paths[sheet]!, sheet: sheet, by: actor, progress: sheetProgress)
        }
        return outcomes
    }

    /// Loads the province's echoes (`DemoProvince.echoes`): the duplicate records a linkage scan should find.
    @discardableResult
    public func loadEchoes(of province: DemoProvince, every interval: Int, by actor: Actor) async throws -> ImportOutcome {
        try await loadRows(province.echoes(every: interval), sheet: .students, by: actor)
    }

    /// Loads the staff's echoes (`DemoProvince.staffEchoes`).
    @discardableResult
    public func loadStaffEchoes(of province: DemoProvince, every interval: Int, by actor: Actor) async throws -> ImportOutcome {
        try await loadRows(province.staffEchoes(every: interval), sheet: .staff, by: actor)
    }

    private func loadRows(_ rows: [[String]], sheet: RegistrySheet, by actor: Actor) async throws -> ImportOutcome {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-echoes-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TableWriter(path: path, format: .csv, header: sheet.englishHeader)
        try rows.forEach(writer.write)
        try writer.close()
        return try await importChecked(path, sheet: sheet, by: actor, progress: nil)
    }

    private func importChecked(_ path: String, sheet: RegistrySheet, by actor: Actor,
                               progress: (@Sendable (Double) -> Void)?) async throws -> ImportOutcome {
        let outcome = try await RegistryImporter(database: database, cipher: cipher)
            .importFile(path, sheet: sheet, dryRun: false, actor: actor, progress: progress)
        guard outcome.succeeded else {
            throw EduError("demo.failed", vi: "Dữ liệu mẫu không hợp lệ: \(outcome.problems.first?.description ?? "")",
                           en: "Demo data was rejected: \(outcome.problems.first?.description ?? "")")
        }
        return outcome
    }
}

extension Optional {
    func asyncMap<U>(_ transform: (Wrapped) async throws -> U) async rethrows -> U? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
