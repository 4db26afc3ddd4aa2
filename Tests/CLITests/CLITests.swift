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

    /// A 100 MB file with one impossible date far down: the report names its row, column and value, and nothing of the
    /// 330,000 good rows before it is written.
    @Test func aHundredMegabyteFileWithOneBadRowWritesNothing() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "40", "--seed", "3"]).status == 0)
        let path = cli.directory.appendingPathComponent("big.csv").path
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        // A long address (within its 300-character limit) makes the rows big, as a province's exports are.
        let address = "Số 12, ngõ 34 đường Lạch Tray, phường Lê Chân, Hải Phòng; gần trường tiểu học, đối diện chợ Hàng Kênh, khu dân cư số 5, tổ dân phố 7, nhà ba tầng màu vàng có cổng sắt"
        var text = "school_code,full_name,date_of_birth,gender,student_code,address,guardian_name,guardian_phone\n", size = 0, row = 1
        while size < 100 << 20 {
            row += 1
            let date = row == 200_000 ? "31/02/2016" : "2016-\(String(format: "%02d", row % 12 + 1))-\(String(format: "%02d", row % 28 + 1))"
            text += "03120001,Nguyễn Văn An,\(date),Nam,T\(row),\"\(address)\",Trần Thị Bình,0912345678\n"
            if text.utf8.count > 1 << 20 {
                size += text.utf8.count
                try handle.write(contentsOf: Data(text.utf8))
                text = ""
            }
        }
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()

        let before = try cli.run(["export", "students", "--out", cli.directory.appendingPathComponent("before.csv").path])
        let refused = try cli.run(["import", "students", path])
        #expect(refused.status == 2 && refused.lastLine == "created 0, updated 0, unchanged 0, rejected 1")
        #expect(refused.stderr.contains("dòng/row 200000, cột/column date_of_birth, giá trị/value \"31/02/2016\""), "\(refused.stderr.prefix(500))")
        let after = try cli.run(["export", "students", "--out", cli.directory.appendingPathComponent("after.csv").path])
        #expect(before.status == 0 && after.status == 0)
        #expect(try Data(contentsOf: cli.directory.appendingPathComponent("before.csv")) == Data(contentsOf: cli.directory.appendingPathComponent("after.csv")))
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
        // The reason in both languages, and nothing else: no second line from the connection pool.
        #expect(result.stderr.split(separator: "\n").count == 2, "\(result.stderr)")
        let wrong = try cli.run(["migrate", "--database-url", "mysql://x"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains("EDUVN_DATABASE_URL"))
        let malformed = try cli.run(["migrate", "--database-url", "postgres://u@[::1"])
        #expect(malformed.status == 2 && malformed.stderr.contains("Not a valid PostgreSQL address"), "\(malformed.stderr)")
        // Another application's SQLite file: the schema cannot be brought up to date.
        let foreign = cli.directory.appendingPathComponent("foreign.sqlite").path
        _ = try CLIProcess.output("/usr/bin/sqlite3", [foreign, "CREATE TABLE students (pupil TEXT)"])
        let notOurs = try cli.run(["migrate", "--database-url", "sqlite:\(foreign)"])
        #expect(notOurs.status == 2 && notOurs.stderr.contains("is it an EduVN database?"), "\(notOurs.stderr)")
    }

    /// A command run with another data key than the one that wrote the database is refused before it writes anything.
    @Test func anotherDataKeyIsRefused() throws {
        var cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "30", "--seed", "3"]).status == 0)
        let students = try cli.sql("SELECT COUNT(*) FROM students")
        cli.environment["EDUVN_DATA_KEY"] = "HxwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgEAAAE="
        let refused = try cli.run(["export", "students", "--out", cli.directory.appendingPathComponent("x.csv").path])
        #expect(refused.status == 2 && refused.stderr.contains("EDUVN_DATA_KEY is not the key this database was written with"), "\(refused.stderr)")
        #expect(try cli.sql("SELECT COUNT(*) FROM students") == students)
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

        let process = try cli.startWriting(["import", "students", renamed])
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
