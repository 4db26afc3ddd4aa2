import ArgumentParser
import EduCore
import Foundation
import Quality

struct LinkageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "linkage", abstract: "Record linkage: find the records of one person across sources.",
                                                    subcommands: [Dedupe.self, Evaluate.self, Scan.self])

    /// The contract (docs/quality.md): persons.csv in, clusters.csv out, every record exactly once; exit 2 on bad input.
    struct Dedupe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cluster the records of persons.csv by person (Fellegi–Sunter, estimated from the data).")
        @Option(help: "CSV or XLSX: record_id,source,national_id,full_name,date_of_birth,gender,birthplace") var input: String
        @Option(help: "Where to write record_id,cluster_id") var out: String
        @Option(help: "Link pairs whose match probability reaches this (0–1)") var threshold: Double = 0.5

        func run() async throws {
            try await runReporting {
                guard (0...1).contains(threshold) else {
                    throw EduError("linkage.threshold", vi: "--threshold từ 0 đến 1", en: "--threshold is between 0 and 1")
                }
                let records = try LinkageFiles.readPersons(input)
                let result = Deduplicator(threshold: threshold).deduplicate(records)
                try LinkageFiles.writeClusters(records, clusters: result.clusters, to: out)
                let clusters = Set(result.clusters).count
                print("\(records.count) bản ghi → \(clusters) người / records → \(clusters) persons (\(result.candidatePairs) pairs compared, \(result.links) linked) → \(out)")
            }
        }
    }

    /// Pairwise precision, recall and F1 of a clustering against the truth (for tests and benchmarks).
    struct Evaluate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pairwise precision, recall and F1 of clusters.csv against truth.csv.")
        @Option(help: "record_id,cluster_id") var clusters: String
        @Option(help: "record_id,entity_id") var truth: String

        func run() async throws {
            try await runReporting {
                let predicted = try LinkageFiles.readLabels(clusters, column: "cluster_id")
                let actual = try LinkageFiles.readLabels(truth, column: "entity_id")
                guard Set(predicted.keys) == Set(actual.keys) else {
                    throw EduError("linkage.records", vi: "Hai tệp không có cùng các bản ghi", en: "The two files do not hold the same records")
                }
                let ids = Array(actual.keys)
                print(PairwiseQuality(clusters: ids.map { predicted[$0]! }, entities: ids.map { actual[$0]! }))
            }
        }
    }
}

extension LinkageCommand {
    /// The registry's students and staff, not files: proposes pairs for the review screen (/quality/linkage); merges stay a
    /// person's call.
    struct Scan: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Scan the registry's students and staff for duplicate records and queue the pairs for review.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "Propose pairs whose match probability reaches this (0–1)") var minimum: Double = 0.5

        func run() async throws {
            try await runReporting {
                guard (0...1).contains(minimum) else {
                    throw EduError("linkage.threshold", vi: "--minimum từ 0 đến 1", en: "--minimum is between 0 and 1")
                }
                try await CommandSession.with(database) { session in
                    let scan = try await LinkageStore.scan(session.database, cipher: session.cipher, minimum: minimum, by: .commandLine)
                    print("linkage scan \(scan.runID): \(scan.records) hồ sơ/records, \(scan.candidatePairs) cặp so sánh/pairs compared, "
                          + "\(scan.pending.values.reduce(0, +)) cặp chờ xem xét/pairs to review (\(scan.pending[.staff] ?? 0) cán bộ/staff)")
                }
            }
        }
    }
}

struct LinkageDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "linkage-data",
                                                    abstract: "Write a synthetic labelled linkage data set (persons.csv, truth.csv).")
    @Option(help: "How many people") var entities: Int
    @Option(help: "Seed: the same seed gives the same data") var seed: UInt64 = 1
    @Option(help: "Folder to write into") var out: String

    func run() async throws {
        try await runReporting {
            let count = try LinkageDemoData.write(entities: entities, seed: seed, to: out)
            print("\(count) records of \(entities) people → \(out)/persons.csv, \(out)/truth.csv")
        }
    }
}

struct QualityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "quality", abstract: "Data quality: run the rules, score every school.",
                                                    subcommands: [Run.self, Reconcile.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check every student against the quality rules; keep the scores and the schools' worklists.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "A JSON file of rules instead of the shipped ones (docs/quality.md)") var rules: String?
        @Option(help: "The day to check timeliness against (YYYY-MM-DD; default today)") var today: String?

        func run() async throws {
            try await runReporting {
                let rules = try self.rules.map { try JSONDecoder().decode([QualityRule].self, from: Data(contentsOf: URL(fileURLWithPath: $0))) }
                    ?? QualityRule.standard()
                guard let day = today.map(CalendarDate.init(iso:)) ?? CalendarDate.today else {
                    throw EduError("quality.today", vi: "--today viết dạng YYYY-MM-DD", en: "Write --today as YYYY-MM-DD")
                }
                try await CommandSession.with(database) { session in
                    let cipher = session.cipher
                    let summary = try await session.database.transaction { db in
                        try await QualityStore(db).run(rules: rules, today: day, cipher: cipher, by: .commandLine)
                    }
                    print("quality run \(summary.runID): \(summary.records) hồ sơ/records (học sinh và cán bộ/students and staff), \(summary.findings) lỗi/findings")
                }
            }
        }
    }
}
