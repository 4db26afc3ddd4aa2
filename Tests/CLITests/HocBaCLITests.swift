import Foundation
import Testing
import TestSupport

/// A class's học bạ by the command line: DEMO year, drafts, the three signatures as batches (re-runnable), export,
/// and `eduvn verify` on what was exported.
@Suite struct HocBaCLITests {
    @Test func aClassIsDraftedSignedInTurnAndExported() throws {
        let (cli, classID) = try demoClass(students: 60, seed: 4)
        let homeroom = try query(cli, "SELECT s.name FROM signers s JOIN classes c ON c.homeroom_staff_id = s.staff_id WHERE c.id = \(classID)")
        let principal = try query(cli, """
            SELECT s.name FROM signers s JOIN staff f ON f.id = s.staff_id JOIN classes c ON c.school_id = f.school_id
            WHERE c.id = \(classID) AND f.position = 'Hiệu trưởng' LIMIT 1
            """)
        let seal = try query(cli, "SELECT s.name FROM signers s JOIN classes c ON c.school_id = s.school_id WHERE c.id = \(classID) AND s.kind = 'seal'")
        let students = Int(try query(cli, "SELECT COUNT(*) FROM enrolments WHERE class_id = \(classID)"))!

        #expect(try cli.run(["records", "hoc-ba", "draft", "--class", classID]).status == 2, "the year is not approved yet")
        #expect(try cli.run(["records", "demo-year", "--class", classID]).status == 0)
        let drafted = try cli.run(["records", "hoc-ba", "draft", "--class", classID])
        #expect(drafted.status == 0 && drafted.stdout.split(separator: "\n").count == students, "\(drafted.stdout)\(drafted.stderr)")

        let early = try cli.run(["records", "hoc-ba", "sign", "--class", classID, "--signer", principal])
        #expect(early.stdout.contains("signed 0 as principal; \(students) waiting"), "\(early.stdout)\(early.stderr)")
        for signer in [homeroom, principal, seal] {
            let run = try cli.run(["records", "hoc-ba", "sign", "--class", classID, "--signer", signer])
            #expect(run.status == 0 && run.stdout.contains("signed \(students)"), "\(signer): \(run.stdout)\(run.stderr)")
        }
        #expect(try cli.run(["records", "hoc-ba", "sign", "--class", classID, "--signer", seal]).stdout.contains("signed 0 as seal"))

        let folder = cli.directory.appendingPathComponent("hoc-ba").path
        #expect(try cli.run(["records", "hoc-ba", "export", "--class", classID, "--out", folder]).status == 0)
        let pdfs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".pdf") }
        #expect(pdfs.count == students)
        let verified = try cli.run(["verify", (folder as NSString).appendingPathComponent(try #require(pdfs.first))])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.stdout.components(separatedBy: "người ký/signer:").count == 4, "three signers: \(verified.stdout)")
        let json = try String(contentsOfFile: (folder as NSString).appendingPathComponent(pdfs[0].replacingOccurrences(of: ".pdf", with: ".json")),
                              encoding: .utf8)
        #expect(json.contains("\"regime\":\"TT22\"") && json.contains("Ngữ văn"))

        // The school's batch for the Ministry: the signed records keyed by personal ID, PDFs beside.
        let school = try query(cli, "SELECT s.code FROM schools s JOIN classes c ON c.school_id = s.id WHERE c.id = \(classID)")
        let year = try query(cli, "SELECT school_year FROM classes WHERE id = \(classID)")
        let zip = cli.directory.appendingPathComponent("batch.zip").path
        let batch = try cli.run(["records", "hoc-ba", "export-school", "--school", school, "--year", year, "--out", zip])
        #expect(batch.status == 0 && batch.stdout.contains("exported \(students) signed"), "\(batch.stdout)\(batch.stderr)")
        let listing = try python("""
            import json, sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            lines = [json.loads(l) for l in z.read("hoc-ba.jsonl").decode().splitlines()]
            assert all(l["signatures"] == 3 and l["hoc_ba"]["regime"] == "TT22" for l in lines)
            assert all(z.read(l["pdf"]).startswith(b"%PDF") for l in lines)
            print(len(lines), sum(1 for l in lines if l["personal_id"] and len(l["personal_id"]) == 12))
            """, zip)
        #expect(listing.trimmingCharacters(in: .newlines) == "\(students) \(students)", "every line keyed by a 12-digit personal ID: \(listing)")

        // A receiving school takes the exported pair in for the same student; another student or a changed data file is refused.
        let owner = String(pdfs[0].prefix { $0 != "-" })
        let other = try query(cli, "SELECT id FROM students WHERE id <> \(owner) LIMIT 1")
        let pdfPath = (folder as NSString).appendingPathComponent(pdfs[0])
        let jsonPath = pdfPath.replacingOccurrences(of: ".pdf", with: ".json")
        #expect(try cli.run(["records", "hoc-ba", "import-transfer", "--student", other, "--pdf", pdfPath, "--json", jsonPath]).status == 2)
        let imported = try cli.run(["records", "hoc-ba", "import-transfer", "--student", owner, "--pdf", pdfPath, "--json", jsonPath])
        #expect(imported.status == 0, "\(imported.stderr)")
        let changed = try cli.write("changed.json", json.replacingOccurrences(of: "Ngữ văn", with: "Ngữ Văn"))
        #expect(try cli.run(["records", "hoc-ba", "import-transfer", "--student", owner, "--pdf", pdfPath, "--json", changed]).status == 2)
        // A re-run of draft makes nothing new; --new-version makes a version only for a record that changed (a correction).
        #expect(try cli.run(["records", "hoc-ba", "draft", "--class", classID]).stdout.isEmpty)
        #expect(try cli.run(["records", "hoc-ba", "draft", "--class", classID, "--new-version"]).stdout.isEmpty, "nothing changed")
        try cli.sql("""
            UPDATE gradebook_marks SET value = CASE WHEN value = '10' THEN '9' ELSE '10' END
            WHERE student_id = \(owner) AND kind = 'ck' AND semester = 2
            """)
        let corrected = try cli.run(["records", "hoc-ba", "draft", "--class", classID, "--new-version"])
        #expect(corrected.stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) } == [owner] && corrected.stdout.contains("\tv2\t"),
                "\(corrected.stdout)\(corrected.stderr)")
        // A student moving school after semester I gets the record of that semester alone, as one more version; not once
        // the whole year is approved.
        let complete = try cli.run(["records", "hoc-ba", "draft", "--class", classID, "--leaving", owner])
        #expect(complete.status == 2 && complete.stderr.contains("whole year is approved"), "\(complete.stderr)")
        try cli.sql("UPDATE class_semesters SET status = 'open' WHERE class_id = \(classID) AND semester = 2")
        let leaving = try cli.run(["records", "hoc-ba", "draft", "--class", classID, "--leaving", owner])
        #expect(leaving.status == 0 && leaving.stdout.hasPrefix("\(owner)\tv3\t"), "\(leaving.stdout)\(leaving.stderr)")
        let firstSemester = try query(cli, "SELECT document FROM hoc_ba WHERE student_id = \(owner) AND version = 3")
        #expect(firstSemester.contains("\"semesters\":1"), "\(firstSemester)")
        #expect(try cli.run(["records", "hoc-ba", "draft", "--class", classID, "--leaving", other]).status == 2, "not in the class")
    }

    /// Kills a class's batch signing with SIGKILL in the middle: every document is signed or untouched (its signature
    /// count, its PDF and the transparency log agree), and signing again signs exactly the rest.
    @Test func killingABatchSigningLeavesEveryDocumentSignedOrUntouched() throws {
        let (cli, classID) = try demoClass(students: 300, seed: 5, store: .sqliteFile)
        // A long class, so that the batch is still running when it is killed.
        _ = try query(cli, """
            UPDATE enrolments SET class_id = \(classID), school_id = (SELECT school_id FROM classes WHERE id = \(classID))
            WHERE student_id IN (SELECT student_id FROM enrolments WHERE class_id <> \(classID) ORDER BY student_id LIMIT 90);
            SELECT COUNT(*) FROM enrolments WHERE class_id = \(classID)
            """)
        let students = Int(try query(cli, "SELECT COUNT(*) FROM enrolments WHERE class_id = \(classID)"))!
        let homeroom = try query(cli, "SELECT s.name FROM signers s JOIN classes c ON c.homeroom_staff_id = s.staff_id WHERE c.id = \(classID)")
        #expect(try cli.run(["records", "demo-year", "--class", classID]).status == 0)
        #expect(try cli.run(["records", "hoc-ba", "draft", "--class", classID]).status == 0)
        let logged = Int(try query(cli, "SELECT COUNT(*) FROM transparency_entries"))!
        func signed() throws -> Int { Int(try query(cli, "SELECT COUNT(*) FROM hoc_ba WHERE class_id = \(classID) AND signatures > 0"))! }

        let (process, _, _) = try cli.start(["records", "hoc-ba", "sign", "--class", classID, "--signer", homeroom])
        let deadline = Date().addingTimeInterval(300)
        while process.isRunning, Date() < deadline, try signed() < 5 { usleep(5_000) }
        #expect(process.isRunning, "the batch finished before it could be killed: give it more students")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let done = try signed()
        #expect(done >= 5 && done < students, "signed \(done) of \(students)")
        #expect(try query(cli, "SELECT COUNT(*) FROM hoc_ba WHERE class_id = \(classID) AND signatures NOT IN (0, 1)") == "0")
        // Each signature stored with its document and its log entry, or neither; an untouched PDF has no signature.
        #expect(Int(try query(cli, "SELECT COUNT(*) FROM transparency_entries"))! - logged == done)
        #expect(try query(cli, """
            SELECT COUNT(*) FROM hoc_ba WHERE class_id = \(classID) AND (signatures = 0) = (instr(pdf, CAST('/ByteRange' AS BLOB)) > 0)
            """) == "0", "the signature count and the PDF agree")
        let rest = try cli.run(["records", "hoc-ba", "sign", "--class", classID, "--signer", homeroom])
        #expect(rest.status == 0 && rest.stdout.contains("signed \(students - done) as teacher; 0 waiting"), "\(rest.stdout)\(rest.stderr)")
        #expect(try signed() == students)
    }

    /// The province's layout folder is the command line's too: one that is not there stops the command, named.
    @Test func aMissingLayoutFolderStopsTheCommand() throws {
        var cli = try CLIProcess()
        cli.environment["EDUVN_HOC_BA_TEMPLATES"] = cli.directory.appendingPathComponent("mau-khong-co").path
        let run = try cli.run(["records", "hoc-ba", "draft", "--class", "1"])
        #expect(run.status == 2 && run.stderr.contains("mau-khong-co") && run.stderr.contains("does not exist"), "\(run.stderr)")
    }

    private func python(_ script: String, _ argument: String) throws -> String {
        let run = try ExternalProgram.run("/usr/bin/python3", ["-c", script, argument])
        #expect(run.status == 0)
        return run.output
    }

    /// A DEMO province with its certificates, and its first lower or upper secondary class with students.
    private func demoClass(students: Int, seed: Int, store: CLIProcess.Store = .suite) throws -> (CLIProcess, classID: String) {
        let cli = try CLIProcess(store)
        #expect(try cli.run(["demo", "--students", String(students), "--seed", String(seed)]).status == 0)
        #expect(try cli.run(["pki", "init-demo"]).status == 0)
        let classID = try query(cli, """
            SELECT c.id FROM classes c WHERE c.homeroom_staff_id IS NOT NULL AND c.grade >= 6
            AND EXISTS (SELECT 1 FROM enrolments e WHERE e.class_id = c.id) ORDER BY c.id LIMIT 1
            """)
        return (cli, classID)
    }

    private func query(_ cli: CLIProcess, _ sql: String) throws -> String {
        let value = try cli.sql(sql)
        try #require(!value.isEmpty, "no answer to \(sql)")
        return value
    }
}
