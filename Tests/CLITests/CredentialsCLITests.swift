import Foundation
import TestSupport
import Testing

/// `eduvn credentials`: import a register, issue an entry as a signed Verifiable Credential, and revoke it — checked
/// by jwcrypto (an independent JOSE library) and by reading the status list's bit ourselves in Python.
@Suite struct CredentialsCLITests {
    static let checkScript = #"""
    import base64, gzip, json, sys
    from cryptography import x509
    from jwcrypto import jwk, jws

    def verified(path):
        text = open(path).read().strip()
        header = json.loads(base64.urlsafe_b64decode(text.split(".")[0] + "=="))
        assert header["typ"] == "vc+jwt", header
        leaf = x509.load_der_x509_certificate(base64.b64decode(header["x5c"][0]))
        token = jws.JWS()
        token.deserialize(text)
        token.verify(jwk.JWK.from_pyca(leaf.public_key()), alg=header["alg"])
        return json.loads(token.payload)

    vc, status = verified(sys.argv[1]), verified(sys.argv[2])
    entry = vc["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry" and entry["statusListCredential"] == status["id"], (entry, status["id"])
    encoded = status["credentialSubject"]["encodedList"]
    assert encoded[0] == "u"
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert len(bits) * 8 >= 131072
    index = int(entry["statusListIndex"])
    print(vc["credentialSubject"]["name"], vc["type"][1], "revoked" if bits[index // 8] & (0x80 >> (index % 8)) else "valid")
    """#

    @Test func issueAVerifiableCredentialAndRevokeIt() throws {
        let cli = try CLIProcess()
        let seal = try Self.demoSeal(cli)
        let register = try cli.write("so-goc.csv", """
            credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date
            THPT,AB0012345,123/2005,Nguyễn Văn An,1987-03-04,Nam,Hải Phòng,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20
            THPT,AB0012346,124/2005,Trần Thị Bình,1987-11-12,Nữ,Hải Dương,THPT Nguyễn Trãi,2005,456/QĐ-SGDĐT,2005-07-20
            """)
        #expect(try cli.run(["credentials", "import", register, "--dry-run"]).stdout.contains("dry run: created 2"))
        #expect(try cli.run(["credentials", "import", register]).stdout.contains("created 2, unchanged 0"))
        // Not yet checked against the paper register: not issued. The same file imported again with the comparison's
        // record checks both entries.
        let unchecked = try cli.run(["credentials", "issue-vc", "--serial", "AB0012345", "--signer", seal, "--out", cli.directory.appendingPathComponent("x.jwt").path])
        #expect(unchecked.status == 2 && unchecked.stderr.contains("chưa được đối chiếu"), "\(unchecked.stderr)")
        let checked = try cli.run(["credentials", "import", register, "--verified-by", "Biên bản đối chiếu 3/2026"])
        #expect(checked.lastLine == "created 0, unchanged 2, rejected 0, checked 2", "\(checked.stdout)\(checked.stderr)")
        // The same register typed in the legacy encodings (glibc's iconv makes the bytes): converted, it is the same register.
        for (charset, name) in [("TCVN5712-1", "TCVN3 (ABC)"), ("WINDOWS-1258", "Windows-1258")] {
            let legacy = cli.directory.appendingPathComponent("so-goc-\(charset).csv").path
            #expect(try ExternalProgram.run("/bin/sh", ["-c", "iconv -f UTF-8 -t \(charset) '\(register)' > '\(legacy)'"]).status == 0)
            let converted = try cli.run(["credentials", "import", legacy])
            #expect(converted.stdout.contains("Converted 9 cells from \(name) to Unicode"), "\(converted.stdout)")
            #expect(converted.lastLine == "created 0, unchanged 2, rejected 0", "\(converted.stdout) \(converted.stderr)")
        }

        let vc = cli.directory.appendingPathComponent("an.jwt").path, status = cli.directory.appendingPathComponent("status.jwt").path
        let issued = try cli.run(["credentials", "issue-vc", "--serial", "AB0012345", "--signer", seal, "--out", vc])
        #expect(issued.status == 0, "\(issued.stderr)")
        #expect(try cli.run(["credentials", "status-list", "--signer", seal, "--out", status]).status == 0)
        let script = try cli.write("check.py", Self.checkScript)
        let before = try ExternalProgram.run("/usr/bin/env", ["python3", script, vc, status])
        #expect(before.status == 0)
        #expect(before.output == "Nguyễn Văn An OpenBadgeCredential valid\n", "\(before.output)")

        let revoked = try cli.run(["credentials", "revoke", "--serial", "AB0012345", "--ground", "a", "--decision", "78/QĐ-SGDĐT",
                                   "--decision-date", "2026-11-20"])
        #expect(revoked.status == 0, "\(revoked.stderr)")
        #expect(try cli.run(["credentials", "status-list", "--signer", seal, "--out", status]).status == 0)
        let after = try ExternalProgram.run("/usr/bin/env", ["python3", script, vc, status])
        #expect(after.output == "Nguyễn Văn An OpenBadgeCredential revoked\n", "\(after.output)")

        let again = try cli.run(["credentials", "issue-vc", "--serial", "AB0012345", "--signer", seal, "--out", vc + "2"])
        #expect(again.status == 2, "a revoked entry is never issued again")
        #expect(again.stderr.contains("thu hồi"))
        let tampered = try String(contentsOfFile: vc, encoding: .utf8).replacingOccurrences(of: ".ey", with: ".eX")
        let tamperedPath = try cli.write("tampered.jwt", tampered)
        #expect(try ExternalProgram.run("/usr/bin/env", ["python3", script, tamperedPath, status]).status != 0)

        // A batch for the year: the revoked entry is left out; run again, it issues nothing more, and a file lost after
        // its record (an interruption between the two) is issued again.
        let batch = cli.directory.appendingPathComponent("dot-2005").path
        let batchRun = { try cli.run(["credentials", "issue-batch", "--year", "2005", "--signer", seal, "--out-dir", batch]) }
        let first = try batchRun()
        #expect(first.status == 0 && first.lastLine.hasPrefix("issued 1, already issued 0"), "\(first.stdout)\(first.stderr)")
        let binhVC = batch + "/AB0012346.jwt"
        #expect(FileManager.default.fileExists(atPath: binhVC) && !FileManager.default.fileExists(atPath: batch + "/AB0012345.jwt"))
        #expect(try ExternalProgram.run("/usr/bin/env", ["python3", script, binhVC, status]).output == "Trần Thị Bình OpenBadgeCredential valid\n")
        #expect(try batchRun().lastLine.hasPrefix("issued 0, already issued 1"))
        try FileManager.default.removeItem(atPath: binhVC)
        #expect(try batchRun().lastLine.hasPrefix("issued 1, already issued 0"))
        #expect(FileManager.default.fileExists(atPath: binhVC))
        let nothing = try cli.run(["credentials", "issue-batch", "--year", "1990", "--signer", seal, "--out-dir", batch])
        #expect(nothing.status == 2 && nothing.stderr.contains("nothing to issue"), "\(nothing.stderr)")

        // A correction by decision; the history shows it and keeps the values before.
        let corrected = try cli.run(["credentials", "correct", "--serial", "AB0012346", "--set", "full_name=Trần Thị Bính",
                                     "--set", "birthplace=Hải Dương (cũ)", "--decision", "80/QĐ-SGDĐT", "--decision-date", "2026-11-21"])
        #expect(corrected.status == 0 && corrected.stdout.contains("corrected AB0012346: birthplace, full_name"), "\(corrected.stderr)")
        for refused in [["--set", "serial=X"], ["--set", "full_name"], [], ["--set", "school=A", "--set", "school=B"]] {
            let result = try cli.run(["credentials", "correct", "--serial", "AB0012346", "--decision", "81", "--decision-date", "2026-11-21"] + refused)
            #expect(result.status == 2, "\(refused): \(result.stderr)")
        }
        #expect(try cli.run(["credentials", "correct", "--serial", "ZZ0000000", "--set", "school=X", "--decision", "81",
                             "--decision-date", "2026-11-21"]).stderr.contains("No such serial"))
        let history = try cli.run(["credentials", "history", "--serial", "ab0012346"]).stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(history.count == 2, "\(history)")
        #expect(history.first?.prefix(2) == ["AB0012346", "corrected"])
        let event = try #require(history.last)
        #expect(event[1] == "corrected" && event[2] == "80/QĐ-SGDĐT" && event[3] == "2026-11-21", "\(event)")
        #expect(event[5].contains("Trần Thị Bình") && event[6].contains("Trần Thị Bính"), "\(event)")
        let revokedHistory = try cli.run(["credentials", "history", "--serial", "AB0012345"]).stdout
        #expect(revokedHistory.contains("revoked\t78/QĐ-SGDĐT\t2026-11-20\ta\t"), "\(revokedHistory)")
    }

    /// Logging a credential's signature and recording its issuance are one transaction: when the record cannot be
    /// stored (here a trigger refuses it), the transparency log does not keep the signature and no file is written.
    @Test func aCredentialIsLoggedOnlyWithItsIssuance() throws {
        // SQLite's trigger syntax makes the issuance fail.
        let cli = try CLIProcess(.sqliteFile)
        let seal = try Self.demoSeal(cli)
        let register = try cli.write("so-goc.csv", """
            credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date
            THPT,AB0012345,123/2005,Nguyễn Văn An,1987-03-04,Nam,Hải Phòng,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20
            """)
        #expect(try cli.run(["credentials", "import", register, "--verified-by", "Biên bản 1"]).status == 0)
        let database = cli.directory.appendingPathComponent("eduvn.sqlite").path
        func count(_ table: String) throws -> String {
            try ExternalProgram.run("/usr/bin/sqlite3", [database, "SELECT COUNT(*) FROM \(table)"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let logged = try count("transparency_entries")
        #expect(try cli.tool("/usr/bin/sqlite3", [database, """
            CREATE TRIGGER refuse_issuance BEFORE INSERT ON credential_issuances BEGIN SELECT RAISE(ABORT, 'no issuance today'); END
            """]) == 0)
        let vc = cli.directory.appendingPathComponent("an.jwt").path
        let refused = try cli.run(["credentials", "issue-vc", "--serial", "AB0012345", "--signer", seal, "--out", vc])
        #expect(refused.status != 0 && refused.stderr.contains("no issuance today"), "\(refused.stdout)\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: vc))
        let loggedRefused = try count("transparency_entries"), issuedRefused = try count("credential_issuances")
        #expect(loggedRefused == logged && issuedRefused == "0")

        #expect(try cli.tool("/usr/bin/sqlite3", [database, "DROP TRIGGER refuse_issuance"]) == 0)
        #expect(try cli.run(["credentials", "issue-vc", "--serial", "AB0012345", "--signer", seal, "--out", vc]).status == 0)
        #expect(FileManager.default.fileExists(atPath: vc))
        let loggedAfter = try count("transparency_entries"), issued = try count("credential_issuances")
        #expect(Int(loggedAfter) == Int(logged).map { $0 + 1 } && issued == "1")
    }

    /// A demo province with the demo PKI: the name of its first seal.
    private static func demoSeal(_ cli: CLIProcess) throws -> String {
        #expect(try cli.run(["demo", "--students", "20", "--seed", "5"]).status == 0)
        #expect(try cli.run(["pki", "init-demo"]).status == 0)
        let lines: [[Substring]] = try cli.run(["pki", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t") }
        return try #require(lines.first { $0.count > 1 && $0[1] == "seal" }.map { String($0[0]) })
    }

    /// A register of `count` entries (serials KL0000000…), written to `name`; `from` shifts the numbering.
    private static func register(_ cli: CLIProcess, _ name: String, count: Int, from: Int = 0) throws -> String {
        let lines = (from..<from + count).map { index in
            "THPT,KL\(String(format: "%07d", index)),\(index)/2005,Mai Văn \(["An", "Bình", "Cường", "Dũng"][index % 4]),1987-01-01,Nam,Hải Phòng,THPT A,2005,1/QĐ,2005-07-01"
        }
        return try cli.write(name, (["credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date"]
                                    + lines).joined(separator: "\n"))
    }

    private static func count(_ cli: CLIProcess, _ table: String) throws -> Int {
        Int(try cli.sql("SELECT COUNT(*) FROM \(table)")) ?? -1
    }

    /// Kills a register import with SIGKILL while it writes: nothing of it is stored, and the same file imports whole
    /// afterwards.
    @Test func killingARegisterImportLeavesTheRegisterAsBefore() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["credentials", "import", try Self.register(cli, "dau.csv", count: 10)]).status == 0)
        let file = try Self.register(cli, "so-goc.csv", count: 30_000)
        let process = try cli.startWriting(["credentials", "import", file])
        #expect(process.isRunning, "the import finished before it could be killed: make the file larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Self.count(cli, "credential_entries") == 10)
        #expect(try cli.run(["audit", "verify"]).status == 0)
        let again = try cli.run(["credentials", "import", file])
        #expect(again.lastLine == "created 29990, unchanged 10, rejected 0", "\(again.stdout)\(again.stderr)")
    }

    /// Kills an issuance batch with SIGKILL in the middle: every credential written is recorded (none half-issued),
    /// and running the batch again issues exactly the rest.
    @Test func killingAnIssuanceBatchLeavesNoHalfIssuedCredential() throws {
        let cli = try CLIProcess()
        let seal = try Self.demoSeal(cli)
        #expect(try cli.run(["credentials", "import", try Self.register(cli, "so-goc.csv", count: 300), "--verified-by", "Biên bản 1"]).status == 0)
        let folder = cli.directory.appendingPathComponent("dot-2005")
        let (process, _, _) = try cli.start(["credentials", "issue-batch", "--year", "2005", "--signer", seal, "--out-dir", folder.path])
        let deadline = Date().addingTimeInterval(300)
        func written() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".jwt") }
        }
        while process.isRunning, Date() < deadline, written().count < 20 { usleep(2_000) }
        #expect(process.isRunning, "the batch finished before it could be killed: give it more entries")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let files = written(), recorded = try Self.count(cli, "credential_issuances")
        #expect(files.count <= recorded && recorded < 300, "files \(files.count), recorded \(recorded)")
        for name in files {
            let jws = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(jws.split(separator: ".").count == 3, "\(name) is whole")
        }
        let rest = try cli.run(["credentials", "issue-batch", "--year", "2005", "--signer", seal, "--out-dir", folder.path])
        #expect(rest.status == 0 && rest.lastLine.hasPrefix("issued \(300 - files.count), already issued \(files.count)"), "\(rest.stdout)\(rest.stderr)")
        let issuances = try Self.count(cli, "credential_issuances")
        #expect(written().count == 300 && issuances == 300 + recorded - files.count)
    }

    /// Blanks from the command line: a receipt, one issued by importing an entry on it, one spoiled, the report; a
    /// bad range or a second spoiling exits 2 with the reason.
    @Test func blanksFromStockToTheRegister() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["credentials", "blanks", "receive", "--kind", "THPT", "--from", "AB0000001", "--to", "AB0000004",
                             "--document", "Phiếu nhập 12/2026"]).stdout.contains("4 phôi nhập kho"))
        let reversed = try cli.run(["credentials", "blanks", "receive", "--kind", "THPT", "--from", "AB0000009", "--to", "AB0000005", "--document", "x"])
        #expect(reversed.status == 2 && reversed.stderr.contains("từ nhỏ đến lớn"))
        let register = try cli.write("so-goc.csv", """
            credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date
            THPT,AB0000001,1/2026,Nguyễn Văn An,2008-03-04,Nam,Hải Phòng,THPT Trần Phú,2026,456/QĐ-SGDĐT,2026-07-20
            """)
        #expect(try cli.run(["credentials", "import", register]).status == 0)
        #expect(try cli.run(["credentials", "blanks", "spoil", "AB0000002", "--reason", "In lệch"]).status == 0)
        let twice = try cli.run(["credentials", "blanks", "spoil", "AB0000002", "--reason", "In lệch"])
        #expect(twice.status == 2 && twice.stderr.contains("Hỏng"))
        let shown = try cli.run(["credentials", "blanks", "show", "AB0000001"]).stdout
        #expect(shown.contains("Đã cấp") && shown.contains("received") && shown.contains("issued"))
        #expect(try cli.run(["credentials", "blanks", "report"]).stdout.contains("THPT: received 2, issued 1, spoiled 1, cancelled 0"))
        // Custody after a merger: the register imported under the default issuer goes to the new department.
        #expect(try cli.run(["credentials", "custody", "transfer", "--from", "Sở Giáo dục và Đào tạo", "--to", "Sở GDĐT Hải Phòng",
                             "--since", "2025-07-01", "--decision", "QĐ 1/2025"]).status == 0)
        let custody = try cli.run(["credentials", "custody", "list"]).stdout
        #expect(custody.contains("Sở Giáo dục và Đào tạo\tSở GDĐT Hải Phòng") && custody.contains("2025-07-01"))
        let nothing = try cli.run(["credentials", "custody", "transfer", "--from", "Sở Giáo dục và Đào tạo", "--to", "Sở GDĐT Hà Nội",
                                   "--since", "2025-07-01", "--decision", "QĐ 2"])
        #expect(nothing.status == 2 && nothing.stderr.contains("hiện không giữ sổ gốc nào"))
        // No registry students here: the holder is listed as not linked.
        let unlinked = cli.directory.appendingPathComponent("chua-lien-ket.csv").path
        #expect(try cli.run(["credentials", "link-holders", "--unlinked-out", unlinked]).stdout.contains("0 đã liên kết, 1 chưa"))
        #expect(try String(contentsOfFile: unlinked, encoding: .utf8).contains("AB0000001,Nguyễn Văn An,2008-03-04,no_match"))
    }

    /// `page_image` names a scan in the `--scans` folder (by default the register file's own folder).
    @Test func pageScansFromAFolder() throws {
        let cli = try CLIProcess()
        let scans = cli.directory.appendingPathComponent("anh-so-goc")
        try FileManager.default.createDirectory(at: scans, withIntermediateDirectories: true)
        try Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]).write(to: scans.appendingPathComponent("trang-12.jpg"))
        let register = try cli.write("so-goc.csv", """
            credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date,page_image
            THPT,AB0012345,123/2005,Nguyễn Văn An,1987-03-04,Nam,Hải Phòng,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20,trang-12.jpg
            THPT,AB0012346,124/2005,Trần Thị Bình,1987-11-12,Nữ,Hải Dương,THPT Trần Phú,2005,456/QĐ-SGDĐT,2005-07-20,trang-12.jpg
            """)
        let elsewhere = try cli.run(["credentials", "import", register])
        #expect(elsewhere.status == 2 && elsewhere.stderr.contains("trang-12.jpg") && elsewhere.stderr.contains("No such file in the scans folder"),
                "\(elsewhere.stderr)")
        let imported = try cli.run(["credentials", "import", register, "--scans", scans.path])
        #expect(imported.lastLine == "created 2, unchanged 0, rejected 0, page scans: 1 named, 1 stored, 0 given to entries registered earlier",
                "\(imported.stdout) \(imported.stderr)")
    }
}
