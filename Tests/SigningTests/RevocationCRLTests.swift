import EduCore
import Foundation
@testable import Signing
import SwiftASN1
import Testing
import X509

/// Our CRLs read back by our reader: contents, signature, issuer, freshness, and what it must refuse.
@Suite struct RevocationCRLTests {
    @Test func aCRLReadsBackAsIssued() async throws {
        let fixture = try RevocationFixture()
        let crl = try CertificateRevocationList(der: await fixture.issuingCRL(), issuer: fixture.pki.issuingCA.certificate)

        #expect(crl.issuer == fixture.pki.issuingCA.certificate.subject)
        #expect(crl.thisUpdate == fixture.now)
        #expect(crl.nextUpdate == fixture.now.addingTimeInterval(7 * 86_400))
        #expect(crl.revokedCertificates == [
            RevokedEntry(serial: fixture.revokedSigner.certificate.serialNumber, date: fixture.revocationDate, reason: .keyCompromise),
        ])
        #expect(crl.isRevoked(fixture.revokedSigner.certificate.serialNumber))
        #expect(!crl.isRevoked(fixture.goodSigner.certificate.serialNumber))
    }

    /// Unspecified is written as no reasonCode at all (RFC 5280 §5.3.1) and read back as unspecified.
    @Test(arguments: RevocationReason.allCases)
    func everyReasonReadsBack(_ reason: RevocationReason) async throws {
        let fixture = try RevocationFixture()
        let der = try await fixture.issuingCRL(reason: reason)
        let crl = try CertificateRevocationList(der: der, issuer: fixture.pki.issuingCA.certificate)

        #expect(crl.entry(for: fixture.revokedSigner.certificate.serialNumber)?.reason == reason)
        let list = try CertificateList(derEncoded: der)
        #expect(list.tbsCertList.revokedCertificates[0].extensions.isEmpty == (reason == .unspecified))
    }

    /// RFC 5280 §5.1.2.6: no revokedCertificates field at all when nothing is revoked; §5.1.2.4: GeneralizedTime from 2050.
    @Test func anEmptyCRLAndDatesAfter2049() async throws {
        let pki = try Demo.pki()
        let thisUpdate = Date(timeIntervalSince1970: 2_556_143_999)  // 2050-12-31T23:59:59Z
        let der = try await CRLIssuer.makeCRL(issuer: pki.root, revoked: [], number: 0,
                                              thisUpdate: thisUpdate, nextUpdate: thisUpdate.addingTimeInterval(86_400))
        let crl = try CertificateRevocationList(der: der, issuer: pki.root.certificate)

        #expect(crl.revokedCertificates.isEmpty)
        #expect(crl.thisUpdate == thisUpdate)
        let fields = try DER.sequence(DER.parse(CertificateList(derEncoded: der).signedBytes), identifier: .sequence) { nodes in
            var identifiers: [ASN1Identifier] = []
            while let node = nodes.next() { identifiers.append(node.identifier) }
            return identifiers
        }
        // version, signature, issuer, thisUpdate, nextUpdate, crlExtensions: no revokedCertificates.
        #expect(fields == [.integer, .sequence, .sequence, .generalizedTime, .generalizedTime,
                           ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)])
    }

    @Test func aChangedByteBreaksTheSignature() async throws {
        let fixture = try RevocationFixture()
        let der = try await fixture.issuingCRL()
        let signedBytes = try CertificateList(derEncoded: der).signedBytes
        // The last byte of the revoked serial number: still a well-formed CRL, now revoking another certificate.
        let serial = Array(fixture.revokedSigner.certificate.serialNumber.bytes)
        let serialEnd = try #require(der.firstRange(of: serial)).upperBound - 1
        #expect(signedBytes.indices.contains(serialEnd))

        #expect(throws: EduError.badCRLSignature) {
            try CertificateRevocationList(der: Demo.flipping(serialEnd, in: der), issuer: fixture.pki.issuingCA.certificate)
        }
        #expect(throws: EduError.badCRLSignature) {
            try CertificateRevocationList(der: Demo.flipping(der.count - 1, in: der), issuer: fixture.pki.issuingCA.certificate)
        }
    }

    @Test func anotherCAsCRLIsRefused() async throws {
        let fixture = try RevocationFixture()
        let der = try await fixture.issuingCRL()
        // Another hierarchy for the same department: the same names, other keys.
        let impostor = try RevocationFixture()

        #expect(throws: EduError.badCRLSignature) {
            try CertificateRevocationList(der: der, issuer: impostor.pki.issuingCA.certificate)
        }
        #expect(throws: EduError.crlIssuerMismatch) {
            try CertificateRevocationList(der: der, issuer: fixture.pki.root.certificate)
        }
    }

    @Test func onlyACAMayIssueACRL() async throws {
        let fixture = try RevocationFixture()
        await #expect(throws: EduError.notCRLSigner) {
            try await CRLIssuer.makeCRL(issuer: fixture.goodSigner, revoked: [], number: 1,
                                        thisUpdate: fixture.now, nextUpdate: fixture.now.addingTimeInterval(60))
        }
        // Signed by a signer key whose certificate lacks cRLSign, under the signer's own name: refused on reading too.
        let tbs = try await TBSCertList(derEncoded: CertificateList(derEncoded: fixture.issuingCRL()).signedBytes)
        var forged = tbs
        forged.issuer = fixture.goodSigner.certificate.subject
        let der = try await CRLIssuer.sign(forged, with: fixture.goodSigner.key)
        #expect(throws: EduError.notCRLSigner) {
            try CertificateRevocationList(der: der, issuer: fixture.goodSigner.certificate)
        }
    }

    @Test func badRequestsAreRefused() async throws {
        let fixture = try RevocationFixture()
        let entry = RevokedEntry(serial: fixture.revokedSigner.certificate.serialNumber, date: fixture.revocationDate)
        let later = fixture.now.addingTimeInterval(60)
        for (revoked, number, nextUpdate) in [([entry, entry], 1, later), ([entry], -1, later), ([entry], 1, fixture.now)] {
            let error = await #expect(throws: EduError.self) {
                try await CRLIssuer.makeCRL(issuer: fixture.pki.issuingCA, revoked: revoked, number: number,
                                            thisUpdate: fixture.now, nextUpdate: nextUpdate)
            }
            #expect(error?.code == "crl.invalid_request", "\(String(describing: error))")
        }
    }

    /// RFC 5280 §5.2: a critical extension the reader cannot process (here a delta CRL indicator, and a
    /// certificate issuer entry extension, as an indirect CRL has) forbids using the CRL.
    @Test func criticalExtensionsAreRefused() async throws {
        let fixture = try RevocationFixture()
        let tbs = try await TBSCertList(derEncoded: CertificateList(derEncoded: fixture.issuingCRL()).signedBytes)
        var delta = tbs
        try delta.extensions.append(Certificate.Extension(oid: [2, 5, 29, 27], critical: true, value: 7.derBytes()[...]))
        var indirect = tbs
        var certificateIssuer = DER.Serializer()
        try certificateIssuer.serializeSequenceOf([GeneralName.directoryName(fixture.pki.root.certificate.subject)])
        try indirect.revokedCertificates[0].extensions.append(
            Certificate.Extension(oid: [2, 5, 29, 29], critical: true, value: certificateIssuer.serializedBytes[...]))

        for forged in [delta, indirect] {
            let der = try await CRLIssuer.sign(forged, with: fixture.pki.issuingCA.key)
            #expect(throws: EduError.unsupportedCRL) {
                try CertificateRevocationList(der: der, issuer: fixture.pki.issuingCA.certificate)
            }
        }
        // The same extensions marked non-critical may be ignored, as §5.2 allows.
        var ignorable = tbs
        try ignorable.extensions.append(Certificate.Extension(oid: [2, 5, 29, 27], critical: false, value: 7.derBytes()[...]))
        let der = try await CRLIssuer.sign(ignorable, with: fixture.pki.issuingCA.key)
        #expect(try CertificateRevocationList(der: der, issuer: fixture.pki.issuingCA.certificate)
            .isRevoked(fixture.revokedSigner.certificate.serialNumber))
    }

    @Test func freshness() async throws {
        let fixture = try RevocationFixture()
        let crl = try CertificateRevocationList(der: await fixture.issuingCRL(), issuer: fixture.pki.issuingCA.certificate)
        let nextUpdate = try #require(crl.nextUpdate)

        #expect(crl.isCurrent(at: fixture.now))
        #expect(crl.isCurrent(at: fixture.now.addingTimeInterval(-299)), "a clock a little behind the issuer's")
        #expect(!crl.isCurrent(at: fixture.now.addingTimeInterval(-301)))
        #expect(crl.isCurrent(at: nextUpdate.addingTimeInterval(-1)))
        #expect(!crl.isCurrent(at: nextUpdate))

        var withoutNextUpdate = try await TBSCertList(derEncoded: CertificateList(derEncoded: fixture.issuingCRL()).signedBytes)
        withoutNextUpdate.nextUpdate = nil
        let der = try await CRLIssuer.sign(withoutNextUpdate, with: fixture.pki.issuingCA.key)
        let undated = try CertificateRevocationList(der: der, issuer: fixture.pki.issuingCA.certificate)
        #expect(undated.nextUpdate == nil)
        #expect(!undated.isCurrent(at: fixture.now))
    }

    @Test func garbageIsMalformed() throws {
        let issuer = try Demo.pki().issuingCA.certificate
        let certificate = try issuer.derBytes()
        for garbage: [UInt8] in [[], [0x30, 0x00], Array("not a CRL".utf8), certificate] {
            #expect(throws: EduError.malformedCRL) { try CertificateRevocationList(der: garbage, issuer: issuer) }
        }
    }
}
