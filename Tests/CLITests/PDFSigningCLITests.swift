import Foundation
import Testing
import TestSupport

/// The diploma workflow from the command line: render, sign three times in order, verify.
@Suite(.serialized) struct PDFSigningCLITests {
    @Test func aRenderedDiplomaIsSignedInTurnAndVerified() throws {
        let cli = try CLIProcess()
        #expect(try cli.run(["demo", "--students", "40", "--seed", "8"]).status == 0)
        #expect(try cli.run(["pki", "init-demo"]).status == 0)
        let signers = try cli.run(["pki", "list"]).stdout.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        let people = signers.filter { $0[1] == "person" }.map { $0[0] }, seals = signers.filter { $0[1] == "seal" }.map { $0[0] }
        try #require(people.count >= 2 && !seals.isEmpty)

        var pdf = cli.directory.appendingPathComponent("bang-0.pdf").path
        let rendered = try cli.run(["document", "render", SampleDiploma.template.path, SampleDiploma.fields.path, "--out", pdf])
        #expect(rendered.status == 0)
        // The seal goes into the slot the template laid out for it.
        let sealSlot = try #require(rendered.stdout.split(separator: "\n").first { $0.hasPrefix("slot seal:") })
            .split(separator: " ").dropFirst(2).map(String.init)
        #expect(try cli.run(["verify", pdf]).status == 1)  // no signatures yet

        for (step, signer) in [people[0], people[1], seals[0]].enumerated() {
            let next = cli.directory.appendingPathComponent("bang-\(step + 1).pdf").path
            let timestamp = step == 2 ? ["--timestamp"] + sealSlot : []
            let signed = try cli.run(["sign", "pdf", "--signer", signer, "--in", pdf, "--out", next] + timestamp)
            #expect(signed.status == 0, "\(signed.stderr)")
            pdf = next
        }
        let verified = try cli.run(["verify", pdf])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        #expect(verified.stdout.components(separatedBy: "người ký/signer:").count == 4)
        #expect(verified.stdout.contains("dấu thời gian/time-stamp:"))
        #expect(try cli.run(["log", "verify"]).stdout.contains("3 entries"))

        var bytes = try Data(contentsOf: URL(fileURLWithPath: pdf))
        bytes[bytes.count / 3] ^= 0x01
        let tampered = cli.directory.appendingPathComponent("tampered.pdf")
        try bytes.write(to: tampered)
        #expect(try cli.run(["verify", tampered.path]).status == 1)
        let garbage = try cli.write("garbage.pdf", "%PDF-1.7\nkhông phải PDF")
        #expect(try cli.run(["verify", garbage]).status == 2)
    }
}
