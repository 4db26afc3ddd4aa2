import EduCore
import Foundation
import Signing
import Testing
import X509

@Suite struct CMSSignatureTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func ourSignatureVerifiesAsTrusted(_ algorithm: SigningAlgorithm) async throws {
        let pki = try Demo.pki()
        let teacher = try pki.issue(for: Demo.teacher, algorithm: algorithm)
        let signingTime = Date(timeIntervalSince1970: 1_780_000_000)
        let signature = try await teacher.signer().sign(Demo.document, signingTime: signingTime)

        let result = try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document)

        #expect(result.status == .trusted)
        #expect(result.signer == teacher.certificate)
        #expect(result.signingTime == signingTime)
        #expect(result.chain == [teacher.certificate, pki.issuingCA.certificate, pki.root.certificate])
    }

    @Test func anRSAHierarchyWorksToo() async throws {
        let pki = try Demo.pki(.rsaPKCS1SHA256)
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        #expect(try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document).status == .trusted)
    }

    @Test func oneChangedByteOfTheDocumentIsReported() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        let verifier = Demo.verifier(trusting: pki)

        for index in [0, Demo.document.count / 2, Demo.document.count - 1] {
            let result = try await verifier.verify(signature, of: Demo.flipping(index, in: Demo.document))
            #expect(result.status == .contentMismatch)
        }
        #expect(try await verifier.verify(signature, of: Demo.document + [0x0A]).status == .contentMismatch)
    }

    @Test func aSignerFromAnotherRootIsUntrusted() async throws {
        let ours = try Demo.pki()
        // Same department, same names: only the keys differ, so the chain must fail on signatures, not names.
        let impostor = try Demo.pki()
        let signature = try await impostor.issue(for: Demo.seal).signer().sign(Demo.document)

        let result = try await Demo.verifier(trusting: ours).verify(signature, of: Demo.document)

        #expect(result.status == .untrustedRoot)
        #expect(!result.isTrusted)
        #expect(result.chain.isEmpty)
    }

    @Test func validityIsJudgedAtTheChosenTime() async throws {
        let lastYear = DateInterval(start: Date().addingTimeInterval(-400 * 86_400), duration: 200 * 86_400)
        let pki = try DemoPKI(department: Demo.department, now: lastYear.start)
        let teacher = try pki.issue(for: Demo.teacher, validity: lastYear)
        let signature = try await teacher.signer().sign(Demo.document, signingTime: lastYear.start.addingTimeInterval(100 * 86_400))
        let verifier = Demo.verifier(trusting: pki)

        #expect(try await verifier.verify(signature, of: Demo.document).status == .expired)
        #expect(try await verifier.verify(signature, of: Demo.document, checkingChainAt: .signingTime).status == .trusted)
        let dayBefore = lastYear.start.addingTimeInterval(-86_400)
        #expect(try await verifier.verify(signature, of: Demo.document, checkingChainAt: .date(dayBefore)).status == .notYetValid)
    }

    @Test func aCAKeyMayNotSignDocuments() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issuingCA.signer().sign(Demo.document)

        let result = try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document)

        guard case .rejectedChain(let reasons) = result.status else {
            Issue.record("Expected a rejected chain, got \(result.status)")
            return
        }
        #expect(reasons.contains { $0.contains("digitalSignature") })
    }

    @Test func theKeyMustMatchTheCertificate() throws {
        let pki = try Demo.pki()
        let someoneElse = try SoftwareSigningKey.generate(.ecdsaP256SHA256)
        let error = #expect(throws: EduError.self) {
            try CMSSigner(key: someoneElse, certificate: pki.issue(for: Demo.seal).certificate)
        }
        #expect(error?.code == "cms.key_mismatch")
    }

    @Test func signingTimesFrom2050OnAreWrittenAndReadBack() async throws {
        let pki = try Demo.pki()
        let farFuture = Date(timeIntervalSince1970: 2_556_144_000)  // 2051-01-01 00:00:00 UTC
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document, signingTime: farFuture)

        let result = try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document)

        #expect(result.signingTime == farFuture)
        #expect(result.status == .trusted)
    }

    @Test func signingTimeKeepsWholeSeconds() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document, signingTime: Date(timeIntervalSince1970: 1_780_000_000.75))
        #expect(try await Demo.verifier(trusting: pki).verify(signature, of: Demo.document).signingTime == Date(timeIntervalSince1970: 1_780_000_000))
    }
}
