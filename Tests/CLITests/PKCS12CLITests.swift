import Foundation
import Testing
import TestSupport

/// `eduvn pki import FILE.p12` with files made by OpenSSL, as a licensed CA would issue them.
@Suite(.serialized) struct PKCS12CLITests {
    /// A test CA (trusted with `eduvn pki trust`) and a leaf certificate per key type, exported as PKCS#12.
    struct Issuer {
        let cli: CLIProcess

        func openssl(_ arguments: String...) throws {
            try openssl(arguments)
        }

        func openssl(_ arguments: [String]) throws {
            try #require(try cli.tool("/usr/bin/openssl", arguments) == 0, "openssl \(arguments.joined(separator: " "))")
        }

        func makeCA() throws {
            try openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                        "-out", "ca.pem", "-days", "30", "-subj", "/C=VN/O=Test CA/CN=Test Root",
                        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        }

        /// `keyOptions` as `openssl req -newkey` takes them; `usage` the leaf's keyUsage.
        func makeP12(_ name: String, keyOptions: [String], usage: String = "critical,digitalSignature,nonRepudiation",
                     extraExport: [String] = []) throws -> String {
            try openssl(["req", "-new", "-nodes", "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", "/C=VN/O=Trường THCS Test/CN=Nguyễn Thị Hoà", "-utf8"]
                        .withKey(keyOptions))
            try "keyUsage=\(usage)\n".write(to: cli.directory.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
            try openssl("x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                        "-days", "10", "-out", "\(name).pem", "-extfile", "\(name).ext")
            try openssl(["pkcs12", "-export", "-inkey", "\(name).key", "-in", "\(name).pem", "-certfile", "ca.pem",
                         "-passout", "pass:mật-khẩu", "-out", "\(name).p12"] + extraExport)
            return cli.directory.appendingPathComponent("\(name).p12").path
        }
    }

    @Test func importedKeysSignForEveryAcceptedKeyType() throws {
        let cli = try CLIProcess()
        let issuer = Issuer(cli: cli)
        #expect(try cli.run(["demo", "--students", "20", "--seed", "4"]).status == 0)
        try issuer.makeCA()
        #expect(try cli.run(["pki", "trust", cli.directory.appendingPathComponent("ca.pem").path]).status == 0)
        let document = try cli.write("van-bang.txt", "Bằng tốt nghiệp\n")
        let keyTypes: [(String, [String])] = [
            ("rsa2048", ["rsa:2048"]), ("rsa3072", ["rsa:3072"]), ("rsa4096", ["rsa:4096"]),
            ("p256", ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"]), ("p384", ["ec", "-pkeyopt", "ec_paramgen_curve:P-384"]),
        ]
        for (name, options) in keyTypes {
            let p12 = try issuer.makeP12(name, keyOptions: options)
            // Bound to a member of staff of the demo province.
            let imported = try cli.run(["pki", "import", p12, "--name", name, "--kind", "person", "--school", "03110001", "--staff", "GV0001"],
                                       stdin: "mật-khẩu\n")
            #expect(imported.status == 0, "\(name): \(imported.stderr)")
            let signature = cli.directory.appendingPathComponent("\(name).p7s").path
            #expect(try cli.run(["sign", "cms", "--signer", name, "--in", document, "--out", signature]).status == 0, "\(name)")
            #expect(try cli.run(["verify", signature, "--content", document]).status == 0, "\(name)")
        }
        #expect(try cli.run(["pki", "list"]).stdout.contains("rsa4096\tperson\t"))
        let p12 = try issuer.makeP12("unbound", keyOptions: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let refusals: [([String], String)] = [
            (["--kind", "person", "--school", "99999999", "--staff", "GV0001"], "No school has the code"),
            (["--kind", "person", "--school", "03110001", "--staff", "KHONGCO"], "has no staff member"),
            (["--kind", "person", "--school", "03110001"], "A person needs --school and --staff"),
            (["--kind", "seal", "--school", "03110001", "--staff", "GV0001"], "not to a member of staff"),
            (["--kind", "seal", "--unit", "KHONGCO"], "No unit has the code"),
            (["--kind", "seal"], "A seal belongs to one school (--school) or one unit (--unit)"),
            (["--kind", "seal", "--school", "03110001", "--unit", "31"], "A seal belongs to one school (--school) or one unit (--unit)"),
        ]
        for (binding, reason) in refusals {
            let refused = try cli.run(["pki", "import", p12, "--name", "unbound"] + binding, stdin: "mật-khẩu\n")
            #expect(refused.status == 2 && refused.stderr.contains(reason), "\(binding): \(refused.stderr)")
        }
        #expect(!(try cli.run(["pki", "list"]).stdout.contains("unbound")))

        // The department's own seal, bound to the department.
        let department = try cli.sql("SELECT code FROM units WHERE kind = 'department' AND valid_to IS NULL")
        let seal = try cli.run(["pki", "import", p12, "--name", "so-seal", "--kind", "seal", "--unit", department], stdin: "mật-khẩu\n")
        #expect(seal.status == 0, "\(seal.stderr)")
        let bound = try cli.sql("""
            SELECT s.kind FROM signers s JOIN units u ON u.id = s.unit_id WHERE s.name = 'so-seal' AND u.code = '\(department)'
            """)
        #expect(bound == "seal")
    }

    @Test func badFilesAndUnfitCertificatesAreRefusedClearly() throws {
        let cli = try CLIProcess()
        let issuer = Issuer(cli: cli)
        #expect(try cli.run(["demo", "--students", "10", "--seed", "7"]).status == 0)
        try issuer.makeCA()
        #expect(try cli.run(["pki", "trust", cli.directory.appendingPathComponent("ca.pem").path]).status == 0)
        let good = try issuer.makeP12("good", keyOptions: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"])
        let caOnly = try issuer.makeP12("ca-usage", keyOptions: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"], usage: "critical,keyCertSign")
        let noKey = try issuer.makeP12("no-key", keyOptions: ["ec", "-pkeyopt", "ec_paramgen_curve:P-256"], extraExport: ["-nokeys"])
        let corrupt = try cli.write("corrupt.p12", "không phải PKCS#12")
        let cases: [(String, String, String)] = [
            (good, "sai\n", "pkcs12.unreadable"), (corrupt, "mật-khẩu\n", "pkcs12.unreadable"),
            (noKey, "mật-khẩu\n", "pkcs12.incomplete"), (caOnly, "mật-khẩu\n", "signer.certificate"),
        ]
        for (file, passphrase, expected) in cases {
            let result = try cli.run(["pki", "import", file, "--name", "x", "--kind", "seal", "--school", "03110001"], stdin: passphrase)
            #expect(result.status == 2, "\(file): \(result.stderr)")
            #expect(!result.stderr.contains("Fatal error"), "\(file)")
            #expect(result.stderr.contains(expected == "signer.certificate" ? "cannot be used for signing" : (expected == "pkcs12.incomplete" ? "does not hold both" : "cannot be opened")),
                    "\(file): \(result.stderr)")
        }
        #expect(try cli.run(["pki", "list"]).stdout.isEmpty)
    }
}

private extension Array where Element == String {
    /// `openssl req` arguments with `-newkey` and its options put in.
    func withKey(_ options: [String]) -> [String] {
        [self[0], self[1], self[2], "-newkey"] + options + Array(dropFirst(3))
    }
}
