import Foundation
import JWTKit
@testable import Signing
import Testing
import X509

/// Independent JOSE implementations read what we write: jwt-kit in process, PyJWT and jwcrypto in
/// Python (with OpenSSL underneath), and openssl for the x5c chain.
@Suite struct JWSInteropTests {
    /// The test document, as a JWT library wants a payload: a Codable type.
    struct Transcript: JWTPayload, Equatable {
        let hocSinh: String
        let lop: String
        let namHoc: String
        let diemTrungBinh: Double

        func verify(using _: some JWTAlgorithm) async throws {}
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func jwtKitAcceptsOurCompactJWS(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let compact = try await pki.issue(for: Demo.teacher, algorithm: algorithm).jwsSigner()
            .sign(JWSDemo.transcript, type: JWSDemo.type).compactSerialization()

        let transcript = try await X5CVerifier(rootCertificates: [pki.root.certificate]).verifyJWS(compact, as: Transcript.self)

        #expect(transcript == Transcript(hocSinh: "Nguyễn Thị Hoà", lop: "12A1", namHoc: "2025-2026", diemTrungBinh: 8.7))
        // The same reader refuses another root and a changed payload, so its yes above means something.
        await #expect(throws: (any Error).self) {
            try await X5CVerifier(rootCertificates: [Demo.pki().root.certificate]).verifyJWS(compact, as: Transcript.self)
        }
        var parts = JWSDemo.parts(compact)
        parts[1] = Base64URL.encode(Array(#"{"hocSinh":"Nguyễn Thị Hoà","lop":"12A1","namHoc":"2025-2026","diemTrungBinh":9.7}"#.utf8))
        await #expect(throws: (any Error).self) {
            try await X5CVerifier(rootCertificates: [pki.root.certificate]).verifyJWS(parts.joined(separator: "."), as: Transcript.self)
        }
    }

    /// PyJWT checks the signature with the key of the first x5c certificate; openssl checks that
    /// certificate's chain, from the rest of x5c, against our root. No Swift code judges either step.
    static let pyJWTScript = #"""
    import base64, json, sys
    import jwt
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    token = open(sys.argv[1]).read()
    header = jwt.get_unverified_header(token)
    certificates = [x509.load_der_x509_certificate(base64.b64decode(c)) for c in header["x5c"]]
    payload = jwt.PyJWS().decode(token, key=certificates[0].public_key(), algorithms=[header["alg"]])
    open("leaf.pem", "wb").write(certificates[0].public_bytes(Encoding.PEM))
    open("chain.pem", "wb").write(b"".join(c.public_bytes(Encoding.PEM) for c in certificates[1:]))
    print(json.dumps({"alg": header["alg"], "typ": header.get("typ"), "iat": header["iat"], "payload": payload.decode()}, ensure_ascii=False))
    """#

    @Test(.enabled(if: Python.command(importing: "jwt") != nil || Python.requiredByCI), arguments: SigningAlgorithm.allCases)
    func pyJWTAndOpenSSLAcceptOurCompactJWS(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let compact = try await pki.issue(for: Demo.teacher, algorithm: algorithm).jwsSigner()
            .sign(JWSDemo.transcript, type: JWSDemo.type, signingTime: JWSDemo.signingTime).compactSerialization()
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(compact, to: "token.jws")
        try openssl.write(Self.pyJWTScript, to: "check.py")
        try openssl.write(certificates: [pki.root.certificate], to: "root.pem")
        let python = try #require(Python.command(importing: "jwt"))

        let checked = try Python.run(python + ["check.py", "token.jws"], in: openssl.folder)
        #expect(checked.status == 0, "\(checked.output)")
        let report = try #require(JSONSerialization.jsonObject(with: Data(checked.output.utf8)) as? [String: Any])
        #expect(report["alg"] as? String == algorithm.rawValue)
        #expect(report["typ"] as? String == JWSDemo.type)
        #expect(report["iat"] as? Int == 1_780_000_000)
        #expect(report["payload"] as? String == String(decoding: JWSDemo.transcript, as: UTF8.self))

        let chain = try openssl.run("verify", "-x509_strict", "-CAfile", "root.pem", "-untrusted", "chain.pem", "leaf.pem")
        #expect(chain.status == 0 && chain.output.contains("leaf.pem: OK"), "\(chain.output)")

        var parts = JWSDemo.parts(compact)
        parts[1] = Base64URL.encode(Array("{}".utf8))
        try openssl.write(parts.joined(separator: "."), to: "tampered.jws")
        let tampered = try Python.run(python + ["check.py", "tampered.jws"], in: openssl.folder)
        #expect(tampered.status != 0 && tampered.output.contains("Signature verification failed"), "\(tampered.output)")
    }

    /// jwcrypto reads both JSON serialisations itself; each signature is checked with its own x5c key.
    static let jwcryptoScript = #"""
    import base64, json, sys
    from cryptography import x509
    from jwcrypto import jwk, jws

    text = open(sys.argv[1]).read()
    document = json.loads(text)
    entries = document.get("signatures", [document])
    token = jws.JWS()
    token.deserialize(text)
    for entry in entries:
        protected = json.loads(base64.urlsafe_b64decode(entry["protected"] + "=" * (-len(entry["protected"]) % 4)))
        leaf = x509.load_der_x509_certificate(base64.b64decode(protected["x5c"][0]))
        token.verify(jwk.JWK.from_pyca(leaf.public_key()), alg=protected["alg"])
        print(protected["alg"], leaf.subject.rfc4514_string())
    print(token.payload.decode())
    """#

    @Test(.enabled(if: Python.command(importing: "jwcrypto") != nil || Python.requiredByCI))
    func jwcryptoAcceptsOurJSONSerialisations() async throws {
        let pki = try Demo.pki()
        let byTeacher = try await pki.issue(for: Demo.teacher, algorithm: .ecdsaP384SHA384).jwsSigner().sign(JWSDemo.transcript)
        let byBoth = try await pki.issue(for: Demo.seal, algorithm: .rsaPKCS1SHA256).jwsSigner().addSignature(to: byTeacher)
        let openssl = try OpenSSL()
        defer { openssl.removeFolder() }
        try openssl.write(Self.jwcryptoScript, to: "check.py")
        try openssl.write(try byTeacher.flattenedJSONSerialization(), to: "flattened.json")
        try openssl.write(byBoth.generalJSONSerialization(), to: "general.json")
        let python = try #require(Python.command(importing: "jwcrypto"))

        let flattened = try Python.run(python + ["check.py", "flattened.json"], in: openssl.folder)
        #expect(flattened.status == 0, "\(flattened.output)")
        #expect(flattened.output.hasPrefix("ES384 "))
        let general = try Python.run(python + ["check.py", "general.json"], in: openssl.folder)
        #expect(general.status == 0, "\(general.output)")
        let lines = general.output.split(separator: "\n")
        #expect(lines.count == 3 && lines[0].hasPrefix("ES384 ") && lines[1].hasPrefix("RS256 "), "\(general.output)")
        #expect(lines.last.map(String.init) == String(decoding: JWSDemo.transcript, as: UTF8.self))

        let tampered = String(decoding: byBoth.generalJSONSerialization(), as: UTF8.self)
            .replacingOccurrences(of: Base64URL.encode(JWSDemo.transcript), with: Base64URL.encode(Array("{}".utf8)))
        try openssl.write(tampered, to: "tampered.json")
        #expect(try Python.run(python + ["check.py", "tampered.json"], in: openssl.folder).status != 0)
    }
}
