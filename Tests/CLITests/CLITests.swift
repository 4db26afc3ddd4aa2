import Foundation
import Testing

@Suite(.serialized) struct CLITests {
    static let header = "school_code,full_name,date_of_birth,gender,student_code,national_id"

    @Test func importFollowsTheCommandLineContract() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "100", "--seed", "5"]).status == 0)
        let bad = try cli.write("bad.csv", Self.header + "\n03120001,Nguyễn Văn An,2017-03-04,Nam,T1,031217000001\n03120001,Lê Văn B,31/02/2017,Nam,T2,\n")
        let rejected = try cli.run(["import", "students", bad])
        #expect(rejected.status == 2)
        #expect(rejected.lastLine == "created 0, updated 0, unchanged 0, rejected 1")
        #expect(rejected.stderr.contains("31/02/2017"))
        #expect(rejected.stderr.contains("date_of_birth"))

        let good = try cli.write("good.csv", Self.header + "\n03120001,Nguyễn Văn An,2017-03-04,Nam,T1,031217000001\n")
        let dry = try cli.run(["import", "students", good, "--dry-run"])
        #expect(dry.status == 0 && dry.lastLine == "created 1, updated 0, unchanged 0, rejected 0")
        #expect(dry.stdout.contains("dòng 2: tạo mới / create: 03120001 T1 Nguyễn Văn An\n"))
        let first = try cli.run(["import", "students", good])
        #expect(first.status == 0 && first.lastLine == "created 1, updated 0, unchanged 0, rejected 0")
        let again = try cli.run(["import", "students", good])
        #expect(again.status == 0 && again.lastLine == "created 0, updated 0, unchanged 1, rejected 0")
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }

    @Test func exportWritesEveryRecordInTheImportShape() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "80", "--seed", "6"]).status == 0)
        let out = cli.directory.appendingPathComponent("students.csv").path
        let export = try cli.run(["export", "students", "--out", out])
        #expect(export.status == 0)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(lines.first?.contains("school_code,full_name,date_of_birth") == true)
        let reimport = try cli.run(["import", "students", out])
        #expect(reimport.lastLine == "created 0, updated 0, unchanged \(lines.count - 1), rejected 0")
        let xlsx = cli.directory.appendingPathComponent("students.xlsx").path
        #expect(try cli.run(["export", "students", "--out", xlsx]).status == 0)
        #expect(try cli.run(["import", "students", xlsx]).lastLine == "created 0, updated 0, unchanged \(lines.count - 1), rejected 0")
    }

    @Test func badFilesAreRefusedClearly() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["migrate"]).status == 0)
        let empty = try cli.write("empty.csv", "")
        let fake = try cli.write("fake.xlsx", "school_code,name\n1,2\n")
        for file in [empty, fake] {
            let result = try cli.run(["import", "schools", file])
            #expect(result.status == 2, "\(file)")
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Backtrace"))
            #expect(result.stderr.split(separator: "\n").count <= 4)
        }
    }

    @Test func anUnreachableDatabaseIsOneClearLine() throws {
        let cli = try CLIProcess()
        let result = try cli.run(["migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none?tlsmode=disable"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("Không kết nối được cơ sở dữ liệu"))
        #expect(!result.stderr.contains("Backtrace"))
        let wrong = try cli.run(["migrate", "--database-url", "mysql://x"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("EDUVN_DATABASE_URL"))
    }

    /// Kills an import with SIGKILL while it rewrites every student, then checks that nothing of it was stored.
    @Test func killingAnImportLeavesTheDatabaseAsBefore() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "20000", "--seed", "8"]).status == 0)
        let before = cli.directory.appendingPathComponent("before.csv").path
        #expect(try cli.run(["export", "students", "--out", before]).status == 0)
        // Every student renamed: the import would update every row.
        var lines = try String(contentsOfFile: before, encoding: .utf8).split(whereSeparator: \.isNewline).map(String.init)
        for index in lines.indices.dropFirst() {
            var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[1] += " Mới"
            lines[index] = cells.joined(separator: ",")
        }
        let renamed = try cli.write("renamed.csv", lines.joined(separator: "\n"))

        // The WAL file is gone after the export closed the database; it grows again once the import writes.
        let wal = cli.directory.appendingPathComponent("eduvn.sqlite-wal").path
        let (process, _, _) = try cli.start(["import", "students", renamed])
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline {
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
            if size > 1_000_000 { break }
            usleep(2_000)
        }
        #expect(process.isRunning, "the import finished before it could be killed: make the file larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        let after = cli.directory.appendingPathComponent("after.csv").path
        #expect(try cli.run(["export", "students", "--out", after]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: after)) == Data(contentsOf: URL(fileURLWithPath: before)))
        #expect(try cli.run(["audit", "verify"]).status == 0)
    }
}
