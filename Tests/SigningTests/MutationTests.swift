import EduCore
@testable import Signing
import Testing

/// Random single-byte mutations of a valid signature: the verifier must answer every one with a
/// status or an EduError, and a change inside the signature value or the signed message digest
/// must never come back trusted.
@Suite struct MutationTests {
    /// Where `part` sits in `whole`. The parts looked for, a digest and a signature value, are unique by nature.
    private static func range(of part: [UInt8], in whole: [UInt8]) -> Range<Int>? {
        whole.indices.dropLast(part.count - 1).lazy
            .map { $0..<($0 + part.count) }
            .first { whole[$0].elementsEqual(part) }
    }

    @Test func fiveThousandMutationsNeverCrashAndNeverPassWhereItMatters() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        let verifier = Demo.verifier(trusting: pki)
        let signatureValue = try #require(Self.range(of: Array(SignatureClaims(signature).signatureValue), in: signature))
        let messageDigest = try #require(Self.range(of: DigestAlgorithm.sha256.hash(Demo.document), in: signature))
        let protected = Array(signatureValue) + Array(messageDigest)
        var random = SeededRandom(seed: 20_261_120)
        var outcomes: [String: Int] = [:]

        for round in 0..<5_000 {
            // Every other mutation lands in a protected byte, so both kinds are well covered.
            let index = round.isMultiple(of: 2) ? protected.randomElement(using: &random)! : Int.random(in: signature.indices, using: &random)
            var mutated = signature
            mutated[index] ^= UInt8.random(in: 1...255, using: &random)

            let outcome: String
            do {
                let result = try await verifier.verify(mutated, of: Demo.document)
                if protected.contains(index) {
                    #expect(!result.isTrusted, "byte \(index) of the signature value or digest changed, still trusted")
                }
                outcome = "\(result.status)"
            } catch {
                outcome = error.code
            }
            outcomes[outcome, default: 0] += 1
        }
        print("Mutation outcomes:", outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(outcomes.values.reduce(0, +) == 5_000)
    }

    /// Every truncation, and 4,000 seeded deletions and insertions of one byte: DER leaves no room for a byte more or
    /// less, so none may come back trusted, and none may crash the reader.
    @Test func truncatedShortenedAndLengthenedSignaturesAreNeverTrusted() async throws {
        let pki = try Demo.pki()
        let signature = try await pki.issue(for: Demo.seal).signer().sign(Demo.document)
        let verifier = Demo.verifier(trusting: pki)
        var random = SeededRandom(seed: 20_261_124)
        var mutations = signature.indices.map { Array(signature.prefix($0)) }
        for _ in 0..<2_000 {
            var shorter = signature
            shorter.remove(at: Int.random(in: signature.indices, using: &random))
            var longer = signature
            longer.insert(UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0...signature.count, using: &random))
            mutations += [shorter, longer]
        }
        var outcomes: [String: Int] = [:]
        for mutated in mutations {
            do {
                let result = try await verifier.verify(mutated, of: Demo.document)
                #expect(!result.isTrusted, "a signature of \(mutated.count) bytes (\(signature.count) signed) came back trusted")
                outcomes["\(result.status)", default: 0] += 1
            } catch {
                outcomes[error.code, default: 0] += 1
            }
        }
        print("Truncated, shortened and lengthened signatures:", outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(outcomes.values.reduce(0, +) == signature.count + 4_000)
    }
}
