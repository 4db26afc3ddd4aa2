import Signing
import Testing

/// `eduvn verify`, the page and the API share DocumentVerifier: it must recognise a JWS by itself.
@Suite struct DocumentVerifierJWSTests {
    @Test func aJWSIsRecognisedInEitherSerialisationWithoutContent() async throws {
        let pki = try Demo.pki()
        let jws = try await pki.issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript, signingTime: JWSDemo.signingTime)
        let verifier = DocumentVerifier(trustedRoots: [pki.root.certificate])

        for file in [Array(try jws.compactSerialization().utf8), try jws.flattenedJSONSerialization(), jws.generalJSONSerialization()] {
            let report = try await verifier.verify(file, content: nil)
            #expect(report.format == "jws")
            #expect(report.isTrusted)
            #expect(report.signers.map(\.signingTime) == [JWSDemo.signingTime])
        }
        let other = try await Demo.pki().issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript)
        #expect(try await verifier.verify(other.generalJSONSerialization(), content: nil).signers.map(\.status) == ["untrusted_root"])
    }
}
