import Foundation
import Testing

@Suite(.serialized) struct SigningCLITests {
    @Test func demoPKISignsAndVerifiesByTheCommandLineContract() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "60", "--seed", "3"]).status == 0)
        let setUp = try cli.run(["pki", "init-demo"])
        #expect(setUp.status == 0, "\(setUp.stderr)")
        #expect(try cli.run(["pki", "init-demo"]).stdout.contains("issued 0 certificates"))

        let lines = try cli.run(["pki", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(lines.count > 3)
        #expect(lines.allSatisfy { $0.count == 4 && ["seal", "person"].contains($0[1]) && $0[2].contains("DEMO") })
        let seal = try #require(lines.first { $0[1] == "seal" }).first.map(String.init)!

        let document = try cli.write("hoc-ba.txt", "Học bạ số của Nguyễn Văn An\n")
        let signature = cli.directory.appendingPathComponent("hoc-ba.p7s").path
        #expect(try cli.run(["sign", "cms", "--signer", seal, "--in", document, "--out", signature]).status == 0)
        let verified = try cli.run(["verify", signature, "--content", document])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.contains("DEMO"))
        #expect(!verified.stdout.contains("dấu thời gian/time-stamp"))

        // CAdES-B-T: the same, with a trusted time-stamp over the signature value.
        let stamped = cli.directory.appendingPathComponent("hoc-ba-bt.p7s").path
        #expect(try cli.run(["sign", "cms", "--signer", seal, "--in", document, "--out", stamped, "--timestamp"]).status == 0)
        let stampedCheck = try cli.run(["verify", stamped, "--content", document])
        #expect(stampedCheck.status == 0 && stampedCheck.stdout.contains("dấu thời gian/time-stamp"), "\(stampedCheck.stdout)")

        // An independent verifier agrees, given the exported trust anchor.
        let root = cli.directory.appendingPathComponent("root.pem").path
        #expect(try cli.run(["pki", "export-root", "--out", root]).status == 0)
        let openssl = try run("/usr/bin/openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", signature,
                                                   "-content", document, "-CAfile", root, "-purpose", "any", "-out", "/dev/null"])
        #expect(openssl == 0)
        #expect(try run("/usr/bin/openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", stamped, "-content", document,
                                             "-CAfile", root, "-purpose", "any", "-out", "/dev/null"]) == 0)

        let record = try cli.write("hoc-ba.json", #"{"hoc_sinh":"Nguyễn Văn An","lop":"6A"}"#)
        let jws = cli.directory.appendingPathComponent("hoc-ba.jws").path
        #expect(try cli.run(["sign", "jws", "--signer", seal, "--in", record, "--out", jws]).status == 0)
        #expect(try cli.run(["verify", jws]).status == 0)
        #expect(try cli.run(["log", "verify"]).stdout.contains("3 entries"))

        let changed = try cli.write("hoc-ba-sua.txt", "Học bạ số của Nguyễn Văn Ân\n")
        #expect(try cli.run(["verify", signature, "--content", changed]).status == 1)
        let garbage = try cli.write("garbage.p7s", "not a signature")
        #expect(try cli.run(["verify", garbage, "--content", document]).status == 2)
        #expect(try cli.run(["sign", "cms", "--signer", "no-such-signer", "--in", document, "--out", signature + "2"]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: signature + "2"))

        // Production: DEMO roots are not trusted and DEMO signers may not sign.
        var production = cli
        production.environment["EDUVN_TRUST_DEMO"] = "0"
        #expect(try production.run(["verify", signature, "--content", document]).status == 1)
        #expect(try production.run(["sign", "cms", "--signer", seal, "--in", document, "--out", signature + "3"]).status == 2)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
