import Foundation
import Testing
import TestSupport

/// The administration commands of the foundation, run as the department runs them: accounts, backup and restore, the
/// audit trail's check, the import templates.
@Suite struct AdminCLITests {
    func users(_ cli: CLIProcess) throws -> [String] {
        try cli.run(["user", "list"]).stdout.split(separator: "\n").map(String.init)
    }

    @Test func accountsAreCreatedListedResetDisabledAndEnabled() throws {
        let cli = try CLIProcess()
        let created = try cli.run(["user", "create", "--username", "ketoan", "--name", "Phạm Thị Hương", "--role", "department_staff",
                                   "--password-stdin"], stdin: "một mật khẩu đủ dài 2026\n")
        #expect(created.status == 0 && created.lastLine == "created user ketoan", "\(created.stderr)")
        let listed = try users(cli)
        #expect(listed.contains("ketoan\tactive\tdepartment_staff\tPhạm Thị Hương"), "\(listed)")

        let weak = try cli.run(["user", "create", "--username", "yeu", "--name", "Yếu", "--role", "auditor", "--password-stdin"], stdin: "ngan\n")
        #expect(weak.status == 2 && weak.stderr.contains("ít nhất 8 ký tự"))
        let twice = try cli.run(["user", "create", "--username", "ketoan", "--name", "Khác", "--role", "auditor"])
        #expect(twice.status == 2, "a username is taken once")

        let reset = try cli.run(["user", "reset-password", "ketoan"])
        #expect(reset.status == 0 && reset.lastLine.hasPrefix("password reset for ketoan: ") && reset.lastLine.count > "password reset for ketoan: ".count + 8)
        #expect(try cli.run(["user", "disable", "ketoan"]).status == 0)
        #expect(try users(cli).contains { $0.hasPrefix("ketoan\tdisabled\t") })
        #expect(try cli.run(["user", "enable", "ketoan"]).status == 0)
        #expect(try users(cli).contains { $0.hasPrefix("ketoan\tactive\t") })
        let unknown = try cli.run(["user", "disable", "khongco"])
        #expect(unknown.status == 2 && unknown.stderr.contains("Không có tài khoản khongco"))
    }

