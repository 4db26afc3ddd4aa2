import Foundation
@testable import Signing
import Testing

/// pyHanko (PyPI) validates our signatures independently, offline, trusting only the demo root; qpdf checks
/// the structure of what we write. scripts/install-deps installs both; under CI a missing one fails.
@Suite("PAdES: pyHanko and qpdf as independent judges")
struct PDFInteropTests {
    static let toolsPresent = (PyHanko.command != nil && PDFTool.qpdf.isAvailable && PDFTool.pdftocairo.isAvailable)
        || Python.requiredByCI

    enum Source: String, CaseIterable, Sendable {
        case classicTable, objectStreams, linearized, cairo, renderedDiploma

        /// The fixture as EduVN writes it, or rewritten by qpdf as another tool would, or a diploma as EduVN's
        /// renderer makes it from its template.
        func document() throws -> [UInt8] {
            switch self {
            case .classicTable: PDFFixture.document(pages: 2)
            case .objectStreams: try PDFTool.qpdf.rewrite(PDFFixture.document(pages: 2), ["--object-streams=generate"])
            case .linearized: try PDFTool.qpdf.rewrite(PDFFixture.document(pages: 2), ["--linearize"])
            case .cairo: try PDFTool.pdftocairo.rewrite(PDFFixture.document(pages: 2), ["-pdf"])
            case .renderedDiploma: try PDFFixture.renderedDiploma()
            }
        }
    }

    @Test(.enabled(if: toolsPresent), arguments: Source.allCases)
    func pyHankoAcceptsThreeSignaturesMadeInTurn(_ source: Source) async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(source.document())

        let check = try PDFTool.check(signed)
        #expect(check.status == 0, "\(check.output)")
        let (signatures, details) = try PyHanko.validate(signed, trusting: signers.root)
        #expect(signatures.count == 3)
        for signature in signatures {
            #expect(signature.isGood, "\(signature.field): \(details)")
        }
        #expect(signatures.map(\.coverage) == ["ENTIRE_REVISION", "ENTIRE_REVISION", "ENTIRE_FILE"])
        #expect(try await signers.verifier.verify(signed).isTrusted)
    }

    /// Each block shows its signer's name as written, Vietnamese letters and all, in a font the block embeds.
    @Test(.enabled(if: toolsPresent))
    func theSignatureBlocksShowTheSignersNamesWithTheirVietnameseLetters() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(PDFFixture.document())
        let text = try PDFTool.text(signed)

        for signer in [signers.teacher, signers.principal, signers.seal] {
            let name = try #require(signer.certificate.commonName)
            #expect(text.contains(name.precomposedStringWithCanonicalMapping), "\(name) in: \(text)")
        }
        #expect(text.contains("Đã ký số bởi / Digitally signed by:"))
        let unsigned = try PDFTool.text(PDFFixture.document())
        #expect(!unsigned.contains("Nguyễn") && !unsigned.contains("Đức"), "the names come from the blocks: \(unsigned)")
    }

    /// Whether no installed font has the character (fontconfig's `fc-list :charset=HEX`).
    static func noFontDraws(_ character: Unicode.Scalar) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/fc-list")
        process.arguments = [":charset=\(String(character.value, radix: 16))", "family"]
        let output = Pipe()
        process.standardOutput = output
        guard (try? process.run()) != nil else { return false }
        let found = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 && found.isEmpty
    }

    /// A character no installed font can draw does not stop the signature: that block alone is folded to ASCII.
    /// (An Egyptian hieroglyph: a letter to the name rules, and in no font the project installs.)
    @Test(.enabled(if: toolsPresent && noFontDraws("\u{13000}")))
    func aNameNoFontCanDrawIsFoldedInTheBlockAndStillSigned() async throws {
        let signers = try PDFFixture.Signers()
        let stranger = try signers.pki.issue(for: .person(name: "Nguyễn Văn \u{13000}", unit: "Trường THPT Trần Phú"))
        let signed = try await signers.signer(stranger).sign(PDFFixture.document())

        #expect(try PDFTool.text(signed).contains("DEMO - Nguyen Van ?"))
        #expect(try await signers.verifier.verify(signed).isTrusted)
    }

    @Test(.enabled(if: toolsPresent))
    func pyHankoRecognisesTheSignatureTimestamps() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(Source.objectStreams.document(), timestamped: true)
        let (signatures, details) = try PyHanko.validate(signed, trusting: signers.root)
        #expect(signatures.count == 3)
        for signature in signatures {
            #expect(signature.isGood, "\(details)")
            let timestamp = try #require(signature.timestamp, "\(details)")
            #expect(timestamp.intact && timestamp.valid && timestamp.trusted, "\(details)")
        }
        let ours = try await signers.verifier.verify(signed)
        #expect(ours.isTrusted)
        #expect(ours.signatures.allSatisfy { $0.timestamp?.isTrusted == true })
    }

    @Test(.enabled(if: toolsPresent), arguments: Source.allCases)
    func bothRejectAFlippedByteInsideTheSignedRange(_ source: Source) async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(source.document())
        // Inside the binary comment on the second line: covered by all three signatures, yet every reader
        // still reads the file, so the signatures themselves must be what fails.
        let tampered = Demo.flipping(11, in: signed)

        let (signatures, details) = try PyHanko.validate(tampered, trusting: signers.root)
        #expect(signatures.count == 3)
        #expect(signatures.allSatisfy { !$0.isGood }, "\(details)")
        let ours = try await signers.verifier.verify(tampered)
        #expect(ours.signatures.map(\.status) == Array(repeating: .contentMismatch, count: 3))
    }

    @Test(.enabled(if: toolsPresent))
    func weCheckPyHankosSignatureAndSignAfterIt() async throws {
        let signers = try PDFFixture.Signers()
        let theirs = try PyHanko.sign(PDFFixture.document(), with: signers.teacher, field: "KyBoiPyHanko")
        let both = try await signers.signer(signers.seal).sign(theirs)

        let ours = try await signers.verifier.verify(both)
        #expect(ours.signatures.map(\.fieldName) == ["KyBoiPyHanko", "Signature2"])
        #expect(ours.signatures.map(\.coverage) == [.signaturesAddedLater, .entireFile])
        #expect(ours.isTrusted)
        let (signatures, details) = try PyHanko.validate(both, trusting: signers.root)
        #expect(signatures.count == 2)
        #expect(signatures.allSatisfy { $0.isGood }, "\(details)")
    }

    /// A form made with an empty signature field for the principal: we sign first in a field of our own,
    /// then pyHanko signs into the prepared field, which earlier signatures must allow.
    @Test(.enabled(if: toolsPresent))
    func pyHankoSignsAPreparedFieldAfterUs() async throws {
        let signers = try PDFFixture.Signers()
        let form = PDFFixture.document(emptySignatureField: "ChuKyHieuTruong")
        let ours = try await signers.signer(signers.teacher).sign(form)
        let both = try PyHanko.sign(ours, with: signers.principal, field: "ChuKyHieuTruong")

        let result = try await signers.verifier.verify(both)
        #expect(result.signatures.map(\.fieldName) == ["Signature1", "ChuKyHieuTruong"])
        #expect(result.signatures.map(\.coverage) == [.signaturesAddedLater, .entireFile])
        #expect(result.isTrusted)
        let (signatures, details) = try PyHanko.validate(both, trusting: signers.root)
        #expect(signatures.count == 2)
        #expect(signatures.allSatisfy { $0.isGood }, "\(details)")
    }
}
