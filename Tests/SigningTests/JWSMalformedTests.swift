import EduCore
import Foundation
@testable import Signing
import Testing
import X509

/// Input the verifier must refuse with a `jws.*` code rather than a status, and input that is odd
/// but allowed.
@Suite struct JWSMalformedTests {
    let pki: DemoPKI
    let seal: CertifiedKey
    let chain: [Certificate]

    init() throws {
        pki = try Demo.pki()
        seal = try pki.issue(for: Demo.seal)
        chain = [seal.certificate] + seal.intermediates
    }

    private func code(of serialization: String) async -> String? {
        await code(of: Array(serialization.utf8))
    }

    private func code(of bytes: [UInt8]) async -> String? {
        do {
            _ = try await JWSDemo.verifier(trusting: pki).verify(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    /// Signed correctly by the seal's key, whatever the header says.
    private func signed(_ header: String) async throws -> String {
        try await JWSDemo.compact(header: header, signedBy: seal.key)
    }

    private func status(of serialization: String) async throws -> CMSVerification.Status? {
        try await JWSDemo.verifier(trusting: pki).verify(Array(serialization.utf8)).signatures.first?.status
    }

    @Test(arguments: ["", " \n", "abc", "a.b", "a.b.c.d", "..", "{}", "{", "[]", "null", "\"a.b.c\"", "e30.e30.e30 x",
                      #"{"payload":"e30","signatures":[]}"#, #"{"payload":"e30","protected":"e30"}"#])
    func garbageIsMalformed(_ input: String) async {
        #expect(await code(of: input) == "jws.malformed")
    }

    @Test func bytesThatAreNotTextAreMalformed() async {
        var random = SeededRandom(seed: 7)
        for length in [1, 3, 50, 1_000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            #expect(await code(of: bytes) == "jws.malformed")
        }
        #expect(await code(of: [0xFF, 0x2E, 0xFE, 0x2E, 0xFD]) == "jws.malformed")
    }

    @Test func deepNestingIsRefusedWithoutCrashing() async throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(await code(of: deep) == "jws.malformed")
        #expect(await code(of: #"{"payload":"e30","signatures":"# + deep + "}") == "jws.malformed")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1,"x":"# + deep))) == "jws.malformed")
    }

    @Test(arguments: [#"{"alg":"none"}"#, #"{"alg":"none","x5c":[]}"#])
    func algNoneIsUnsupported(_ header: String) async {
        let unsigned = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(JWSDemo.transcript) + "."
        #expect(await code(of: unsigned) == "jws.unsupported")
    }

    @Test(arguments: ["none", "HS256", "PS256", "ES512", "EdDSA", "es256"])
    func otherAlgorithmsAreUnsupported(_ alg: String) async throws {
        #expect(await code(of: try signed(JWSDemo.header(alg, certificates: chain, extra: #""iat":1"#))) == "jws.unsupported")
    }

    @Test func anAlgorithmThatDoesNotFitTheKeyIsRefused() async throws {
        // The P-256 key signs; the header claims ES384 or RS256.
        for alg in ["ES384", "RS256"] {
            #expect(await code(of: try signed(JWSDemo.header(alg, certificates: chain, extra: #""iat":1"#))) == "jws.algorithm_mismatch")
        }
        let rsaSeal = try pki.issue(for: Demo.seal, algorithm: .rsaPKCS1SHA256)
        let header = try JWSDemo.header("ES256", certificates: [rsaSeal.certificate], extra: #""iat":1"#)
        #expect(await code(of: try JWSDemo.compact(header: header, signedBy: rsaSeal.key)) == "jws.algorithm_mismatch")
    }

    @Test func aHeaderWithoutTheChainIsRefused() async throws {
        #expect(await code(of: try signed(#"{"alg":"ES256","iat":1}"#)) == "jws.certificate_missing")
        #expect(await code(of: try signed(#"{"alg":"ES256","iat":1,"x5c":[]}"#)) == "jws.certificate_missing")
        #expect(await code(of: try signed(#"{"alg":"ES256","iat":1,"x5c":["not base64!"]}"#)) == "jws.malformed")
        #expect(await code(of: try signed(#"{"alg":"ES256","iat":1,"x5c":["AAAA"]}"#)) == "jws.malformed")
        #expect(await code(of: try signed(#"{"alg":"ES256","iat":1,"x5c":"AAAA"}"#)) == "jws.malformed")
    }

    @Test func theSigningTimeIsRequiredAndUnambiguous() async throws {
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain))) == "jws.signing_time_missing")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":"1780000000""#))) == "jws.malformed")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""sigT":"yesterday""#))) == "jws.malformed")
        let both = #""iat":1780000000,"sigT":"2026-05-28T20:26:40Z""#
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: both))) == "jws.malformed")
    }

    /// JAdES before V1.2.1 (and signers built on it) write the claimed signing time as `sigT`, listed in `crit`.
    @Test func aJAdESSigTIsReadAsTheSigningTime() async throws {
        let header = try JWSDemo.header("ES256", certificates: chain, extra: #""crit":["sigT"],"sigT":"2026-05-28T20:26:40Z""#)
        let result = try await JWSDemo.verifier(trusting: pki).verify(Array(signed(header).utf8))
        #expect(result.signatures.map(\.status) == [.trusted])
        #expect(result.signatures.first?.signingTime == JWSDemo.signingTime)
    }

    @Test func critMayNameOnlyWhatIsUnderstoodAndPresent() async throws {
        func withCrit(_ extra: String) async throws -> String? {
            await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1780000000,"# + extra)))
        }
        #expect(try await withCrit(#""crit":["b64"],"b64":false"#) == "jws.unsupported")
        #expect(try await withCrit(#""crit":["exp"],"exp":1"#) == "jws.unsupported")
        #expect(try await withCrit(#""crit":[]"#) == "jws.malformed")
        #expect(try await withCrit(#""crit":["sigT"]"#) == "jws.malformed")
        #expect(try await withCrit(#""crit":["iat","iat"]"#) == "jws.malformed")
        #expect(try await withCrit(#""crit":"iat""#) == "jws.malformed")
        #expect(try await withCrit(#""crit":["iat"]"#) == nil)
    }

    @Test func repeatedNamesAreRefusedWhereverTheyAre() async throws {
        // Foundation keeps the first of two "alg"s; RFC 7515 §4 allows only the last, or a refusal.
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1,"alg":"none""#))) == "jws.malformed")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1,"\u0061lg":"ES256""#))) == "jws.malformed")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1,"x":{"a":1,"a":2}"#))) == "jws.malformed")
        #expect(await code(of: try signed(JWSDemo.header("ES256", certificates: chain, extra: #""iat":1,"x":[{"a":1},{"a":2}]"#))) == nil)

        let jws = try await seal.jwsSigner().sign(JWSDemo.transcript)
        let json = String(decoding: try jws.flattenedJSONSerialization(), as: UTF8.self)
        let repeated = json.replacingOccurrences(of: #"{"payload":"#, with: #"{"payload":"e30","payload":"#)
        #expect(await code(of: repeated) == "jws.malformed")
    }

    @Test func base64urlIsReadStrictly() async throws {
        let compact = try await seal.jwsSigner().sign(JWSDemo.transcript).compactSerialization()
        var parts = JWSDemo.parts(compact)
        // 64 bytes take 86 characters, the last carrying 4 unused bits: changing only those must not pass.
        let last = parts[2].removeLast()
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        let sameBytes = alphabet[alphabet.firstIndex(of: last)! ^ 1]
        #expect(await code(of: parts.joined(separator: ".") + String(sameBytes)) == "jws.malformed")
        #expect(await code(of: compact + "==") == "jws.malformed")
        #expect(await code(of: parts[0] + ".\(parts[1]) ." + parts[2] + String(last)) == "jws.malformed")
    }

    @Test func theHeaderMustBeAJSONObjectInUTF8() async throws {
        for header in ["[]", "\"ES256\"", "", "{\"alg\":\"ES256\""] {
            #expect(await code(of: try signed(header)) == "jws.malformed")
        }
        let notUTF8 = Base64URL.encode([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])
        #expect(await code(of: notUTF8 + "." + Base64URL.encode(JWSDemo.transcript) + ".AAAA") == "jws.malformed")
    }

    @Test func aDetachedPayloadIsUnsupported() async throws {
        let json = try await seal.jwsSigner().sign(JWSDemo.transcript).flattenedJSONSerialization()
        var object = try #require(JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
        object["payload"] = nil
        #expect(await code(of: Array(try JSONSerialization.data(withJSONObject: object))) == "jws.unsupported")
    }

    @Test func flattenedAndGeneralMembersMayNotBeMixed() async throws {
        let jws = try await seal.jwsSigner().sign(JWSDemo.transcript)
        var general = try #require(JSONSerialization.jsonObject(with: Data(jws.generalJSONSerialization())) as? [String: Any])
        general["signature"] = Base64URL.encode(jws.signatures[0].value)
        #expect(await code(of: Array(try JSONSerialization.data(withJSONObject: general))) == "jws.malformed")
    }

    @Test func anUnprotectedHeaderIsAllowedButNeverOverridesOrAddsCrit() async throws {
        let jws = try await seal.jwsSigner().sign(JWSDemo.transcript)
        func withUnprotected(_ header: [String: Any]) async throws -> [UInt8] {
            var object = try #require(JSONSerialization.jsonObject(with: Data(jws.flattenedJSONSerialization())) as? [String: Any])
            object["header"] = header
            return Array(try JSONSerialization.data(withJSONObject: object))
        }
        let extra = try await withUnprotected(["kid": "seal-2026"])
        #expect(try await JWSDemo.verifier(trusting: pki).verify(extra).isTrusted)
        #expect(await code(of: try await withUnprotected(["alg": "ES256"])) == "jws.malformed")
        #expect(await code(of: try await withUnprotected(["crit": ["iat"]])) == "jws.malformed")
    }

    @Test func aSignatureOfTheWrongLengthIsInvalidNotACrash() async throws {
        let parts = JWSDemo.parts(try await seal.jwsSigner().sign(JWSDemo.transcript).compactSerialization())
        for value in [[], [0x01], Array(repeating: UInt8(0), count: 64), Array(repeating: UInt8(0xFF), count: 65)] {
            let compact = parts[0] + "." + parts[1] + "." + Base64URL.encode(value)
            #expect(try await status(of: compact) == .invalidSignature)
        }
    }
}
