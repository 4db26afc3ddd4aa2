import EduCore
import Foundation
@testable import Signing
import Testing
import X509

@Suite struct JWSSignatureTests {
    enum Serialization: String, CaseIterable, Sendable {
        case compact, flattened, general

        func bytes(of jws: JWS) throws -> [UInt8] {
            switch self {
            case .compact: Array(try jws.compactSerialization().utf8)
            case .flattened: try jws.flattenedJSONSerialization()
            case .general: jws.generalJSONSerialization()
            }
        }
    }

    @Test(arguments: SigningAlgorithm.allCases, Serialization.allCases)
    func ourSignatureVerifiesAsTrusted(_ algorithm: SigningAlgorithm, _ serialization: Serialization) async throws {
        let pki = try Demo.pki()
        let teacher = try pki.issue(for: Demo.teacher, algorithm: algorithm)
        let jws = try await teacher.jwsSigner().sign(JWSDemo.transcript, type: JWSDemo.type, signingTime: JWSDemo.signingTime)

        let result = try await JWSDemo.verifier(trusting: pki).verify(serialization.bytes(of: jws))

        #expect(result.isTrusted)
        #expect(result.payload == JWSDemo.transcript)
        let signature = try #require(result.signatures.first)
        #expect(result.signatures.count == 1)
        #expect(signature.status == .trusted)
        #expect(signature.signer == teacher.certificate)
        #expect(signature.algorithm == algorithm)
        #expect(signature.signingTime == JWSDemo.signingTime)
        #expect(signature.type == JWSDemo.type)
        #expect(signature.chain == [teacher.certificate, pki.issuingCA.certificate, pki.root.certificate])
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func theProtectedHeaderCarriesAlgChainAndTime(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let seal = try pki.issue(for: Demo.seal, algorithm: algorithm)
        let jws = try await seal.jwsSigner().sign(JWSDemo.transcript, signingTime: JWSDemo.signingTime)
        let header = try JWSDemo.decodedJSON(#require(jws.signatures.first).protectedHeader)

        #expect(Set(header.keys) == ["alg", "x5c", "iat"])
        #expect(header["alg"] as? String == algorithm.rawValue)
        #expect(header["iat"] as? Int == 1_780_000_000)
        let x5c = try #require(header["x5c"] as? [String])
        #expect(try x5c.map { try Certificate(derEncoded: Array(#require(Data(base64Encoded: $0)))) }
            == [seal.certificate, pki.issuingCA.certificate])
    }

    /// JWA's sizes (RFC 7518 §3.4): R ‖ S of 32 or 48 bytes each for ECDSA, not the DER a SigningKey returns.
    @Test(arguments: [(SigningAlgorithm.ecdsaP256SHA256, 64), (.ecdsaP384SHA384, 96), (.rsaPKCS1SHA256, 384)])
    func signatureValuesHaveJWASizes(_ algorithm: SigningAlgorithm, _ size: Int) async throws {
        let signer = try Demo.pki().issue(for: Demo.seal, algorithm: algorithm).jwsSigner()
        for _ in 0..<20 {
            let jws = try await signer.sign(JWSDemo.transcript)
            #expect(jws.signatures.map(\.value.count) == [size])
        }
    }

    @Test(arguments: Serialization.allCases)
    func aChangedPayloadHeaderOrSignatureIsInvalid(_ serialization: Serialization) async throws {
        let pki = try Demo.pki()
        let signer = try pki.issue(for: Demo.seal).jwsSigner()
        let jws = try await signer.sign(JWSDemo.transcript, type: JWSDemo.type, signingTime: JWSDemo.signingTime)
        let original = try #require(jws.signatures.first)
        let otherHeader = try await signer.sign(JWSDemo.transcript, type: "other+jws", signingTime: JWSDemo.signingTime)
        let tampered = [
            JWS(payload: Demo.flipping(5, in: JWSDemo.transcript), signatures: jws.signatures),
            JWS(payload: jws.payload, signatures: [JWS.Signature(protectedHeader: otherHeader.signatures[0].protectedHeader,
                                                                 value: original.value)]),
            JWS(payload: jws.payload, signatures: [JWS.Signature(protectedHeader: original.protectedHeader,
                                                                 value: Demo.flipping(7, in: original.value))]),
        ]
        for jws in tampered {
            let result = try await JWSDemo.verifier(trusting: pki).verify(serialization.bytes(of: jws))
            #expect(result.signatures.map(\.status) == [.invalidSignature])
            #expect(!result.isTrusted)
        }
    }

    @Test func aSignerFromAnotherRootIsUntrusted() async throws {
        let ours = try Demo.pki()
        // Same department, same names: only the keys differ, so the chain must fail on signatures, not names.
        let impostor = try Demo.pki()
        let jws = try await impostor.issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript)

        let result = try await JWSDemo.verifier(trusting: ours).verify(Array(jws.compactSerialization().utf8))

        #expect(result.signatures.map(\.status) == [.untrustedRoot])
        #expect(result.signatures.allSatisfy { $0.chain.isEmpty })
    }

