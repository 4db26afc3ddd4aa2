import Foundation
import Testing
import TestSupport

/// `eduvn pki add-token` and `eduvn sign … --pin-stdin` with a key on a SoftHSM2 token (made in the test's folder),
/// as a member of staff signs with a USB token: a wrong PIN signs nothing and logs nothing.
@Suite(.serialized) struct TokenCLITests {
    static let module = "/usr/lib/softhsm/libsofthsm2.so"
    static let utility = "/usr/bin/softhsm2-util"
    static let canRun = (FileManager.default.isExecutableFile(atPath: utility) && FileManager.default.fileExists(atPath: module))
        || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: canRun, "softhsm2 is not installed (scripts/install-deps installs it)"))
    func aKeyOnATokenSignsByTheCommandLineOnlyWithItsPIN() throws {
        var cli = try CLIProcess()
        let tokens = cli.directory.appendingPathComponent("tokens")
        try FileManager.default.createDirectory(at: tokens, withIntermediateDirectories: true)
        let configuration = try cli.write("softhsm2.conf", "directories.tokendir = \(tokens.path)\nobjectstore.backend = file\nlog.level = ERROR\n")
        cli.environment["SOFTHSM2_CONF"] = configuration
        func softhsm(_ arguments: String...) throws {
            try #require(try cli.tool(Self.utility, arguments) == 0, "softhsm2-util \(arguments.joined(separator: " "))")
        }
        try softhsm("--init-token", "--free", "--label", "usb-token", "--pin", "246810", "--so-pin", "13579135")

        let issuer = PKCS12CLITests.Issuer(cli: cli)
        try issuer.makeCA()
        try issuer.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "staff.key")
        try issuer.openssl("req", "-new", "-key", "staff.key", "-out", "staff.csr", "-subj", "/C=VN/O=Trường THCS Test/CN=Trần Văn Bình", "-utf8")
        _ = try cli.write("staff.ext", "keyUsage=critical,digitalSignature,nonRepudiation\n")
        try issuer.openssl("x509", "-req", "-in", "staff.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "10",
                           "-out", "staff.pem", "-extfile", "staff.ext")
        try softhsm("--import", cli.directory.appendingPathComponent("staff.key").path, "--token", "usb-token", "--label", "staff-key",
                    "--id", "01", "--pin", "246810")

        #expect(try cli.run(["demo", "--students", "20", "--seed", "6"]).status == 0)
        #expect(try cli.run(["pki", "trust", cli.directory.appendingPathComponent("ca.pem").path]).status == 0)
        let added = try cli.run(["pki", "add-token", "--name", "binh-token", "--kind", "person", "--school", "03110001", "--staff", "GV0001",
                                 "--module", Self.module, "--token", "usb-token", "--key", "staff-key",
                                 "--certificate", cli.directory.appendingPathComponent("staff.pem").path], stdin: "246810\n")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try cli.run(["pki", "list"]).stdout.contains("binh-token\tperson\t"))

        let document = try cli.write("nhan-xet.txt", "Nhận xét của giáo viên chủ nhiệm\n")
        let signature = cli.directory.appendingPathComponent("nhan-xet.p7s").path
        let signed = try cli.run(["sign", "cms", "--signer", "binh-token", "--in", document, "--out", signature, "--pin-stdin"], stdin: "246810\n")
        #expect(signed.status == 0, "\(signed.stderr)")
        #expect(try cli.run(["verify", signature, "--content", document]).status == 0)

        let refused = try cli.run(["sign", "cms", "--signer", "binh-token", "--in", document, "--out", signature + "2", "--pin-stdin"], stdin: "000000\n")
        #expect(refused.status == 2 && refused.stderr.contains("The token's PIN is wrong"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: signature + "2"))
        let withoutPIN = try cli.run(["sign", "cms", "--signer", "binh-token", "--in", document, "--out", signature + "3"])
        #expect(withoutPIN.status == 2, "\(withoutPIN.stderr)")
        #expect(!FileManager.default.fileExists(atPath: signature + "3"))
        #expect(try cli.run(["log", "verify"]).stdout.contains("intact: 1 entries"))
    }
}
