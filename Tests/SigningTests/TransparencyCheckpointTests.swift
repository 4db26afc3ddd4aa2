import EduCore
import Crypto
import Foundation
import Signing
import Testing

@Suite struct TransparencyCheckpointTests {
    let checkpoint = try! Checkpoint(origin: "so-gddt.example/eduvn-log", treeSize: 1234,
                                     rootHash: MerkleHashing.leafHash([1, 2, 3]), timestamp: 1_735_689_600_000)

    @Test func textIsTheC2SPCheckpointBody() throws {
        #expect(checkpoint.text == """
            so-gddt.example/eduvn-log
            1234
            \(MerkleHashing.leafHash([1, 2, 3]).base64)
            timestamp 1735689600000

            """)
        #expect(try Checkpoint(text: checkpoint.text) == checkpoint)
    }

    @Test func signedCheckpointOpensWithTheLogKey() throws {
        let note = try checkpoint.signed(by: testSigner)
        #expect(note.hasPrefix(checkpoint.text + "\n— so-gddt.example/eduvn-log "))
        #expect(try Checkpoint.open(note, verifier: testSigner.verifier) == checkpoint)
    }

    @Test func editedCheckpointIsRejected() throws {
        let note = try checkpoint.signed(by: testSigner)
        let edited = note.replacingOccurrences(of: "\n1234\n", with: "\n1235\n")
        let error = #expect(throws: EduError.self) { try Checkpoint.open(edited, verifier: testSigner.verifier) }
        #expect(error?.code == "transparency.bad_signature")
    }

    @Test func onlyTheTrustedKeyCounts() throws {
        let stranger = try Ed25519CheckpointSigner(keyName: testSigner.keyName,
                                                   privateKey: Curve25519.Signing.PrivateKey())
        // Same name, other key: its key ID differs, so the line is not the log's.
        let error = #expect(throws: EduError.self) {
            try Checkpoint.open(checkpoint.signed(by: stranger), verifier: testSigner.verifier)
        }
        #expect(error?.code == "transparency.unsigned")

        // A witness's cosignature beside the log's signature is no concern of the log's verifier.
        let witness = try Ed25519CheckpointSigner(keyName: "witness.example", privateKey: Curve25519.Signing.PrivateKey())
        let witnessLine = try checkpoint.signed(by: witness).split(separator: "\n").last!
        let cosigned = try checkpoint.signed(by: testSigner) + witnessLine + "\n"
        #expect(try Checkpoint.open(cosigned, verifier: testSigner.verifier) == checkpoint)
        #expect(try Checkpoint.open(cosigned, verifier: witness.verifier) == checkpoint)
    }

    @Test(arguments: [
        "log\n01234\n\(MerkleHashing.emptyTreeHash.base64)\ntimestamp 1\n",     // leading zero
        "log\n12\n\(MerkleHashing.emptyTreeHash.base64.dropLast(4))\ntimestamp 1\n", // 30 bytes, not 32
        "log\n12\n\(MerkleHashing.emptyTreeHash.base64)\n",                    // no timestamp
        "log\n12\n\(MerkleHashing.emptyTreeHash.base64)\ntimestamp 1\nmore\n", // extra line
        "log\n12\n\(MerkleHashing.emptyTreeHash.base64)\ntimestamp 1",         // no final newline
        "log\n-12\n\(MerkleHashing.emptyTreeHash.base64)\ntimestamp 1\n",      // sign
        "\n12\n\(MerkleHashing.emptyTreeHash.base64)\ntimestamp 1\n",          // empty origin
    ])
    func malformedTextsAreRejected(_ text: String) {
        #expect(throws: EduError.self) { try Checkpoint(text: text) }
    }

    @Test func verifierKeyRoundTrips() throws {
        let key = testSigner.verifier.verifierKey
        #expect(key.hasPrefix("so-gddt.example/eduvn-log+"))
        let parsed = try Ed25519CheckpointVerifier(verifierKey: key)
        #expect(parsed.keyID == testSigner.keyID)
        #expect(parsed.publicKey.rawRepresentation == testSigner.verifier.publicKey.rawRepresentation)
        let fields = key.split(separator: "+", maxSplits: 2)
        for bad in [fields[0] + "+00000000+" + fields[2], "+" + fields[1] + "+" + fields[2], String(fields[0])] {
            #expect(throws: EduError.self) { try Ed25519CheckpointVerifier(verifierKey: bad) }
        }
    }

    @Test(arguments: ["", "two words", "a+b", "tab\there"])
    func keyNamesFollowTheNoteRules(_ name: String) {
        #expect(throws: EduError.self) {
            try Ed25519CheckpointSigner(keyName: name, privateKey: Curve25519.Signing.PrivateKey())
        }
    }
}