    @Test func validityIsJudgedAtTheChosenTime() async throws {
        let lastYear = DateInterval(start: Date().addingTimeInterval(-400 * 86_400), duration: 200 * 86_400)
        let pki = try DemoPKI(department: Demo.department, now: lastYear.start)
        let teacher = try pki.issue(for: Demo.teacher, validity: lastYear)
        let signingTime = Date(timeIntervalSince1970: (lastYear.start.timeIntervalSince1970 + 100 * 86_400).rounded(.down))
        let jws = try await teacher.jwsSigner().sign(JWSDemo.transcript, signingTime: signingTime)
        let bytes = Array(try jws.compactSerialization().utf8)
        let verifier = JWSDemo.verifier(trusting: pki)

        #expect(try await verifier.verify(bytes).signatures.map(\.status) == [.expired])
        #expect(try await verifier.verify(bytes, checkingChainAt: .signingTime).signatures.map(\.status) == [.trusted])
        let dayBefore = lastYear.start.addingTimeInterval(-86_400)
        #expect(try await verifier.verify(bytes, checkingChainAt: .date(dayBefore)).signatures.map(\.status) == [.notYetValid])
    }

    @Test func twoSignersAreBothReported() async throws {
        let pki = try Demo.pki()
        let teacher = try pki.issue(for: Demo.teacher, algorithm: .ecdsaP384SHA384)
        let seal = try pki.issue(for: Demo.seal, algorithm: .rsaPKCS1SHA256)
        let byTeacher = try await teacher.jwsSigner().sign(JWSDemo.transcript, type: JWSDemo.type, signingTime: JWSDemo.signingTime)
        let byBoth = try await seal.jwsSigner().addSignature(to: byTeacher, type: JWSDemo.type)

        let result = try await JWSDemo.verifier(trusting: pki).verify(byBoth.generalJSONSerialization())

        #expect(result.isTrusted)
        #expect(result.signatures.map(\.signer) == [teacher.certificate, seal.certificate])
        #expect(result.signatures.map(\.algorithm) == [.ecdsaP384SHA384, .rsaPKCS1SHA256])
        #expect(result.signatures.map(\.status) == [.trusted, .trusted])
        #expect(result.signatures[0].signingTime == JWSDemo.signingTime)
        #expect(throws: EduError.compactNeedsOneSignature) { try byBoth.compactSerialization() }
        #expect(throws: EduError.compactNeedsOneSignature) { try byBoth.flattenedJSONSerialization() }
    }

    @Test func oneUntrustedCosignerMakesTheWholeUntrustedButIsNamed() async throws {
        let pki = try Demo.pki()
        let impostor = try Demo.pki()
        let byUs = try await pki.issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript)
        let byBoth = try await impostor.issue(for: Demo.teacher).jwsSigner().addSignature(to: byUs)

        let result = try await JWSDemo.verifier(trusting: pki).verify(byBoth.generalJSONSerialization())

        #expect(result.signatures.map(\.status) == [.trusted, .untrustedRoot])
        #expect(!result.isTrusted)
    }

    @Test func aCAKeyMayNotSignDocuments() async throws {
        let pki = try Demo.pki()
        let jws = try await pki.issuingCA.jwsSigner().sign(JWSDemo.transcript)

        let result = try await JWSDemo.verifier(trusting: pki).verify(Array(jws.compactSerialization().utf8))

        guard case .rejectedChain(let reasons) = result.signatures.first?.status else {
            Issue.record("Expected a rejected chain, got \(result.signatures.map(\.status))")
            return
        }
        #expect(reasons.contains { $0.contains("digitalSignature") })
    }

    @Test func theKeyMustMatchTheCertificate() throws {
        let pki = try Demo.pki()
        let seal = try pki.issue(for: Demo.seal)
        let other = try SoftwareSigningKey.generate(.ecdsaP256SHA256)
        #expect(throws: EduError.keyDoesNotMatchCertificate) {
            try JWSSigner(key: other, certificate: seal.certificate, intermediates: seal.intermediates)
        }
    }

    @Test func anEmptyPayloadCanBeSigned() async throws {
        let pki = try Demo.pki()
        let jws = try await pki.issue(for: Demo.seal).jwsSigner().sign([UInt8]())
        let compact = try jws.compactSerialization()
        #expect(JWSDemo.parts(compact)[1].isEmpty)

        let result = try await JWSDemo.verifier(trusting: pki).verify(Array(compact.utf8))

        #expect(result.payload.isEmpty)
        #expect(result.isTrusted)
    }

    @Test func aTrailingNewlineFromAFileIsIgnored() async throws {
        let pki = try Demo.pki()
        let jws = try await pki.issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript)
        #expect(try await JWSDemo.verifier(trusting: pki).verify(Array((jws.compactSerialization() + "\n").utf8)).isTrusted)
        #expect(try await JWSDemo.verifier(trusting: pki).verify(jws.generalJSONSerialization() + [0x0A]).isTrusted)
    }
}
