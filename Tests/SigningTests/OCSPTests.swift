import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

/// OCSP (RFC 6960) against `openssl ocsp` as another CA's responder: it must read our requests, and we its answers,
/// believing only the ones its CA stands behind.
@Suite struct OCSPTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func theResponderSaysGoodRevokedOrUnknown(_ algorithm: SigningAlgorithm) async throws {
        let fixture = try OCSPFixture(algorithm)
        defer { fixture.openssl.removeFolder() }
        let checker = OCSPRevocationChecker(client: fixture.responder("-nmin", "10"))

        #expect(await checker.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now) == .good)
        #expect(await checker.status(of: fixture.revoked, issuedBy: fixture.issuer, at: fixture.now)
            == .revoked(date: fixture.revocationDate, reason: .keyCompromise))
        let stranger = await checker.status(of: fixture.stranger, issuedBy: fixture.issuer, at: fixture.now)
        #expect(stranger == .unknown(reason: Bilingual(vi: "Máy chủ OCSP không biết chứng thư số này (\(OCSPFixture.responderURL))",
                                                       en: "The OCSP responder does not know this certificate (\(OCSPFixture.responderURL))")))
    }

    @Test func openSSLReadsOurRequestWithItsNonce() throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let request = try OCSPRequest(asking: fixture.good, issuedBy: fixture.issuer)
        try fixture.openssl.write(request.derBytes(), to: "request.der")
        let text = try fixture.openssl.run("ocsp", "-reqin", "request.der", "-req_text")
        #expect(text.status == 0, "\(text.output)")
        #expect(text.output.contains("Hash Algorithm: sha1"), "\(text.output)")
        #expect(text.output.contains("Serial Number: \(RevocationFixture.hex(fixture.good.serialNumber))"), "\(text.output)")
        #expect(text.output.contains("OCSP Nonce:"), "\(text.output)")
        // RFC 8954: the extension's value is an OCTET STRING (04, length 32) holding the nonce.
        #expect(text.output.contains("0420" + request.nonce.map { String(format: "%02X", $0) }.joined()), "\(text.output)")
    }

    @Test func aDelegatedResponderMustBeTheIssuersAndForOCSP() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let stranger = try DemoPKI(department: Demo.department).issuingCA

        for (responder, expected) in [
            (try fixture.delegate(issuedBy: fixture.pki.issuingCA, forOCSP: true), "good"),
            (try fixture.delegate(issuedBy: fixture.pki.issuingCA, forOCSP: false), "unknown"),
            (try fixture.delegate(issuedBy: stranger, forOCSP: true), "unknown"),
        ] {
            try fixture.respond(as: responder)
            for options in [["-nmin", "10"], ["-nmin", "10", "-resp_key_id"]] {
                let checker = OCSPRevocationChecker(client: OpenSSLResponder(openssl: fixture.openssl, options: options))
                let status = await checker.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now)
                #expect(status.code == expected, "\(responder.certificate.issuer) \(options): \(status.message.en)")
                if expected == "unknown" { #expect(status.message.en.contains("neither by the certificate's issuer nor"), "\(status.message.en)") }
            }
        }
    }

    @Test func anAnswerOutOfDateOrForAnotherRequestIsNotBelieved() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let withNextUpdate = fixture.responder("-nmin", "10")
        let later = fixture.now.addingTimeInterval(3_600)
        let stale = await OCSPRevocationChecker(client: withNextUpdate).status(of: fixture.good, issuedBy: fixture.issuer, at: later)
        #expect(stale.message.en.contains("out of date"), "\(stale.message.en)")
        // Without nextUpdate, an answer speaks for when it was made, and for `maximumAge` after.
        let withoutNextUpdate = fixture.responder()
        #expect(await OCSPRevocationChecker(client: withoutNextUpdate).status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now) == .good)
        let tooOld = await OCSPRevocationChecker(client: withoutNextUpdate, maximumAge: 60)
            .status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now.addingTimeInterval(600))
        #expect(tooOld.message.en.contains("out of date"), "\(tooOld.message.en)")

        // A replayed answer carries the nonce of the request it was made for.
        let earlier = try #require(withNextUpdate.responses.first)
        let replayed = await OCSPRevocationChecker(client: Replaying(response: earlier))
            .status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now)
        #expect(replayed.message.en.contains("another nonce"), "\(replayed.message.en)")
        // The right answer about another certificate does not answer for this one.
        let answer = #expect(throws: EduError.self) {
            try OCSPAnswer(der: earlier, about: fixture.revoked, issuedBy: fixture.issuer, nonce: nil, at: fixture.now, maximumAge: 3_600)
        }
        #expect(answer?.code == "ocsp.not_answered")
    }

    @Test func answersAreKeptForTheCacheLifetimeOnly() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let responder = fixture.responder("-nmin", "10")
        let cached = OCSPRevocationChecker(client: responder)
        for _ in 0..<3 { #expect(await cached.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now) == .good) }
        #expect(responder.responses.count == 1)
        #expect(await cached.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now.addingTimeInterval(301)) == .good)
        #expect(responder.responses.count == 2)
        // A kept answer does not speak for a time before it was made.
        let before = await cached.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now.addingTimeInterval(-3_600))
        #expect(before.message.en.contains("out of date"), "\(before.message.en)")
        #expect(responder.responses.count == 3)
        let uncached = OCSPRevocationChecker(client: responder, cacheLifetime: 0)
        for _ in 0..<2 { _ = await uncached.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now) }
        #expect(responder.responses.count == 5)
    }

    /// A responder that cannot be reached is not asked again until the cache lifetime has passed.
    @Test func anUnreachableResponderIsNotAskedForEachSignature() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let down = Replaying(response: nil)
        let checker = OCSPRevocationChecker(client: down)
        let first = await checker.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now)
        let second = await checker.status(of: fixture.revoked, issuedBy: fixture.issuer, at: fixture.now.addingTimeInterval(60))
        #expect(first == second && first.code == "unknown")
        #expect(down.asked == 1)
        _ = await checker.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now.addingTimeInterval(301))
        #expect(down.asked == 2)
    }

    /// Extensions `openssl ocsp` never writes: ignored unless critical (RFC 6960 §4.4); the nonce is understood.
    @Test func extensionsAreIgnoredUnlessCriticalAndUnknown() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let archiveCutoff: ASN1ObjectIdentifier = [1, 3, 6, 1, 5, 5, 7, 48, 1, 6]
        let unknownKind: ASN1ObjectIdentifier = [1, 3, 6, 1, 4, 1, 99_999, 1]
        var builder = OCSPResponseBuilder(issuer: fixture.pki.issuingCA, certificate: fixture.good, thisUpdate: fixture.now)
        func answer() async throws -> OCSPAnswer {
            try OCSPAnswer(der: await builder.der(), about: fixture.good, issuedBy: fixture.issuer, nonce: nil, at: fixture.now, maximumAge: 3_600)
        }
        #expect(try await answer().status == .good)
        builder.singleExtensions = [try OCSPResponseBuilder.opaqueExtension(archiveCutoff, critical: false)]
        builder.responseExtensions = [try OCSPResponseBuilder.opaqueExtension(unknownKind, critical: false),
                                      Certificate.Extension(oid: OID.ocspNonce, critical: true,
                                                            value: try ASN1OctetString(contentBytes: [1, 2, 3]).derBytes()[...])]
        #expect(try await answer().status == .good)
        builder.singleExtensions = [try OCSPResponseBuilder.opaqueExtension(archiveCutoff, critical: true)]
        await #expect(throws: EduError.unsupportedOCSPResponse) { _ = try await answer() }
        builder.singleExtensions = []
        builder.responseExtensions = [try OCSPResponseBuilder.opaqueExtension(unknownKind, critical: true)]
        await #expect(throws: EduError.unsupportedOCSPResponse) { _ = try await answer() }
    }

    @Test func noResponderNamedOrNoneReachableIsUnknown() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let plain = try fixture.pki.issue(for: Demo.seal).certificate
        let unnamed = await OCSPRevocationChecker(client: fixture.responder()).status(of: plain, issuedBy: fixture.issuer, at: fixture.now)
        #expect(unnamed == .unknown(reason: EduError.noOCSPResponder.message))
        let unreachable = await OCSPRevocationChecker(client: Replaying(response: nil)).status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now)
        #expect(unreachable.code == "unknown")
        #expect(unreachable.message.en.contains(OCSPFixture.responderURL), "\(unreachable.message.en)")
    }

    /// OCSP first; the CRL only when OCSP cannot say; both reasons when neither can.
    @Test func ocspThenTheCRL() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let second = Answering(.unknown(reason: Bilingual(vi: "CRL thử", en: "test CRL")))
        let both = FirstKnownRevocationChecker([OCSPRevocationChecker(client: fixture.responder("-nmin", "10")), second])
        #expect(await both.status(of: fixture.revoked, issuedBy: fixture.issuer, at: fixture.now)
            == .revoked(date: fixture.revocationDate, reason: .keyCompromise))
        #expect(second.asked == 0)

        let offline = FirstKnownRevocationChecker([OCSPRevocationChecker(client: Replaying(response: nil)), second])
        let neither = await offline.status(of: fixture.good, issuedBy: fixture.issuer, at: fixture.now)
        #expect(second.asked == 1)
        #expect(neither.message.en.hasSuffix("; test CRL"), "\(neither.message.en)")
        #expect(neither.message.en.contains(OCSPFixture.responderURL), "\(neither.message.en)")

        let revocation = try RevocationFixture()
        let withCRL = FirstKnownRevocationChecker([OCSPRevocationChecker(client: Replaying(response: nil)),
                                                   CRLRevocationChecker(source: try await revocation.source())])
        #expect(await withCRL.status(of: revocation.goodSigner.certificate, issuedBy: revocation.pki.issuingCA.certificate, at: revocation.now) == .good)
    }

    /// Every byte of a good and of a revoked answer changed three ways, dropped, and preceded by another: never a
    /// crash, and never an answer other than the true one. Some bytes (the certificates sent along) are not signed,
    /// so a change there may leave the answer standing.
    @Test func mutatedAnswersNeverCrashAndNeverMislead() async throws {
        let fixture = try OCSPFixture()
        defer { fixture.openssl.removeFolder() }
        let responder = fixture.responder("-nmin", "10")
        let checker = OCSPRevocationChecker(client: responder, cacheLifetime: 0)
        var outcomes: [String: Int] = [:]
        for (certificate, truth) in [(fixture.good, "good"), (fixture.revoked, "revoked")] {
            _ = await checker.status(of: certificate, issuedBy: fixture.issuer, at: fixture.now)
            let response = try #require(responder.responses.last)
            for mutated in Self.mutations(of: response) {
                do {
                    let answer = try OCSPAnswer(der: mutated, about: certificate, issuedBy: fixture.issuer, nonce: nil,
                                                at: fixture.now, maximumAge: 3_600)
                    #expect(answer.status.code == truth)
                    outcomes["still \(truth)", default: 0] += 1
                } catch {
                    outcomes[error.code, default: 0] += 1
                }
            }
        }
        print("Mutated OCSP answers:", outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(outcomes.values.reduce(0, +) > 3_000)
    }

    private static func mutations(of bytes: [UInt8]) -> [[UInt8]] {
        bytes.indices.flatMap { index -> [[UInt8]] in
            var dropped = bytes
            dropped.remove(at: index)
            var inserted = bytes
            inserted.insert(bytes[index] &+ 1, at: index)
            return ([0x01, 0x80, 0xFF] as [UInt8]).map { mask in
                var changed = bytes
                changed[index] ^= mask
                return changed
            } + [dropped, inserted]
        }
    }
}

/// Gives the same answer to every request, or none when `response` is nil; counts the requests.
private final class Replaying: OCSPClient, @unchecked Sendable {
    let response: [UInt8]?
    private let lock = NSLock()
    private var count = 0
    var asked: Int { lock.withLock { count } }

    init(response: [UInt8]?) {
        self.response = response
    }

    func response(to request: [UInt8], from url: String) async throws(EduError) -> [UInt8] {
        lock.withLock { count += 1 }
        guard let response else { throw .revocationDataUnreachable }
        return response
    }
}

/// Gives one status about every certificate, and counts how often it was asked.
private final class Answering: RevocationChecker, @unchecked Sendable {
    let answer: RevocationStatus
    private let lock = NSLock()
    private var count = 0
    var asked: Int { lock.withLock { count } }

    init(_ answer: RevocationStatus) {
        self.answer = answer
    }

    func status(of certificate: Certificate, issuedBy issuer: Certificate, at time: Date) async -> RevocationStatus {
        lock.withLock { count += 1 }
        return answer
    }
}
