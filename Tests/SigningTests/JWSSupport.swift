import Foundation
@testable import Signing
import Testing
import X509

/// Shared data and tools for the JWS tests. The document is JSON, as machine-readable documents
/// are, so that JOSE libraries which insist on a JSON payload (jwt-kit) can read it too.
enum JWSDemo {
    static let transcript = Array(#"{"hocSinh":"Nguyễn Thị Hoà","lop":"12A1","namHoc":"2025-2026","diemTrungBinh":8.7}"#.utf8)
    static let type = "hoc-ba+jws"
    /// A whole second: `iat` keeps no fractions.
    static let signingTime = Date(timeIntervalSince1970: 1_780_000_000)

    static func verifier(trusting pki: DemoPKI) -> JWSVerifier {
        JWSVerifier(trustedRoots: [pki.root.certificate])
    }

    /// A compact JWS with exactly this protected header, signed by `key` as `algorithm` says, whatever
    /// the header claims: for input that a correct signer would never write.
    static func compact(header: String, payload: [UInt8] = transcript, signedBy key: any SigningKey) async throws -> String {
        let protected = Base64URL.encode(Array(header.utf8))
        let jws = JWS(payload: payload, signatures: [])
        let value = try await key.algorithm.jwsSignatureValue(fromKeyOutput: key.sign(jws.signingInput(protectedHeader: protected)))
        return try JWS(payload: payload, signatures: [JWS.Signature(protectedHeader: protected, value: value)]).compactSerialization()
    }

    /// Protected header JSON as our signer writes it, with `extra` members added (raw JSON, after a comma).
    static func header(_ alg: String, certificates: [Certificate], extra: String = "") throws -> String {
        let x5c = try certificates.map { "\"\(Data(try CertificateFile.der($0)).base64EncodedString())\"" }.joined(separator: ",")
        return #"{"alg":"\#(alg)","x5c":[\#(x5c)]\#(extra.isEmpty ? "" : ",")\#(extra)}"#
    }

    /// The compact parts: protected header, payload, signature.
    static func parts(_ compact: String) -> [String] {
        compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    static func decodedJSON(_ base64url: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(Base64URL.decode(base64url.utf8))) as? [String: Any])
    }
}

/// Python JOSE libraries as independent judges of our output: PyJWT (Debian's python3-jwt) and,
/// where installed, jwcrypto. Scripts run in an `OpenSSL` scratch folder, so openssl can check the
/// same certificates.
enum Python {
    /// scripts/install-deps installs the independent checkers; under CI a missing one fails its test instead of skipping it.
    static let requiredByCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// The first interpreter that can import `module`, as the arguments that start it.
    static func command(importing module: String) -> [String]? {
        [["/usr/bin/python3"], ["/usr/bin/env", "python3"]].first { command in
            (try? run(command + ["-c", "import \(module)"], in: FileManager.default.temporaryDirectory).status) == 0
        }
    }

    static func run(_ command: [String], in folder: URL) throws -> OpenSSL.Run {
        try OpenSSL.run(URL(fileURLWithPath: command[0]), Array(command.dropFirst()), in: folder)
    }
}
