import EduCore
import Crypto
import Foundation
import Signing
import Testing

/// Published vectors. Merkle: transparency-dev/merkle, testonly/constants.go (LeafInputs,
/// NodeHashes, RootHashes) and proof/verify_test.go (inclusionProofs, consistencyProofs), the
/// same as google/certificate-transparency-go merkletree/merkle_verifier_test.go.
/// Signed note: golang.org/x/mod/sumdb/note (the package's PeterNeumann example).
@Suite struct TransparencyVectorTests {
    static let leafInputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                             "606162636465666768696a6b6c6d6e6f"].map(hexBytes)

    /// NodeHashes: [level][index] of every perfect subtree of the 8-leaf tree.
    static let nodeHashes = [
        ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
         "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
         "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
         "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
         "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
         "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
         "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
         "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"],
        ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
         "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
         "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
         "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"],
        ["d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
         "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
        ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
    ].map { $0.map(hash) }

    /// RootHashes: the root at sizes 0...8.
    static let roots = ["e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"].map(hash)

    /// The Go vectors count leaves from 1; these from 0.
    static let inclusionProofs: [ProofVector] = [
        ProofVector(0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        ProofVector(5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        ProofVector(2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
        ProofVector(1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        ProofVector(0, 1, []),
    ]

    static let consistencyProofs: [ProofVector] = [
        ProofVector(1, 1, []),
        ProofVector(1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
        ProofVector(6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
        ProofVector(2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
        ProofVector(6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    ]

    let log = TestLog(leafHashes: leafInputs.map(MerkleHashing.leafHash))

    @Test func leafAndEmptyHashes() {
        #expect(Self.leafInputs.map(MerkleHashing.leafHash) == Self.nodeHashes[0])
        #expect(MerkleHashing.emptyTreeHash == Self.roots[0])
    }

    @Test func rootAtEverySize() throws {
        #expect(log.roots == Self.roots)
        for size in 0...8 {
            #expect(try log.nodes.rootHash(treeSize: UInt64(size)) == Self.roots[size], "size \(size)")
            #expect(MerkleHashing.treeHash(leafHashes: log.leafHashes.prefix(size)) == Self.roots[size], "size \(size)")
        }
    }

    @Test func storedNodesAreThePerfectSubtrees() {
        #expect(log.nodes.nodeCount == 15)
        for (level, hashes) in Self.nodeHashes.enumerated() {
            for (index, hash) in hashes.enumerated() {
                #expect(log.nodes.hash(of: NodeID(level: UInt8(level), index: UInt64(index))) == hash)
            }
        }
    }

    @Test(arguments: inclusionProofs)
    func inclusionProof(_ vector: ProofVector) throws {
        let proof = try log.nodes.inclusionProof(leafIndex: vector.first, treeSize: vector.size)
        #expect(proof.path == vector.path.map(hash))
        try proof.verify(leafHash: Self.nodeHashes[0][Int(vector.first)], rootHash: Self.roots[Int(vector.size)])
    }

    @Test(arguments: consistencyProofs)
    func consistencyProof(_ vector: ProofVector) throws {
        let proof = try log.nodes.consistencyProof(from: vector.first, to: vector.size)
        #expect(proof.path == vector.path.map(hash))
        try proof.verify(oldRoot: Self.roots[Int(vector.first)], newRoot: Self.roots[Int(vector.size)])
    }

    static let goVerifierKey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    static let goText = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    static let goNote = goText + "\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
    /// From the signer key "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz":
    /// base64 of type 0x01 followed by the Ed25519 seed.
    static let goSeed = Data(base64Encoded: "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")!.dropFirst()

    @Test func goSignedNoteOpens() throws {
        let verifier = try Ed25519CheckpointVerifier(verifierKey: Self.goVerifierKey)
        #expect(try SignedNote.open(Self.goNote, verifier: verifier) == Self.goText)
        let altered = Self.goNote.replacingOccurrences(of: "cryptography", with: "cryptographY")
        #expect(throws: EduError.self) { try SignedNote.open(altered, verifier: verifier) }
    }

    @Test func goSignerKeyGivesTheSameVerifierKeyAndSignature() throws {
        let signer = try Ed25519CheckpointSigner(
            keyName: "PeterNeumann", privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: Self.goSeed))
        #expect(signer.verifier.verifierKey == Self.goVerifierKey)
        let note = try SignedNote.sign(Self.goText, with: signer)
        #expect(try SignedNote.open(note, verifier: signer.verifier) == Self.goText)
        #if !canImport(Darwin)
        // BoringSSL's Ed25519 is RFC 8032's deterministic one, so the bytes must be Go's;
        // CryptoKit on Apple platforms randomises signatures.
        #expect(note == Self.goNote)
        #endif
    }
}

/// A published proof: for inclusion `first` is the leaf index, for consistency the old size.
struct ProofVector: Sendable, CustomTestStringConvertible {
    let first: UInt64
    let size: UInt64
    let path: [String]

    init(_ first: UInt64, _ size: UInt64, _ path: [String]) {
        self.first = first
        self.size = size
        self.path = path
    }

    var testDescription: String { "\(first), \(size)" }
}
