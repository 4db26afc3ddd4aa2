import Access
import ArgumentParser
import EduCore
import Foundation
import Registry
import Tabular

extension RegistrySheet: ExpressibleByArgument {}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database schema up to date.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        try await runReporting {
            try await CommandSession.with(database) { session in print("migrated \(session.database.url)") }
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Fill the database with a demo province (Hải Phòng + Hải Dương).",
                                                    subcommands: [LinkageDataCommand.self])
    @OptionGroup var database: DatabaseOptions
    @Option(help: "About how many students: each school's share is rounded, so the count is near this (a few per cent either way), and a province of under 150 has few or none.") var students = 5000
    @Option(help: "Seed: the same seed gives the same province.") var seed: UInt64 = 1
    @Option(help: "Write the four sheets as CSV into this folder instead of loading them.") var csvDir: String?
    @Flag(help: "Load everything but the students (to time a student import).") var skipStudents = false

    func run() async throws {
        try await runReporting {
            let province = DemoProvince(students: students, seed: seed)
            if let csvDir {
                try DemoLoader.writeSheets(province, to: csvDir)
                print("wrote \(province.studentCount) students, \(province.staff.count) staff, \(province.classes.count) classes, \(province.schools.count) schools to \(csvDir)")
                return
            }
            try await CommandSession.with(database) { session in
                guard try await UnitStore(session.database.sql).isEmpty() else {
                    throw EduError("demo.not_empty", vi: "Cơ sở dữ liệu đã có dữ liệu; dữ liệu mẫu chỉ nạp vào CSDL trống",
                                   en: "The database already holds data; demo data loads only into an empty one")
                }
                let bar = ProgressBar(label: "demo")
                let sheets = RegistrySheet.allCases.filter { !(skipStudents && $0 == .students) }
                _ = try await DemoLoader(database: session.database, cipher: session.cipher)
                    .load(province, sheets: sheets, by: .commandLine) { sheet, fraction in
                        bar.update((Double(RegistrySheet.allCases.firstIndex(of: sheet)!) + fraction) / 4)
                    }
                bar.finish()
                print("demo: \(province.units.count) units, \(province.schools.count) schools, \(province.staff.count) staff, \(province.classes.count) classes, \(province.studentCount) students")
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import schools, staff, classes or students from CSV or XLSX (all or nothing).",
        discussion: "Ends with: created N, updated N, unchanged N, rejected N. Exit code 0 when nothing was rejected, 2 otherwise (and then nothing is written).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "schools, staff, classes or students") var sheet: RegistrySheet
    @Argument(help: "The .csv or .xlsx file") var file: String
    @Flag(help: "Check and count, write nothing.") var dryRun = false

    func run() async throws {
        var rejected = false
        try await runReporting {
            try await CommandSession.with(database) { session in
                let bar = ProgressBar(label: sheet.rawValue)
                let outcome: ImportOutcome
                do {
                    outcome = try await RegistryImporter(database: session.database, cipher: session.cipher)
                        .importFile(file, sheet: sheet, dryRun: dryRun, actor: .commandLine, progress: { bar.update($0) })
                } catch let error as EduError {
                    bar.finish()
                    printError("\(file): \(error.message.vi)\n\(file): \(error.message.en)")
                    // The file as a whole was refused: it counts as one rejected input.
                    var refused = ImportOutcome()
                    refused.rejected = 1
                    print(refused.summaryLine)
                    rejected = true
                    return
                }
                bar.finish()
                for problem in outcome.problems { printError("\(file): \(problem)") }
                for warning in outcome.warnings { printError("\(file): cảnh báo/warning: \(warning)") }
                if dryRun {
                    for change in outcome.changes { print(change.line) }
                    if outcome.unlistedChanges > 0 { print("… \(outcome.unlistedChanges) dòng nữa / more rows") }
                    printError("dry run: nothing was written / chạy thử: không ghi gì")
                }
                print(outcome.summaryLine)
                rejected = !outcome.succeeded
            }
        }
        if rejected { throw ExitCode(2) }
    }
}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export a sheet in its import shape, as CSV or XLSX (by the file's extension).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "schools, staff, classes or students") var sheet: RegistrySheet
    @Option(help: "Output file, .csv or .xlsx") var out: String
    @Flag(help: "Write the empty import template instead of the data.") var template = false

    func run() async throws {
        try await runReporting {
            guard let format = TableFormat.of(path: out) else {
                throw EduError("export.format", vi: "Tệp xuất phải có đuôi .csv hoặc .xlsx", en: "The output file must end in .csv or .xlsx")
            }
            if template {
                try RegistryExporter.writeTemplate(sheet, to: out, format: format)
                print("template \(out)")
                return
            }
            try await CommandSession.with(database) { session in
                let count = try await RegistryExporter(session.database.sql, cipher: session.cipher)
                    .export(sheet, to: out, format: format, by: .commandLine)
                print("exported \(count) \(sheet.rawValue) to \(out)")
            }
        }
    }
}
