import EduCore
import Foundation
@testable import Signing
import Testing

/// Seeded random edits of a PDF signed three times, fed to the verifier: no crash, and a signature is never
/// trusted once a byte it covers has changed.
@Suite("PAdES: mutations")
struct PDFMutationTests {
    enum Edit: CaseIterable {
        case flip, insert, delete, truncate

        func apply(at position: Int, to bytes: [UInt8], using generator: inout SeededRandom) -> [UInt8] {
            var edited = bytes
            switch self {
            case .flip: edited[position] ^= UInt8.random(in: 1...255, using: &generator)
            case .insert: edited.insert(UInt8.random(in: 0...255, using: &generator), at: position)
            case .delete: edited.remove(at: position)
            case .truncate: edited.removeSubrange(position...)
            }
            return edited
        }
    }

    /// What each signature covers in the unedited file: the bytes before its revision's end, less its gap.
    struct Covered {
        let end: Int
        let gap: Range<Int>

        func isIntact(in edited: [UInt8], original: [UInt8]) -> Bool {
            edited.count >= end && edited[..<gap.lowerBound].elementsEqual(original[..<gap.lowerBound])
                && edited[gap.upperBound ..< end].elementsEqual(original[gap.upperBound ..< end])
        }
    }

    static func covered(in pdf: [UInt8]) throws -> [String: Covered] {
        let file = try PDFFile(pdf[...])
        var covered: [String: Covered] = [:]
        for field in try SignatureFields.signed(in: file) {
            let range = try #require(field.value["ByteRange"]?.array?.compactMap { $0.integer })
            covered[field.name] = Covered(end: range[2] + range[3], gap: range[1] ..< range[2])
        }
        return covered
    }

    /// Half the edits land outside the `/Contents` placeholders, which are most of the file, so the
    /// structure (objects, cross-reference sections, trailers) gets its share.
    private func mutate(_ pdf: [UInt8], seed: UInt64, count: Int, verifier: PAdESVerifier) async throws -> (readable: Int, trusted: Int) {
        let covered = try Self.covered(in: pdf)
        let gaps = covered.values.map(\.gap)
        var generator = SeededRandom(seed: seed)
        var (readable, trusted) = (0, 0)
        for round in 0..<count {
            var position = Int.random(in: 0..<pdf.count, using: &generator)
            while round % 2 == 0, gaps.contains(where: { $0.contains(position) }) {
                position = Int.random(in: 0..<pdf.count, using: &generator)
            }
            let edit = Edit.allCases[Int.random(in: 0..<Edit.allCases.count, using: &generator)]
            let edited = edit.apply(at: position, to: pdf, using: &generator)
            guard let result = try? await verifier.verify(edited) else { continue }
            readable += 1
            for signature in result.signatures where signature.isTrusted {
                trusted += 1
                let coverage = try #require(covered[signature.fieldName], "a trusted signature with a name never signed")
                #expect(coverage.isIntact(in: edited, original: pdf), "round \(round): \(edit) at \(position) left \(signature.fieldName) trusted")
            }
        }
        return (readable, trusted)
    }

    @Test func fiveThousandEditsOfAPDFSignedThreeTimes() async throws {
        let signers = try PDFFixture.Signers()
        let signed = try await signers.signInTurn(PDFFixture.document())
        let (readable, trusted) = try await mutate(signed, seed: 0x5041_4445_5342, count: 5_000, verifier: signers.verifier)
        // Edits that leave some signatures trusted (in later revisions or in padding) must have happened, or the test proves little.
        #expect(readable > 500)
        #expect(trusted > 500)
    }

    @Test(.enabled(if: PDFTool.qpdf.isAvailable || Python.requiredByCI))
    func fiveThousandEditsOfACompressedPDFSignedThreeTimes() async throws {
        let signers = try PDFFixture.Signers()
        let original = try PDFTool.qpdf.rewrite(PDFFixture.document(pages: 3), ["--object-streams=generate"])
        let signed = try await signers.signInTurn(original)
        let (readable, trusted) = try await mutate(signed, seed: 0x4F42_4A53_544D, count: 5_000, verifier: signers.verifier)
        #expect(readable > 500)
        #expect(trusted > 500)
    }
}
