import Foundation
import Testing

/// The contracts of `eduvn demo linkage-data`, `eduvn linkage dedupe` and `eduvn linkage evaluate`.
@Suite struct LinkageCLITests {
    @Test func generatesDeduplicatesAndEvaluates() throws {
        let cli = try CLIProcess()
        let folder = cli.directory.appendingPathComponent("linkage").path
        let generated = try cli.run(["demo", "linkage-data", "--entities", "3000", "--seed", "5", "--out", folder])
        #expect(generated.status == 0, "\(generated.stderr)")
        let persons = try String(contentsOfFile: folder + "/persons.csv", encoding: .utf8).split(separator: "\n")
        #expect(persons.first == "record_id,source,national_id,full_name,date_of_birth,gender,birthplace")
        let out = cli.directory.appendingPathComponent("clusters.csv").path
        let run = try cli.run(["linkage", "dedupe", "--input", folder + "/persons.csv", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let clusters = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(clusters.first == "record_id,cluster_id")
        // Every input record exactly once, in input order.
        #expect(clusters.dropFirst().map { $0.split(separator: ",")[0] } == persons.dropFirst().map { $0.split(separator: ",")[0] })
        let evaluated = try cli.run(["linkage", "evaluate", "--clusters", out, "--truth", folder + "/truth.csv"])
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let f1 = try #require(evaluated.stdout.split(separator: " ").firstIndex(of: "F1").map { Double(evaluated.stdout.split(separator: " ")[$0 + 1])! })
        #expect(f1 >= 0.97, "\(evaluated.stdout)")
    }

    @Test func refusesBadRowsNamingRowAndColumn() throws {
        let cli = try CLIProcess()
        let input = try cli.write("persons.csv", """
            record_id,source,national_id,full_name,date_of_birth,gender,birthplace
            r1,hp,031208123456,Nguyễn Văn An,2010-03-07,Nam,Hải Phòng
            r1,hd,,Nguyễn Văn An,,,
            r3,hd,12345,Trần Thị Bình,07/03/2010,female,
            ,hd,,Lê Văn C,2010-02-30,x,
            """)
        let out = cli.directory.appendingPathComponent("clusters.csv").path
        let run = try cli.run(["linkage", "dedupe", "--input", input, "--out", out])
        #expect(run.status == 2)
        for expected in ["dòng/row 3, cột/column record_id", "dòng/row 4, cột/column national_id", "dòng/row 4, cột/column date_of_birth",
                         "dòng/row 5, cột/column record_id"] {
            #expect(run.stderr.contains("persons.csv: " + expected), "\(expected): \(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The registry scan: a child entered twice (the second time at another school, without a personal ID) is queued.
    @Test func scansTheRegistryForDuplicates() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "100", "--seed", "5"]).status == 0)
        let twice = try cli.write("twice.csv", CLITests.header + """

            03120001,Nguyễn Thị Ngọc Diệp,2017-03-04,Nữ,T1,031317999999
            03050002,NGUYEN THI NGOC DIEP,2017-03-04,Nữ,T2,

            """)
        #expect(try cli.run(["import", "students", twice]).status == 0)
        let scan = try cli.run(["linkage", "scan"])
        #expect(scan.status == 0)
        #expect(scan.lastLine.hasSuffix(" 1 cặp chờ xem xét/pairs to review (0 cán bộ/staff)"), "\(scan.lastLine)")
        #expect(try cli.run(["linkage", "scan", "--minimum", "2"]).status == 2)
    }
}
