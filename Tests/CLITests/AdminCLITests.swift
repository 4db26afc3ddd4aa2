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

    /// A backup of the live database, then a change, then the restore: the change is gone and the audit chain is intact.
    @Test func backupAndRestoreThroughTheCommandLine() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "200", "--seed", "3"]).status == 0)
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
        #expect(verify.status == 0 && verify.lastLine.hasPrefix("audit log intact"), "\(verify.stdout)")
    }

    /// An entry of the audit trail edited in the database behind the platform's back: `audit verify` names it, exit 2.
    @Test func aTamperedAuditTrailIsNamed() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "50", "--seed", "4"]).status == 0)
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let database = cli.directory.appendingPathComponent("eduvn.sqlite").path
        let id = try ExternalProgram.run("/usr/bin/sqlite3", ["-cmd", ".timeout 5000", database, "SELECT MIN(id) + 3 FROM audit_log"])
            .output.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try ExternalProgram.run("/usr/bin/sqlite3", ["-cmd", ".timeout 5000", database, "UPDATE audit_log SET actor = 'someone else' WHERE id = \(id)"])
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
