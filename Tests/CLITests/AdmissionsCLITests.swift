import EduCore
import Foundation
import TestSupport
import Testing

/// The contract of `eduvn admissions allocate`: files in, files out, exit 2 naming file, line and column.
@Suite struct AdmissionsCLITests {
    @Test func allocatesAndWritesCutoffs() throws {
        let cli = try CLIProcess()
        let schools = try cli.write("schools.csv", "school_code,quota,name\nA,1,THPT Chu Văn An\nB,2,THPT Ngô Quyền\n")
        let applicants = try cli.write("applicants.csv", """
            applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3
            HS1,24.5,0,4,A,B,
            HS2,24,1,2,A,,
            HS3,20.75,0,3,B,A,
            HS4,19,0.25,1,A,,
            """)
        let out = cli.directory.appendingPathComponent("allocation.csv").path
        let cutoffs = cli.directory.appendingPathComponent("cutoffs.csv").path
        let run = try cli.run(["admissions", "allocate", "--schools", schools, "--applicants", applicants, "--out", out, "--cutoffs", cutoffs])
        #expect(run.status == 0, "\(run.stderr)")
        // HS2 (25.00) takes A over HS1 (24.50); HS1 goes to NV2.
        #expect(try String(contentsOfFile: out, encoding: .utf8) == "applicant_id,school_code,preference_rank\nHS1,B,2\nHS2,A,1\nHS3,B,1\nHS4,,\n")
        #expect(try String(contentsOfFile: cutoffs, encoding: .utf8) == "school_code,cutoff_score,admitted\nA,25.00,1\nB,20.75,2\n")

        let explanations = cli.directory.appendingPathComponent("explanations.csv").path
        let explained = try cli.run(["admissions", "allocate", "--schools", schools, "--applicants", applicants, "--out", out,
                                     "--explanations", explanations])
        #expect(explained.status == 0, "\(explained.stderr)")
        let lines = try String(contentsOfFile: explanations, encoding: .utf8).split(separator: "\n")
        #expect(lines[1] == "HS1,B,2,\"Không trúng tuyển nguyện vọng 1 (A): điểm chuẩn 25.00, điểm xét tuyển của bạn 24.50. Trúng tuyển nguyện vọng 2: B.\","
                + "\"Not admitted to preference 1 (A): cut-off 25.00, your admission score 24.50. Admitted to preference 2: B.\"")
    }

    @Test(arguments: [
        ("HS1,24.5,0,1,A\nHS1,20,0,2,A\n", "applicants.csv: dòng/row 3, cột/column applicant_id"),
        ("HS1,24.5,0,1,A\nHS2,20,0,1,A\n", "applicants.csv: dòng/row 3, cột/column tiebreak"),
        ("HS1,24.5,0,1,C\n", "applicants.csv: dòng/row 2, cột/column pref1"),
        ("HS1,24,5,0,1,A\n", "applicants.csv: Row 2 has data in 6 columns but the header has only 5 columns"),
        ("HS1,abc,0,1,A\n", "applicants.csv: dòng/row 2, cột/column score"),
    ])
    func refusesBadApplicants(rows: String, message: String) throws {
        let cli = try CLIProcess()
        let schools = try cli.write("schools.csv", "school_code,quota\nA,1\nB,2\n")
        let applicants = try cli.write("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1\n" + rows)
        let out = cli.directory.appendingPathComponent("allocation.csv").path
        let run = try cli.run(["admissions", "allocate", "--schools", schools, "--applicants", applicants, "--out", out])
        #expect(run.status == 2)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written from bad input")
    }

    @Test func refusesABadQuota() throws {
        let cli = try CLIProcess()
        let schools = try cli.write("schools.csv", "school_code,quota\nA,1\nB,many\n")
        let applicants = try cli.write("applicants.csv", "applicant_id,score,priority_points,tiebreak,pref1\nHS1,1,0,1,A\n")
        let run = try cli.run(["admissions", "allocate", "--schools", schools, "--applicants", applicants, "--out", "x.csv"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("schools.csv: dòng/row 3, cột/column quota, giá trị/value \"many\""), "\(run.stderr)")
        #expect(run.stderr.contains("The quota must be a non-negative whole number"))
    }

    /// The same files through PyPI's `matching` (hospital-resident, resident-optimal): the same allocation, with and
    /// without a rank penalty (bench/admissions/crosscheck.py).
    @Test(arguments: ["0", "1.5"])
    func agreesWithAnIndependentImplementation(penalty: String) throws {
        let cli = try CLIProcess()
        var random = SeededRandom(seed: 7)
        var schools = ["school_code,quota"], applicants = ["applicant_id,score,priority_points,tiebreak,pref1,pref2,pref3"]
        for school in 0..<30 { schools.append("S\(school),\(Int.random(in: 0...60, using: &random))") }
        for (applicant, tiebreak) in (1...1500).shuffled(using: &random).enumerated() {
            let listed = (0..<30).shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random)).map { "S\($0)" }
            let score = String(format: "%.2f", Double(Int.random(in: 0...120, using: &random)) / 4)
            let priority = ["0", "", "1", "1.5", "2"].randomElement(using: &random)!
            applicants.append("A\(applicant),\(score),\(priority),\(tiebreak)," + (listed + ["", "", ""]).prefix(3).joined(separator: ","))
        }
        let schoolsPath = try cli.write("schools.csv", schools.joined(separator: "\n") + "\n")
        let applicantsPath = try cli.write("applicants.csv", applicants.joined(separator: "\n") + "\n")
        let out = cli.directory.appendingPathComponent("allocation.csv").path
        let run = try cli.run(["admissions", "allocate", "--schools", schoolsPath, "--applicants", applicantsPath, "--out", out, "--rank-penalty", penalty])
        #expect(run.status == 0, "\(run.stderr)")
        let script = CLIProcess.packageRoot.appendingPathComponent("bench/admissions/crosscheck.py").path
        let check = try ExternalProgram.run("/usr/bin/env", ["python3", script, schoolsPath, applicantsPath, out, "--rank-penalty", penalty])
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.hasPrefix("identical for 1500 applicants"), "\(check.output)")
    }
}
