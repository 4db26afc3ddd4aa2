import EduCore
@testable import Signing
import Testing

/// Random one-byte edits (flip, drop, insert) of valid JWS, compact and JSON: the verifier must answer
/// every one with a status or an EduError, and an edit of the protected header, payload or signature
/// text must never come back trusted.
@Suite struct JWSMutationTests {
    private enum Edit: CaseIterable {
        case flip, drop, insert

        func apply(to bytes: [UInt8], at index: Int, using random: inout SeededRandom) -> [UInt8] {
            var edited = bytes
            switch self {
            case .flip: edited[index] ^= UInt8.random(in: 1...255, using: &random)
            case .drop: edited.remove(at: index)
            case .insert: edited.insert(UInt8.random(in: 0...255, using: &random), at: index)
            }
            return edited
        }

        /// Whether the edit changes covered text. A byte inserted at the edge of a covered text may land
        /// outside it (before a compact JWS, which may start with blank space), so only one between two
        /// covered bytes counts.
        func changesCovered(_ covered: Set<Int>, at index: Int) -> Bool {
            self == .insert ? covered.contains(index - 1) && covered.contains(index) : covered.contains(index)
        }
    }

    /// Where each text the signatures cover sits in `serialization`. They are unique by nature: random keys and values.
    private static func coveredIndices(of jws: JWS, in serialization: [UInt8]) throws -> [Int] {
        let texts = [Base64URL.encode(jws.payload)] + jws.signatures.flatMap { [$0.protectedHeader, Base64URL.encode($0.value)] }
        return try texts.flatMap { text in
            let part = Array(text.utf8)
            let start = try #require(serialization.indices.dropLast(part.count - 1).first {
                serialization[$0..<($0 + part.count)].elementsEqual(part)
            })
            return Array(start..<(start + part.count))
        }.sorted()
    }

    @Test func fiveThousandMutationsNeverCrashAndNeverPassWhereItMatters() async throws {
        let pki = try Demo.pki()
        let jws = try await pki.issue(for: Demo.seal).jwsSigner().sign(JWSDemo.transcript, type: JWSDemo.type)
        let twoSigners = try await pki.issue(for: Demo.teacher, algorithm: .ecdsaP384SHA384).jwsSigner().addSignature(to: jws)
        let serializations = [
            (Array(try jws.compactSerialization().utf8), jws),
            (try jws.flattenedJSONSerialization(), jws),
            (twoSigners.generalJSONSerialization(), twoSigners),
        ]
        // Sorted arrays to draw from, so the seed alone decides the draws; sets to look up.
        let cases = try serializations.map { serialization, jws in
            let covered = try Self.coveredIndices(of: jws, in: serialization)
            return (serialization, covered, Set(covered))
        }
        let verifier = JWSDemo.verifier(trusting: pki)
        for (serialization, _, _) in cases {
            #expect(try await verifier.verify(serialization).isTrusted, "the unmutated input must pass, or the test proves nothing")
        }
        var random = SeededRandom(seed: 20_261_123)
        var outcomes: [String: Int] = [:]

        for round in 0..<5_000 {
            let (serialization, coveredList, covered) = cases[round % cases.count]
            // Every other edit lands in covered text, so both kinds are well exercised in the JSON forms.
            let index = round.isMultiple(of: 2) ? coveredList.randomElement(using: &random)! : Int.random(in: serialization.indices, using: &random)
            let edit = Edit.allCases.randomElement(using: &random)!
            let mutated = edit.apply(to: serialization, at: index, using: &random)

            let outcome: String
            do {
                let result = try await verifier.verify(mutated)
                if edit.changesCovered(covered, at: index) {
                    #expect(!result.isTrusted, "\(edit) at byte \(index) of covered text came back trusted")
                }
                outcome = result.signatures.map { "\($0.status)" }.joined(separator: "+")
            } catch {
                outcome = error.code
            }
            outcomes[outcome, default: 0] += 1
        }
        print("JWS mutation outcomes:", outcomes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))
        #expect(outcomes.values.reduce(0, +) == 5_000)
    }
}
