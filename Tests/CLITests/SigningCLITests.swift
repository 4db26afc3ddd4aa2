import Foundation
import Testing
import TestSupport

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
        // valid-until: an ISO 8601 time in UTC, in the future for fresh certificates.
        let validUntil = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        #expect(lines.allSatisfy { (try? validUntil.parse(String($0[3])))?.timeIntervalSinceNow ?? -1 > 86_400 }, "\(lines)")
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
        // A JWS whose payload was changed is invalid (1); one that is not a JWS at all cannot be read (2).
        let compact = try String(contentsOfFile: jws, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".")
        let otherPayload = Data(#"{"hoc_sinh":"Nguyễn Văn Ân","lop":"6A"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let forged = try cli.write("hoc-ba-sua.jws", "\(compact[0]).\(otherPayload).\(compact[2])")
        let forgedCheck = try cli.run(["verify", forged])
        #expect(forgedCheck.status == 1, "\(forgedCheck.stdout)\(forgedCheck.stderr)")
        let notJWS = try cli.write("rac.jws", "eyJhbGciOiJFUzI1NiJ9.%%%.###")
        #expect(try cli.run(["verify", notJWS]).status == 2)

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

        // An entry of the transparency log edited behind its back: `log verify` names it and exits 1.
        try cli.sql("UPDATE transparency_entries SET entry = entry || ' ' WHERE idx = 1")
        let tampered = try cli.run(["log", "verify"])
        #expect(tampered.status == 1, "\(tampered.stdout)\(tampered.stderr)")
        #expect(tampered.stdout.contains("transparency log broken"), "\(tampered.stdout)")
    }

    /// `pki revoke`: the seal stops signing, its signatures verify as revoked (exit 1), its CA's CRL lists it; a
    /// configured time-stamp authority that cannot be reached refuses the signature and writes nothing.
    @Test func revocationAndAConfiguredTimestampAuthority() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "40", "--seed", "5"]).status == 0)
        #expect(try cli.run(["pki", "init-demo"]).status == 0)
        let lines: [[Substring]] = try cli.run(["pki", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t") }
        let seals: [String] = lines.filter { $0[1] == "seal" }.map { String($0[0]) }
        try #require(seals.count >= 2)
        let document = try cli.write("bang.txt", "Bằng tốt nghiệp THCS – Phạm Thị Lan\n")
        let signature = cli.directory.appendingPathComponent("bang.p7s").path
        #expect(try cli.run(["sign", "cms", "--signer", seals[0], "--in", document, "--out", signature]).status == 0)
        let good = try cli.run(["verify", signature, "--content", document, "--require-revocation"])
        #expect(good.status == 0 && good.stdout.contains("thu hồi/revocation: Chứng thư số chưa bị thu hồi"), "\(good.stdout)")

        let revoke = try cli.run(["pki", "revoke", seals[0], "--reason", "keyCompromise"])
        #expect(revoke.status == 0 && revoke.stdout.contains("revoked \(seals[0])"), "\(revoke.stdout)\(revoke.stderr)")
        #expect(try cli.run(["pki", "revoke", seals[0]]).status == 2)
        #expect(try cli.run(["pki", "revoke", seals[0], "--reason", "tired"]).status != 0)
        let revoked = try cli.run(["verify", signature, "--content", document])
        #expect(revoked.status == 1 && revoked.stdout.contains("đã bị thu hồi"), "\(revoked.stdout)")
        let refused = try cli.run(["sign", "cms", "--signer", seals[0], "--in", document, "--out", signature + "2"])
        #expect(refused.status == 2 && refused.stderr.contains("thu hồi"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: signature + "2"))

        let crl = cli.directory.appendingPathComponent("issuing.crl").path
        #expect(try cli.run(["pki", "crl", "demo-issuing", "--out", crl]).status == 0)
        let listed = try output("/usr/bin/openssl", ["crl", "-inform", "DER", "-in", crl, "-noout", "-text"])
        #expect(listed.contains("Key Compromise"), "\(listed)")
        #expect(try cli.run(["pki", "crl", "demo-tsa", "--out", crl]).status == 2)

        var withTSA = cli
        withTSA.environment["EDUVN_TSA_URL"] = "http://127.0.0.1:1/tsa"
        let unreachable = try withTSA.run(["sign", "cms", "--signer", seals[1], "--in", document, "--out", signature + "3", "--timestamp"])
        #expect(unreachable.status == 2 && unreachable.stderr.contains("Không lấy được dấu thời gian"), "\(unreachable.stderr)")
        #expect(!FileManager.default.fileExists(atPath: signature + "3"))
        #expect(try cli.run(["log", "verify"]).stdout.contains("1 entries"))
        withTSA.environment["EDUVN_TSA_URL"] = "ftp://tsa.example.vn"
        #expect(try withTSA.run(["sign", "cms", "--signer", seals[1], "--in", document, "--out", signature + "3"]).status == 2)
    }

    private func run(_ executable: String, _ arguments: [String]) throws -> Int32 {
        try ExternalProgram.run(executable, arguments).status
    }

    private func output(_ executable: String, _ arguments: [String]) throws -> String {
        try ExternalProgram.run(executable, arguments).output
    }
}
