import EduCore
import Foundation
@testable import Signing
import Testing

@Suite("PAdES signing and verification")
struct PDFSigningTests {
    @Test(arguments: SigningAlgorithm.allCases)
    func signsAPDFAtBaselineBB(_ algorithm: SigningAlgorithm) async throws {
        let signers = try PDFFixture.Signers(algorithm)
        let original = PDFFixture.document()
        let signed = try await signers.signer(signers.teacher).sign(original, at: PDFFixture.signingTime)

        #expect(signed.starts(with: original), "an incremental update leaves the original bytes alone")
        let result = try await signers.verifier.verify(signed)
        try #require(result.signatures.count == 1)
        let signature = result.signatures[0]
        #expect(result.isTrusted)
        #expect(signature.status == .trusted)
        #expect(signature.coverage == .entireFile)
        #expect(signature.signer == signers.teacher.certificate)
        #expect(signature.claimedSigningTime == PDFFixture.signingTime)
        #expect(signature.timestamp == nil)
        #expect(signature.chain.count == 3)
        #expect(signature.fieldName == "Signature1")
    }

    @Test func writesWhatPAdESAsksOfTheSignatureDictionaryAndTheCMS() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signer(signers.teacher).sign(PDFFixture.document(), at: PDFFixture.signingTime)
        let file = try PDFFile(signed[...])
        let field = try #require(try SignatureFields.signed(in: file).first)
        #expect(field.value.has("SubFilter", name: "ETSI.CAdES.detached"))
        #expect(field.value.has("Filter", name: "Adobe.PPKLite"))
        #expect(field.value["M"]?.string == Array("D:20260921141320Z".utf8))
        #expect(PDFText.decode(try #require(field.value["Name"]?.string)) == "DEMO – Nguyễn Thị Hoà")
        #expect(try file.catalog()["AcroForm"].flatMap { try file.dictionary($0) }?["SigFlags"] == .integer(3))

        let claims = try SignatureClaims(SignedRevision(field, in: file).signature)
        #expect(claims.signingTime == nil, "PAdES baseline signatures carry no CMS signing-time")
        #expect(claims.timestampToken == nil)
    }

    @Test(arguments: [true, false])
    func signsAFileWhateverItsLastLineEnding(_ endingWithNewline: Bool) async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signer(signers.seal).sign(PDFFixture.document(endingWithNewline: endingWithNewline))
        #expect(try await signers.verifier.verify(signed).isTrusted)
    }

    @Test func threePeopleSignInTurnAndEveryEarlierSignatureStaysValid() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(PDFFixture.document(pages: 2))
        let result = try await signers.verifier.verify(signed)

        #expect(result.isTrusted)
        #expect(result.signatures.map(\.signer) == [signers.teacher.certificate, signers.principal.certificate, signers.seal.certificate])
        #expect(result.signatures.map(\.coverage) == [.signaturesAddedLater, .signaturesAddedLater, .entireFile])
        #expect(result.signatures.map(\.fieldName) == ["Signature1", "Signature2", "Signature3"])
        #expect(result.signatures.map(\.claimedSigningTime) == [0.0, 60, 120].map { PDFFixture.signingTime.addingTimeInterval($0) })
    }

    @Test func placesTheBlockWhereAsked() async throws {
        let signers = try PDFFixture.Signers()
        let placement = PDFSignaturePlacement(page: 0, rect: PDFSignaturePlacement.Rect(x: 300, y: 700.25, width: 200, height: 60))
        let signed = try await signers.signer(signers.seal).sign(PDFFixture.document(pages: 2), placement: placement)
        let file = try PDFFile(signed[...])
        let firstPage = try #require(try file.dictionary(.reference(file.pages()[0])))
        let widget = try #require(try file.dictionary(firstPage["Annots"]?.array?.first))
        #expect(widget["Rect"] == .array([.integer(300), .real("700.25"), .integer(500), .real("760.25")]))
        #expect(try file.dictionary(.reference(file.pages()[1]))?["Annots"] == nil)

        await #expect(throws: EduError.pageMissing(2, count: 2)) {
            try await signers.signer(signers.seal).sign(PDFFixture.document(pages: 2), placement: PDFSignaturePlacement(page: 2))
        }
        for rect in [PDFSignaturePlacement.Rect(x: .nan, y: 0, width: 100, height: 50),
                     PDFSignaturePlacement.Rect(x: 0, y: 0, width: .infinity, height: 50),
                     PDFSignaturePlacement.Rect(x: 0, y: 0, width: 0, height: 50)] {
            await #expect(throws: EduError.invalidPlacement) {
                try await signers.signer(signers.seal).sign(PDFFixture.document(), placement: PDFSignaturePlacement(rect: rect))
            }
        }
    }

    @Test func addsATimestampForBaselineBT() async throws {
        let signers = try PDFFixture.Signers()
        let before = Date()
        let signed = try await signers.signer(signers.principal, timestamped: true).sign(PDFFixture.document())
        let signature = try #require(try await signers.verifier.verify(signed, checkingChainAt: .signingTime).signatures.first)

        #expect(signature.isTrusted)
        let timestamp = try #require(signature.timestamp)
        #expect(timestamp.status == .trusted)
        #expect(abs(timestamp.genTime.timeIntervalSince(before)) < 60)
    }

    @Test func refusesATimestampFromAnUntrustedAuthority() async throws {
        let signers = try PDFFixture.Signers(), stranger = try PDFFixture.Signers()
        let untrusted = SignatureTimestamping(authority: stranger.authority, verifier: TimestampVerifier(trustedRoots: [signers.root]))
        let signer = PAdESSigner(signer: try signers.teacher.signer(), timestamping: untrusted)
        await #expect(throws: EduError.self) { try await signer.sign(PDFFixture.document()) }
    }

    @Test func reportsAnotherRootAsUntrusted() async throws {
        let signers = try PDFFixture.Signers(), stranger = try PDFFixture.Signers()
        let signed = try await signers.signer(signers.teacher).sign(PDFFixture.document())
        let signature = try #require(try await stranger.verifier.verify(signed).signatures.first)
        #expect(signature.status == .untrustedRoot)
        #expect(!signature.isTrusted)
    }

    @Test func aFlippedByteInTheSignedRangeIsAChangedDocument() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signer(signers.teacher).sign(PDFFixture.document())
        let text = try #require(PDFSyntax.firstIndex(of: "Hoc ba so", in: signed[...], from: 0))
        let signature = try #require(try await signers.verifier.verify(Demo.flipping(text, in: signed)).signatures.first)
        #expect(signature.status == .contentMismatch)
    }

    @Test func aPDFWithoutSignaturesIsNotTrusted() async throws {
        let result = try await PAdESVerifier(trustedRoots: []).verify(PDFFixture.document())
        #expect(result.signatures.isEmpty)
        #expect(!result.isTrusted)
    }
}

