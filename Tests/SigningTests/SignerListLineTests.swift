import Signing
import Testing

/// `eduvn pki list` prints one signer a line, four tab-separated fields, whatever the certificate's subject holds.
@Suite struct SignerListLineTests {
    @Test func tabsAndLineBreaksInsideAFieldAreEscaped() {
        let signer = SignerSummary(name: "con dấu\tsở", kind: "seal", subject: "CN=Trường A\nO=B\\C\r",
                                   notAfter: "2028-11-24T10:00:00.000Z", isDemo: false)
        let fields = signer.listLine.split(separator: "\t", omittingEmptySubsequences: false)
        #expect(!signer.listLine.contains("\n") && !signer.listLine.contains("\r"))
        #expect(fields == [#"con dấu\tsở"#, "seal", #"CN=Trường A\nO=B\\C\r"#, "2028-11-24T10:00:00.000Z"])
    }
}
