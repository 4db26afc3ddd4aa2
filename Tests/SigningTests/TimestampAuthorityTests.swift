import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

/// The demo authority: what it grants, what it refuses and why, and that no input makes it fail.
@Suite struct TimestampAuthorityTests {
    @Test func grantsATokenThatEchoesTheRequest() async throws {
        let fixture = try TimestampFixture()
        let time = try #require(ISO8601DateFormatter().date(from: "2026-11-20T09:30:05Z")).addingTimeInterval(0.12)
        let (request, response) = try await fixture.stamp(Demo.document, nonce: 0x8000_0000_0000_0001, at: time)

        #expect(try TimestampFixture.response(response).status == .granted)
        let info = try TimestampFixture.info(in: response)
        #expect(info.messageImprint == request.fields.messageImprint)
        #expect(info.nonce.map(Array.init) == [0x80, 0, 0, 0, 0, 0, 0, 1])
        #expect(info.policy == OID.demoTimestampPolicy)
        #expect(info.tsa == .directoryName(fixture.authorityKey.certificate.subject))
        // DER: the fraction without its trailing zero.
        #expect(try info.genTime.derBytes().dropFirst(2).elementsEqual("20261120093005.12Z".utf8))
        #expect(try info.genTime.date == time)
    }

    @Test func sendsTheCertificatesOnlyWhenAsked() async throws {
        let fixture = try TimestampFixture()
        let asked = try await fixture.stamp(Demo.document, certificateRequested: true).response
        let notAsked = try await fixture.stamp(Demo.document, certificateRequested: false).response

        #expect(try Set(TimestampFixture.signedData(in: asked).certificates)
            == [fixture.authorityKey.certificate, fixture.pki.issuingCA.certificate])
        #expect(try TimestampFixture.signedData(in: notAsked).certificates.isEmpty)
    }

    @Test func serialNumbersAreUnique() async throws {
        let fixture = try TimestampFixture()
        var serials: Set<Certificate.SerialNumber> = []
        for _ in 0..<200 {
            serials.insert(try TimestampFixture.info(in: await fixture.stamp(Demo.document, nonce: 1).response).serialNumber)
        }
        #expect(serials.count == 200)
    }

    static let refusals: [(String, TimestampFailure, @Sendable (inout TimeStampReq) throws -> Void)] = [
        ("SHA-1", .badAlg, { $0.messageImprint.hashAlgorithm = AlgorithmIdentifier(algorithm: [1, 3, 14, 3, 2, 26]) }),
        ("hash parameters", .badAlg, { $0.messageImprint.hashAlgorithm.parameters = try ASN1Any(erasing: 7) }),
        ("short digest", .badDataFormat, { $0.messageImprint.hashedMessage.removeLast() }),
        ("SHA-384 named, SHA-256 long", .badDataFormat, { $0.messageImprint.hashAlgorithm = DigestAlgorithm.sha384.identifier }),
        ("other policy", .unacceptedPolicy, { $0.policy = [1, 2, 3, 4] }),
        ("extensions", .unacceptedExtension, { request in
            var coder = DER.Serializer()
            coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { _ in }
            request.extensions = try ASN1Any(derEncoded: coder.serializedBytes)
        }),
    ]

    @Test(arguments: refusals.indices)
    func refusesWhatItCannotGrant(_ index: Int) async throws {
        let (name, failure, change) = Self.refusals[index]
        var request = try TimestampRequest.make(digestOf: Demo.document).fields
        try change(&request)

        let response = try TimestampFixture.response(await TimestampFixture().authority.respond(to: request.derBytes(), at: Date()))

        #expect(response.status.status == .rejection, "\(name)")
        #expect(response.status.failures == [failure], "\(name)")
        #expect(response.token == nil, "\(name)")
    }

    @Test(arguments: [[], [0x30, 0x00], [0x30, 0x03, 0x02, 0x01, 0x02], Array("not a request".utf8)] as [[UInt8]])
    func refusesGarbageAsBadDataFormat(_ garbage: [UInt8]) async throws {
        let response = try TimestampFixture.response(await TimestampFixture().authority.respond(to: garbage, at: Date()))
        #expect(response.status == .rejection(.badDataFormat))
    }

    /// Every single-byte change of a request gets a reply that parses: granted, or refused with a reason.
    @Test func answersEveryMutatedRequest() async throws {
        let fixture = try TimestampFixture()
        let request = try TimestampRequest.make(digestOf: Demo.document).der
        var outcomes: [String: Int] = [:]
        for index in request.indices {
            for mask: UInt8 in [0x01, 0x80, 0xFF] {
                var mutated = request
                mutated[index] ^= mask
                let status = try TimestampFixture.response(await fixture.authority.respond(to: mutated, at: Date())).status
                #expect(status.status == .granted || status.status == .rejection && status.failures.count == 1)
                outcomes["\(status.status) \(status.failures.map { "\($0)" }.sorted())", default: 0] += 1
            }
        }
        print("Mutated request outcomes:", outcomes.sorted { $0.key < $1.key })
    }

    @Test func refusesACertificateNotForTimestamping() throws {
        let seal = try Demo.pki().issue(for: Demo.seal)
        #expect(throws: EduError.notTimestampingCertificate) { try DemoTimestampAuthority(seal) }
    }

    @Test func hasATimestampingCertificate() throws {
        let certificate = try TimestampFixture().authorityKey.certificate
        let usage = try #require(certificate.extensions[oid: .X509ExtensionID.extendedKeyUsage])
        #expect(usage.critical)
        #expect(try Array(ExtendedKeyUsage(usage)) == [.timeStamping])
        #expect(try certificate.extensions.keyUsage == KeyUsage(digitalSignature: true))
        #expect(try certificate.extensions.basicConstraints == .notCertificateAuthority)
        #expect(Demo.attribute(.RDNAttributeType.commonName, of: certificate.subject) == "DEMO – EduVN Time-Stamp Authority")
    }
}
