import Tabular

/// Writes the result files of `eduvn admissions allocate`, each whole or not at all (CSV, or XLSX by the name).
/// CSV output is plain (no BOM, cells as given): other programs read these files back.
public enum AllocationOutput {
    /// `applicant_id,school_code,preference_rank`, one row per applicant in input order; school and rank empty when
    /// unplaced, the rank empty for a direct admission.
    public static func writeAllocation(_ allocation: Allocation, to path: String) throws {
        try write(path, header: ["applicant_id", "school_code", "preference_rank"]) { writer in
            let problem = allocation.problem
            for applicant in 0..<problem.applicantCount {
                try writer.write([problem.applicantIDs[applicant]] + placementCells(allocation, applicant))
            }
        }
    }

    /// `school_code,cutoff_score,admitted` in the schools file's order; the cut-off is empty when nobody was admitted.
    public static func writeCutoffs(_ allocation: Allocation, to path: String) throws {
        try write(path, header: ["school_code", "cutoff_score", "admitted"]) { writer in
            for (school, entry) in allocation.problem.schools.enumerated() {
                try writer.write([entry.code, allocation.cutoffs[school]?.description ?? "", String(allocation.admitted[school])])
            }
        }
    }

    /// `applicant_id,school_code,preference_rank,explanation_vi,explanation_en`.
    public static func writeExplanations(_ allocation: Allocation, to path: String) throws {
        try write(path, header: ["applicant_id", "school_code", "preference_rank", "explanation_vi", "explanation_en"]) { writer in
            let problem = allocation.problem
            for applicant in 0..<problem.applicantCount {
                let explanation = allocation.explanation(of: applicant)
                try writer.write([problem.applicantIDs[applicant]] + placementCells(allocation, applicant) + [explanation.vi, explanation.en])
            }
        }
    }

    /// `rank_penalty,placed,unplaced,first_preference,better_than_baseline,worse_than_baseline,could_gain_by_reordering`,
    /// one row per configuration, the baseline first.
    public static func writeComparison(_ comparison: ConfigurationComparison, applicants: Int, to path: String) throws {
        try write(path, header: ["rank_penalty", "placed", "unplaced", "first_preference", "better_than_baseline",
                                 "worse_than_baseline", "could_gain_by_reordering"]) { writer in
            for row in comparison.rows {
                try writer.write([row.rules.rankPenalty.description] + [row.placed, applicants - row.placed, row.firstPreference,
                                  row.better, row.worse, row.couldGainByReordering].map(String.init))
            }
        }
    }

    /// School and preference rank; both empty when unplaced, the rank empty for a direct admission.
    private static func placementCells(_ allocation: Allocation, _ applicant: Int) -> [String] {
        [allocation.school(of: applicant).map { allocation.problem.schools[Int($0)].code } ?? "",
         allocation.placement(of: applicant).map { String($0.rank) } ?? ""]
    }

    private static func write(_ path: String, header: [String], _ rows: (TableWriter) throws -> Void) throws {
        let writer = try TableWriter(path: path, format: TableFormat.of(path: path) ?? .csv, header: header, csvStyle: .plain)
        try rows(writer)
        try writer.close()
    }
}