@Suite("PAdES: changes after signing")
struct PDFLaterChangesTests {
    /// An incremental update that replaces the first page's text: what the signer saw is no longer what is shown.
    private func replacingText(in pdf: [UInt8]) throws -> [UInt8] {
        let file = try PDFFile(pdf[...])
        let page = try #require(try file.dictionary(.reference(file.pages()[0])))
        let contents = try #require(page["Contents"]?.reference)
        var update = IncrementalUpdate(appendingTo: pdf, file: file)
        let text = Array("BT /F1 16 Tf 72 760 Td (Hoc ba so - diem da sua) Tj ET".utf8)
        update.write(.stream(PDFStream(dictionary: PDFDictionary(), data: text)), as: contents)
        update.finish()
        return update.bytes
    }

    /// An incremental update that adds a text note (not a signature) to the first page.
    private func addingNote(to pdf: [UInt8]) throws -> [UInt8] {
        let file = try PDFFile(pdf[...])
        let pageReference = try file.pages()[0]
        var page = try #require(try file.dictionary(.reference(pageReference)))
        var update = IncrementalUpdate(appendingTo: pdf, file: file)
        let note = update.newReference()
        update.write(.dictionary(PDFDictionary([
            "Type": .name("Annot"), "Subtype": .name("Text"), "Rect": .array([100, 100, 120, 120].map(PDFObject.integer)),
            "Contents": .string(Array("Diem da duoc sua".utf8)),
        ])), as: note)
        page["Annots"] = .array((page["Annots"]?.array ?? []) + [.reference(note)])
        update.write(.dictionary(page), as: pageReference)
        update.finish()
        return update.bytes
    }

