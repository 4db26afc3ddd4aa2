import Admissions
import ArgumentParser
import EduCore
import Foundation

struct AdmissionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "admissions", abstract: "Entry admissions (tuyển sinh đầu cấp): allocation.",
                                                    subcommands: [Allocate.self, Compare.self, Catchments.self])

    /// A campaign's catchments from the department's file, one area per row; all or nothing.
    struct Catchments: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load catchments (tuyến) of a grade 1 or 6 campaign's schools: ma_truong, ma_xa, thon_to (a new version per school named).")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "The campaign (id)") var campaign: Int
        @Argument(help: "CSV or XLSX file") var file: String
        @Flag(help: "Check and count, write nothing") var dryRun = false

        func run() async throws {
            let (campaign, file, dryRun) = (self.campaign, self.file, self.dryRun)
            try await runReporting {
                let rows = try CatchmentFile.read(file)
                try await CommandSession.with(database) { session in
                    let loaded = try await session.database.transaction { db in
                        try await AdmissionsStore(db, cipher: session.cipher).importCatchments(rows, campaignID: campaign, dryRun: dryRun, by: .commandLine)
                    }
                    print("\(dryRun ? "(thử / dry run) " : "")\(loaded.schools) trường, \(loaded.areas) địa bàn / schools, areas")
                }
            }
        }
    }

    /// The contract the department's own tools rely on (docs/admissions.md): files in, files out, exit 2 on bad input.
    struct Allocate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allocate applicants to schools by deferred acceptance (score, priority points, tie-break, preferences).")
        @Option(help: "CSV or XLSX: school_code,quota") var schools: String
        @Option(help: "CSV or XLSX: applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3[,prefN…]") var applicants: String
        @Option(help: "Where to write applicant_id,school_code,preference_rank") var out: String
        @Option(help: "Where to write school_code,cutoff_score,admitted") var cutoffs: String?
        @Option(help: "Where to write each applicant's explanation (Vietnamese and English)") var explanations: String?
        @Option(help: "G: a school ranks preference k by admission score − G × (k − 1); 0 is plain deferred acceptance")
        var rankPenalty: String = "0"

        func run() async throws {
            try await runReporting {
                let penalty = try AdmissionsCommand.rankPenalty(rankPenalty)
                let input = try AdmissionsCommand.read(schools: schools, applicants: applicants)
                let allocation = DeferredAcceptance.allocate(input.problem, rules: AllocationRules(rankPenalty: penalty))
                try AllocationOutput.writeAllocation(allocation, to: out)
                if let cutoffs { try AllocationOutput.writeCutoffs(allocation, to: cutoffs) }
                if let explanations { try AllocationOutput.writeExplanations(allocation, to: explanations) }
                let total = input.problem.applicantCount, placed = allocation.placedCount
                print("\(placed)/\(total) thí sinh trúng tuyển, \(total - placed) không trúng tuyển / applicants placed, \(total - placed) unplaced → \(out)")
            }
        }
    }

    /// Several rank penalties on the same applicants, side by side, the first as the baseline.
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare allocation rules on the same applicants: placed, first preferences, better or worse than the first rule, reasons to reorder.")
        @Option(help: "CSV or XLSX: school_code,quota") var schools: String
        @Option(help: "CSV or XLSX: applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3[,prefN…]") var applicants: String
        @Option(help: "A rank penalty G to compare (repeat the option; the first is the baseline)") var rankPenalty: [String] = ["0"]
        @Option(help: "Where to write the comparison as a table (optional)") var out: String?

        func run() async throws {
            try await runReporting {
                let rules = try rankPenalty.map { AllocationRules(rankPenalty: try AdmissionsCommand.rankPenalty($0)) }
                let input = try AdmissionsCommand.read(schools: schools, applicants: applicants)
                let comparison = ConfigurationComparison(input.problem, configurations: rules)
                let total = input.problem.applicantCount
                print("G\tplaced\tunplaced\tNV1\tbetter\tworse\tcould gain by reordering")
                for row in comparison.rows {
                    print([row.rules.rankPenalty.description, "\(row.placed)", "\(total - row.placed)", "\(row.firstPreference)",
                           "\(row.better)", "\(row.worse)", "\(row.couldGainByReordering)"].joined(separator: "\t"))
                }
                if let out { try AllocationOutput.writeComparison(comparison, applicants: total, to: out) }
            }
        }
    }

    static func rankPenalty(_ text: String) throws -> Points {
        guard let penalty = Points(text) else {
            throw EduError("admissions.rank_penalty",
                           vi: "--rank-penalty “\(text)” không phải là số không âm (ví dụ 1.5)",
                           en: "--rank-penalty “\(text)” is not a non-negative number (e.g. 1.5)")
        }
        return penalty
    }

    /// The input files, with their notices (allowed but worth saying) on standard error.
    static func read(schools: String, applicants: String) throws -> AllocationInput.Read {
        let input = try AllocationInput.read(schools: schools, applicants: applicants)
        for notice in input.notices.prefix(20) {
            printError("eduvn: \(URL(fileURLWithPath: applicants).lastPathComponent): \(notice)")
        }
        if input.notices.count > 20 { printError("eduvn: … \(input.notices.count - 20) more") }
        return input
    }
}
