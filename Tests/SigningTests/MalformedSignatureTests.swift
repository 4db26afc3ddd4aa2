import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

@Suite struct MalformedSignatureTests {
    private struct Fixture {
        let pki: DemoPKI
        let signature: [UInt8]
        var verifier: CMSVerifier { Demo.verifier(trusting: pki) }

        init() async throws {
            pki = try Demo.pki()
            signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        }

        /// Our signature with its structure edited, re-encoded.
        func edited(_ edit: (inout SignedData) throws -> Void) throws -> [UInt8] {
            var signedData = try SignedData(contentInfo: signature)
            try edit(&signedData)
            return try signedData.contentInfoBytes()
        }

        func errorCode(verifying signature: [UInt8]) async -> String? {
            do {
                _ = try await verifier.verify(signature, of: Demo.document)
                return nil
            } catch {
                return error.code
            }
        }
    }

    /// Inputs that are not a signature at all, named so test reports stay short.
    enum Garbage: String, CaseIterable, Sendable {
        case empty, emptySequence, indefiniteLength, pemHeader, tenThousandSequenceTags, arithmeticNoise

        var bytes: [UInt8] {
            switch self {
            case .empty: []
            case .emptySequence: [0x30, 0x00]
            case .indefiniteLength: [0x30, 0x80, 0x00, 0x00]  // BER, not DER
            case .pemHeader: Array("-----BEGIN PKCS7-----".utf8)
            case .tenThousandSequenceTags: Array(repeating: 0x30, count: 10_000)
            case .arithmeticNoise: (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            }
        }
    }

    @Test(arguments: Garbage.allCases)
    func garbageIsMalformed(_ garbage: Garbage) async throws {
        #expect(try await Fixture().errorCode(verifying: garbage.bytes) == "cms.malformed")
    }

    @Test func aCertificateIsNotASignature() async throws {
        let fixture = try await Fixture()
        #expect(try await fixture.errorCode(verifying: CertificateFile.der(fixture.pki.root.certificate)) == "cms.malformed")
    }

    @Test func theEditsThemselvesLeaveAValidSignature() async throws {
        let fixture = try await Fixture()
        let unchanged = try fixture.edited { _ in }
        #expect(unchanged == fixture.signature)
        #expect(try await fixture.verifier.verify(unchanged, of: Demo.document).status == .trusted)
    }

    @Test func attachedContentIsRefused() async throws {
        let fixture = try await Fixture()
        let attached = try fixture.edited { $0.content = ASN1OctetString(contentBytes: Demo.document[...]) }
        #expect(await fixture.errorCode(verifying: attached) == "cms.not_detached")
    }

    @Test func twoSignersAreRefused() async throws {
        let fixture = try await Fixture()
        let twice = try fixture.edited { $0.signerInfos += $0.signerInfos }
        #expect(await fixture.errorCode(verifying: twice) == "cms.signer_count")
    }

    @Test func aMissingSignerCertificateIsReported() async throws {
        let fixture = try await Fixture()
        let bare = try fixture.edited { $0.certificates = [fixture.pki.issuingCA.certificate] }
        #expect(await fixture.errorCode(verifying: bare) == "cms.signer_certificate_missing")
    }

    @Test func anUnknownAlgorithmIsUnsupported() async throws {
        let fixture = try await Fixture()
        let ed25519 = try fixture.edited { $0.signerInfos[0].signatureAlgorithm = AlgorithmIdentifier(algorithm: [1, 3, 101, 112]) }
        #expect(await fixture.errorCode(verifying: ed25519) == "cms.unsupported")
    }

    @Test(arguments: [OID.contentType, OID.messageDigest, OID.signingTime, OID.signingCertificateV2])
    func everyCAdESAttributeIsRequired(_ type: ASN1ObjectIdentifier) async throws {
        let fixture = try await Fixture()
        let lacking = try fixture.edited { signedData in
            let attributes = try #require(signedData.signerInfos[0].signedAttributes).attributes
            signedData.signerInfos[0].signedAttributes = try SignedAttributes(attributes.filter { $0.type != type })
        }
        #expect(await fixture.errorCode(verifying: lacking) == "cms.not_cades")
    }

    @Test func aSigningCertificateV2ForAnotherCertificateInvalidatesTheSignature() async throws {
        let pki = try Demo.pki()
        let seal = try pki.issue(for: Demo.seal)
        let otherCertificate = try pki.issue(for: Demo.teacher).certificate
        // Signed correctly by the seal's key, but the signed attributes name another certificate.
        let attributes = try SignedAttributes([
            CMSAttribute(type: OID.contentType, value: OID.data),
            CMSAttribute(type: OID.signingTime, value: SigningTimeValue.encode(Date())),
            CMSAttribute(type: OID.messageDigest, value: ASN1OctetString(contentBytes: DigestAlgorithm.sha256.hash(Demo.document)[...])),
            CMSAttribute(type: OID.signingCertificateV2, value: SigningCertificateV2(signer: otherCertificate)),
        ])
        let signerInfo = SignerInfo(
            signer: IssuerAndSerialNumber(seal.certificate), digestAlgorithm: DigestAlgorithm.sha256.identifier,
            signedAttributes: attributes, signatureAlgorithm: try SigningAlgorithm.ecdsaP256SHA256.signatureAlgorithmIdentifier(),
            signature: ASN1OctetString(contentBytes: try await seal.key.sign(attributes.signedBytes)[...]))
        let signature = try SignedData(
            digestAlgorithms: [DigestAlgorithm.sha256.identifier], contentType: OID.data, content: nil,
            certificates: [seal.certificate, pki.issuingCA.certificate], signerInfos: [signerInfo]).contentInfoBytes()

        #expect(try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document).status == .invalidSignature)
    }
}