    @Test func aChangedPageMakesEarlierSignaturesReportTheChange() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(PDFFixture.document())
        for changed in [try replacingText(in: signed), try addingNote(to: signed)] {
            let result = try await signers.verifier.verify(changed)
            #expect(result.signatures.map(\.coverage) == Array(repeating: .modifiedAfterSigning, count: 3))
            #expect(result.signatures.map(\.status) == Array(repeating: .contentMismatch, count: 3))
            #expect(!result.isTrusted)
        }
    }

    @Test func aSignatureAfterTheChangeCoversItButTheEarlierOneStillReportsIt() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signer(signers.teacher).sign(PDFFixture.document())
        let resigned = try await signers.signer(signers.seal).sign(try replacingText(in: signed))
        let result = try await signers.verifier.verify(resigned)
        #expect(result.signatures.map(\.status) == [.contentMismatch, .trusted])
        #expect(result.signatures.map(\.coverage) == [.modifiedAfterSigning, .entireFile])
    }

    @Test func aTruncatedSignedFileCannotBeRead() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(PDFFixture.document())
        for length in [signed.count / 3, signed.count / 2, signed.count - 3] {
            await #expect(throws: EduError.malformedPDF) { try await signers.verifier.verify(Array(signed.prefix(length))) }
        }
    }

    @Test func garbageIsNotAPDF() async throws {
        var generator = SeededRandom(seed: 0x5044_4621)
        for _ in 0..<500 {
            let garbage = Array("%PDF-1.7\n".utf8) + (0..<Int.random(in: 0...2_000, using: &generator)).map { _ in
                UInt8.random(in: 0...255, using: &generator)
            }
            await #expect(throws: EduError.self) { try await PAdESVerifier(trustedRoots: []).verify(garbage) }
        }
    }
}

/// Signatures made by a genuine key over byte ranges a correct signer never writes: the signature value
/// verifies, so only the check of the range itself can refuse them.
@Suite("PAdES: forged byte ranges")
struct PDFForgedByteRangeTests {
    enum Forgery: CaseIterable, Sendable {
        /// Leaves the end of the file, `%%EOF` included, outside the signature: room for unsigned content.
        case unsignedTail
        /// Widens the gap by one byte in front of `/Contents`.
        case widerGap
        /// Starts after the first bytes of the file.
        case lateStart

        func byteRange(gap: Range<Int>, length: Int) -> [Int] {
            switch self {
            case .unsignedTail: [0, gap.lowerBound, gap.upperBound, length - gap.upperBound - 6]
            case .widerGap: [0, gap.lowerBound - 1, gap.upperBound, length - gap.upperBound]
            case .lateStart: [9, gap.lowerBound - 9, gap.upperBound, length - gap.upperBound]
            }
        }
    }

    /// The prepared file with `/ByteRange` rewritten (same width) and a genuine CMS over the ranges it names.
    private func forged(_ forgery: Forgery, by key: CertifiedKey) async throws -> [UInt8] {
        let prepared = try PreparedSignature(PDFFixture.document(), signer: key.certificate, time: PDFFixture.signingTime,
                                             placement: .automatic, reserved: 4_096, timestamped: false)
        var bytes = prepared.bytes
        let range = forgery.byteRange(gap: prepared.contents, length: bytes.count)
        let start = try #require(PDFSyntax.firstIndex(of: "/ByteRange [", in: bytes[...], from: 0)) + "/ByteRange ".utf8.count
        let end = try #require(PDFSyntax.firstIndex(of: "]", in: bytes[...], from: start)) + 1
        let text = Array(("[" + range.map(String.init).joined(separator: " ")).utf8)
        bytes.replaceSubrange(start ..< end, with: text + Array(repeating: UInt8(ascii: " "), count: end - start - text.count - 1) + [UInt8(ascii: "]")])

        let content = Array(bytes[range[0] ..< range[0] + range[1]]) + bytes[range[2] ..< range[2] + range[3]]
        let signer = try key.signer()
        let attributes = try SignedAttributes.padesBaseline(messageDigest: signer.key.algorithm.digest.hash(content), signer: key.certificate)
        let cms = try await signer.signedData(attributes: attributes, contentType: OID.data, content: nil,
                                              certificates: [key.certificate] + key.intermediates).contentInfoBytes()
        let hex = PDFObject.hex(cms).dropFirst().dropLast()
        bytes.replaceSubrange(prepared.contents.lowerBound + 1 ..< prepared.contents.lowerBound + 1 + hex.count, with: hex)
        return bytes
    }

    @Test(arguments: Forgery.allCases)
    func refusesTheRange(_ forgery: Forgery) async throws {
        let signers = try PDFFixture.Signers()
        let pdf = try await forged(forgery, by: signers.teacher)
        let signature = try #require(try await signers.verifier.verify(pdf).signatures.first)
        #expect(signature.status == .invalidSignature)
        #expect(signature.problem == .badByteRange)

        if PDFInteropTests.toolsPresent {
            let (judged, details) = try PyHanko.validate(pdf, trusting: signers.root)
            #expect(judged.allSatisfy { !$0.isGood }, "\(details)")
        }
    }
}