    /// The department records a new ward and merges two into it: `unit list` shows each day's units, a merger that
    /// names an ended unit changes nothing, and bad input is one clear line with exit code 2.
    @Test func unitsAreAddedAndMergedThroughTheCommandLine() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "50", "--seed", "5"]).status == 0)
        let added = try cli.run(["unit", "add", "--code", "X031900", "--name", "Phường  Hải An ", "--kind", "ward", "--parent", "SGD031",
                                 "--valid-from", "2027-01-01"])
        #expect(added.status == 0 && added.lastLine == "added X031900 from 2027-01-01", "\(added.stderr)")
        let merged = try cli.run(["unit", "merge", "X031002", "X031003", "--into", "X031900", "--last-day", "2026-12-31"])
        #expect(merged.status == 0, "\(merged.stderr)")
        func codes(_ day: String) throws -> [String] {
            try cli.run(["unit", "list", "--as-of", day]).stdout.split(separator: "\n").map { String($0.prefix { $0 != "\t" }) }
        }
        let before = try codes("2026-12-31"), after = try codes("2027-01-01")
        #expect(before.contains("X031002") && before.contains("X031003") && !before.contains("X031900"))
        #expect(!after.contains("X031002") && !after.contains("X031003") && after.contains("X031900"))
        let every = try cli.run(["unit", "list"]).stdout
        #expect(every.contains("X031002\tward\t2025-07-01..2026-12-31\t") && every.contains("\t→ X031900"))
        #expect(every.contains("X031900\tward\t2027-01-01..\tPhường Hải An"), "the name is stored tidied")

        // X031004 is in force but X031002 has ended: neither is merged.
        let again = try cli.run(["unit", "merge", "X031004", "X031002", "--into", "X031900", "--last-day", "2027-03-31"])
        #expect(again.status == 2 && again.stderr.contains("Unit X031002 does not exist, has already ended"), "\(again.stderr)")
        #expect(try codes("2027-04-01").contains("X031004"), "the merger is all or nothing")
        let orphan = try cli.run(["unit", "add", "--code", "X031901", "--name", "Xã Mới", "--kind", "commune", "--valid-from", "2027-01-01"])
        #expect(orphan.status == 2 && orphan.stderr.contains("sits under a department"))
        let itself = try cli.run(["unit", "merge", "X031900", "--into", "X031900", "--last-day", "2027-03-31"])
        #expect(itself.status == 2 && itself.stderr.contains("cannot be merged into itself"))
        let upward = try cli.run(["unit", "merge", "X031004", "--into", "SGD031", "--last-day", "2027-03-31"])
        #expect(upward.status == 2 && upward.stderr.contains("not at the level of SGD031"), "\(upward.stderr)")
        let underWard = try cli.run(["unit", "add", "--code", "X031902", "--name", "Xã Mới", "--kind", "commune", "--parent", "X031004",
                                     "--valid-from", "2027-01-01"])
        #expect(underWard.status == 2 && underWard.stderr.contains("No department X031004"), "\(underWard.stderr)")
        let badDay = try cli.run(["unit", "merge", "X031004", "--into", "X031900", "--last-day", "31/12/2026"])
        #expect(badDay.status != 0 && badDay.stderr.contains("last-day"))
    }

    /// A backup of the live database, then a change, then the restore: the change is gone and the audit chain is intact.
    /// Mistyped paths are named, exit 2, and leave nothing behind; a new database file is announced.
    @Test func backupAndRestoreThroughTheCommandLine() throws {
        let cli = try CLIProcess(.sqliteFile)
        let demo = try cli.run(["demo", "--students", "200", "--seed", "3"])
        #expect(demo.status == 0 && demo.stderr.contains("Created a new, empty database at \(cli.directory.path)/eduvn.sqlite"), "\(demo.stderr)")
        #expect(try !cli.run(["migrate"]).stderr.contains("Created a new"))
        let nowhere = cli.directory.appendingPathComponent("nowhere").path
        let noFolder = try cli.run(["backup", "--out", nowhere + "/backup.sqlite"])
        #expect(noFolder.status == 2 && noFolder.stderr.contains("There is no folder \(nowhere)"), "\(noFolder.stderr)")
        let noFile = try cli.run(["restore", nowhere + "/backup.sqlite"])
        #expect(noFile.status == 2 && noFile.stderr.contains("There is no file \(nowhere)/backup.sqlite"), "\(noFile.stderr)")
        #expect(!FileManager.default.fileExists(atPath: nowhere))
        let backup = cli.directory.appendingPathComponent("backup.sqlite").path
        let made = try cli.run(["backup", "--out", backup])
        #expect(made.status == 0 && FileManager.default.fileExists(atPath: backup), "\(made.stderr)")
        let before = cli.directory.appendingPathComponent("before.csv").path
        #expect(try cli.run(["export", "students", "--out", before]).status == 0)

        #expect(try cli.run(["user", "create", "--username", "sau-sao-luu", "--name", "Sau", "--role", "auditor"]).status == 0)
        #expect(try users(cli).contains { $0.hasPrefix("sau-sao-luu\t") })
        let restored = try cli.run(["restore", backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try !users(cli).contains { $0.hasPrefix("sau-sao-luu\t") }, "the change after the backup is gone")
        let after = cli.directory.appendingPathComponent("after.csv").path
        #expect(try cli.run(["export", "students", "--out", after]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: before)) == Data(contentsOf: URL(fileURLWithPath: after)))
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 0 && verify.stdout.contains("audit log intact"), "\(verify.stdout)")
        // The latest seal, to be recorded outside the database: a cut log shows an earlier one.
        let sealed = try cli.sql("SELECT MAX(last_id) FROM audit_seals")
        #expect(verify.lastLine.hasPrefix("latest seal: entry \(sealed), code "), "\(verify.stdout)")
    }

    /// An entry of the audit trail edited in the database behind the platform's back: `audit verify` names it, exit 2.
    @Test func aTamperedAuditTrailIsNamed() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "50", "--seed", "4"]).status == 0)
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let id = try cli.sql("SELECT MIN(id) + 3 FROM audit_log")
        try cli.sql("UPDATE audit_log SET actor = 'someone else' WHERE id = \(id)")
        let verify = try cli.run(["audit", "verify"])
        #expect(verify.status == 2 && verify.stdout.contains("audit log broken at entry \(id)"), "\(verify.stdout) \(verify.stderr)")
    }

    @Test(arguments: ["students", "schools", "classes", "staff"])
    func templatesHoldTheImportHeader(_ sheet: String) throws {
        let cli = try CLIProcess()
        let out = cli.directory.appendingPathComponent("\(sheet).csv").path
        let run = try cli.run(["export", sheet, "--template", "--out", out])
        #expect(run.status == 0 && run.lastLine == "template \(out)")
        let header = try String(contentsOfFile: out, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let required = "school_code"
        #expect(header.split(separator: ",").contains { $0 == required }, "\(header)")
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(whereSeparator: \.isNewline).count == 1, "only the header")
        let xlsx = cli.directory.appendingPathComponent("\(sheet).xlsx").path
        #expect(try cli.run(["export", sheet, "--template", "--out", xlsx]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: xlsx)).prefix(2) == Data("PK".utf8), "an XLSX is a ZIP")
    }
}
