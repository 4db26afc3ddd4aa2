import Foundation
import Testing
import TestSupport

@Suite struct DocumentCLITests {
    @Test func aTemplateAndItsFieldsBecomeAPDFWithSignatureSlots() throws {
        let cli = try CLIProcess()
        var fields = try JSONDecoder().decode([String: String].self, from: Data(contentsOf: SampleDiploma.fields))
        let pdf = cli.directory.appendingPathComponent("bang.pdf").path
        let rendered = try cli.run(["document", "render", SampleDiploma.template.path, SampleDiploma.fields.path, "--out", pdf])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        #expect(rendered.stdout.contains("slot director: --page 1 --rect "))
        #expect(try Data(contentsOf: URL(fileURLWithPath: pdf)).starts(with: Data("%PDF".utf8)))

        fields["ho_ten"] = nil
        let missing = try cli.write("missing.json", String(decoding: try JSONEncoder().encode(fields), as: UTF8.self))
        let refused = try cli.run(["document", "render", SampleDiploma.template.path, missing, "--out", pdf + "2"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("ho_ten"))
        #expect(!FileManager.default.fileExists(atPath: pdf + "2"))
    }
}
