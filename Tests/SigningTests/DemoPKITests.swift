import EduCore
import Foundation
import Signing
import SwiftASN1
import Testing
import X509

@Suite struct DemoPKITests {
    private let commonName = ASN1ObjectIdentifier.RDNAttributeType.commonName
    private let organization = ASN1ObjectIdentifier.RDNAttributeType.organizationName
    private let organizationalUnit = ASN1ObjectIdentifier.RDNAttributeType.organizationalUnitName

    @Test func everySubjectSaysDemo() throws {
        let pki = try Demo.pki()
        let certificates = [pki.root, pki.issuingCA, try pki.issue(for: Demo.seal), try pki.issue(for: Demo.teacher)]
            .map(\.certificate)
        for certificate in certificates {
            #expect(Demo.attribute(commonName, of: certificate.subject)?.hasPrefix("DEMO – ") == true)
            #expect(Demo.attribute(organizationalUnit, of: certificate.subject) == "DEMO - KHÔNG CÓ GIÁ TRỊ PHÁP LÝ")
        }
    }

    @Test func sealNamesTheUnitAndPersonNamesThePerson() throws {
        let pki = try Demo.pki()
        let seal = try pki.issue(for: Demo.seal).certificate.subject
        #expect(Demo.attribute(commonName, of: seal) == "DEMO – Sở GD&ĐT Hải Phòng")
        #expect(Demo.attribute(organization, of: seal) == "Sở GD&ĐT Hải Phòng")
        let person = try pki.issue(for: Demo.teacher).certificate.subject
        #expect(Demo.attribute(commonName, of: person) == "DEMO – Nguyễn Thị Hoà")
        #expect(Demo.attribute(organization, of: person) == "Trường THPT Trần Phú")
    }

    @Test func extensionsFollowTheProfile() throws {
        let pki = try Demo.pki()
        let root = pki.root.certificate.extensions
        let issuing = pki.issuingCA.certificate.extensions
        let signer = try pki.issue(for: Demo.teacher).certificate.extensions

        #expect(try root.basicConstraints == .isCertificateAuthority(maxPathLength: 1))
        #expect(try issuing.basicConstraints == .isCertificateAuthority(maxPathLength: 0))
        #expect(try signer.basicConstraints == .notCertificateAuthority)
        for ca in [root, issuing] {
            #expect(try ca.keyUsage == KeyUsage(keyCertSign: true, cRLSign: true))
        }
        #expect(try signer.keyUsage == KeyUsage(digitalSignature: true, nonRepudiation: true))
        #expect(root.first { $0.oid == .X509ExtensionID.basicConstraints }?.critical == true)
        #expect(signer.first { $0.oid == .X509ExtensionID.keyUsage }?.critical == true)

        #expect(try issuing.authorityKeyIdentifier?.keyIdentifier == root.subjectKeyIdentifier?.keyIdentifier)
        #expect(try signer.authorityKeyIdentifier?.keyIdentifier == issuing.subjectKeyIdentifier?.keyIdentifier)
        #expect(try signer.subjectKeyIdentifier != nil)
    }

    @Test func validityIsTheOneAskedFor() throws {
        let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01 00:00:00 UTC
        let certificate = try Demo.pki().issue(for: Demo.seal, validity: DateInterval(start: start, duration: 86_400)).certificate
        #expect(certificate.notValidBefore == start)
        #expect(certificate.notValidAfter == start.addingTimeInterval(86_400))
    }

    @Test func decomposedVietnameseIsStoredAsNFCAndSurvivesPEM() throws {
        let decomposed = "Nguye\u{0302}\u{0303}n  Thi\u{0323} Hoa\u{0300}"
        let certificate = try Demo.pki().issue(for: .person(name: decomposed, unit: "Trường THPT Trần Phú")).certificate
        let reread = try #require(try CertificateFile.certificates(fromPEM: CertificateFile.pem([certificate])).first)
        let name = try #require(Demo.attribute(commonName, of: reread.subject))
        #expect(name == "DEMO – Nguyễn Thị Hoà")
        #expect(Array(name.utf8) == Array("DEMO – Nguy\u{1EC5}n Th\u{1ECB} Ho\u{00E0}".utf8))
        #expect(reread == certificate)
    }

    @Test(arguments: [
        DemoHolder.seal(unit: "   "),
        .seal(unit: String(repeating: "Trường ", count: 10)),
        .person(name: "Nguyễn Văn 3", unit: "Trường THPT Trần Phú"),
    ])
    func unusableNamesAreRefused(_ holder: DemoHolder) throws {
        let pki = try Demo.pki()
        let error = #expect(throws: EduError.self) { try pki.issue(for: holder) }
        #expect(error?.code == "pki.invalid_name")
    }

    @Test(arguments: SigningAlgorithm.allCases)
    func keysRoundTripThroughPKCS8PEM(_ algorithm: SigningAlgorithm) throws {
        let key = try SoftwareSigningKey.generate(algorithm)
        #expect(key.pkcs8PEM.hasPrefix("-----BEGIN PRIVATE KEY-----"))
        let reread = try SoftwareSigningKey(pkcs8PEM: key.pkcs8PEM)
        #expect(reread.algorithm == algorithm)
        #expect(reread.publicKey == key.publicKey)
    }

    @Test func unreadableKeyIsAnEduError() {
        let error = #expect(throws: EduError.self) { try SoftwareSigningKey(pkcs8PEM: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----") }
        #expect(error?.code == "key.unreadable")
    }

    @Test func certificatesExportAsDERAndPEM() throws {
        let certificate = try Demo.pki().root.certificate
        let der = try CertificateFile.der(certificate)
        #expect(try Certificate(derEncoded: der) == certificate)
        #expect(try CertificateFile.pem([certificate]).hasPrefix("-----BEGIN CERTIFICATE-----"))
        let error = #expect(throws: EduError.self) { try CertificateFile.certificates(fromPEM: "not a certificate") }
        #expect(error?.code == "cert.malformed")
    }
}
