import EduCore
import Foundation
import Signing
import Testing

/// Every proof of every tree up to 70 leaves (sizes around 64 exercise the deepest split)
/// verifies, and no proof with one bit changed, or for the wrong leaf or root, does.
@Suite struct TransparencyProofPropertyTests {
    static let log = TestLog(size: 70)

    @Test(arguments: 1...70)
    func rootsMatchTheDefinition(size: Int) throws {
        let log = Self.log
        let reference = MerkleHashing.treeHash(leafHashes: log.leafHashes.prefix(size))
        #expect(log.roots[size] == reference)
        #expect(try log.nodes.rootHash(treeSize: UInt64(size)) == reference)
    }

    @Test(arguments: 1...70)
    func everyInclusionProofVerifiesAndNoAlteredOneDoes(size: Int) throws {
        let log = Self.log
        let treeSize = UInt64(size)
        let root = log.roots[size]
        for leaf in 0..<size {
            let leafHash = log.leafHashes[leaf]
            let proof = try log.nodes.inclusionProof(leafIndex: UInt64(leaf), treeSize: treeSize)
            try proof.verify(leafHash: leafHash, rootHash: root)
            #expect(proof.path.count <= 64 - (treeSize - 1).leadingZeroBitCount)

            var forgeries = proof.path.indices.map { position in
                var path = proof.path
                path[position] = flipping(bit: position * 37 + leaf, of: path[position])
                return (InclusionProof(leafIndex: UInt64(leaf), treeSize: treeSize, path: path), leafHash, root)
            }
            forgeries.append((proof, flipping(bit: leaf, of: leafHash), root))
            forgeries.append((proof, leafHash, flipping(bit: leaf, of: root)))
            if !proof.path.isEmpty {
                forgeries.append((InclusionProof(leafIndex: UInt64(leaf), treeSize: treeSize, path: proof.path.dropLast()), leafHash, root))
            }
            forgeries.append((InclusionProof(leafIndex: UInt64(leaf), treeSize: treeSize, path: proof.path + [root]), leafHash, root))
            for other in [leaf - 1, leaf + 1] where other >= 0 && other < size {
                forgeries.append((InclusionProof(leafIndex: UInt64(other), treeSize: treeSize, path: proof.path), leafHash, root))
            }
            for (forged, leafHash, root) in forgeries where (try? forged.verify(leafHash: leafHash, rootHash: root)) != nil {
                Issue.record("forged inclusion proof verified: leaf \(leaf), size \(size), \(forged.path)")
            }
        }
    }

    @Test(arguments: 1...70)
    func everyConsistencyProofVerifiesAndNoAlteredOneDoes(size: Int) throws {
        let log = Self.log
        let newRoot = log.roots[size]
        for oldSize in 0...size {
            let oldRoot = log.roots[oldSize]
            let proof = try log.nodes.consistencyProof(from: UInt64(oldSize), to: UInt64(size))
            try proof.verify(oldRoot: oldRoot, newRoot: newRoot)
            #expect(proof.path.isEmpty == (oldSize == 0 || oldSize == size))

            var forgeries = proof.path.indices.map { position in
                var path = proof.path
                path[position] = flipping(bit: position * 41 + oldSize, of: path[position])
                return (ConsistencyProof(oldSize: proof.oldSize, newSize: proof.newSize, path: path), oldRoot, newRoot)
            }
            forgeries.append((proof, flipping(bit: oldSize, of: oldRoot), newRoot))
            if oldSize > 0 { // the empty tree is a prefix of every tree, whatever its root
                forgeries.append((proof, oldRoot, flipping(bit: oldSize, of: newRoot)))
            }
            if !proof.path.isEmpty {
                forgeries.append((ConsistencyProof(oldSize: proof.oldSize, newSize: proof.newSize, path: proof.path.dropLast()), oldRoot, newRoot))
                forgeries.append((ConsistencyProof(oldSize: proof.oldSize - 1, newSize: proof.newSize, path: proof.path), oldRoot, newRoot))
            }
            for (forged, oldRoot, newRoot) in forgeries where (try? forged.verify(oldRoot: oldRoot, newRoot: newRoot)) != nil {
                Issue.record("forged consistency proof verified: \(oldSize) → \(size), \(forged.path)")
            }
        }
    }

    @Test func proofsFromPrefetchedNodesMatch() throws {
        let plan = try ProofPlan.inclusion(leafIndex: 37, treeSize: 70)
        let fetched = Dictionary(uniqueKeysWithValues: plan.nodes.map { ($0, Self.log.nodeTable[$0]!) })
        #expect(try plan.hashes(from: fetched) == Self.log.nodes.inclusionProof(leafIndex: 37, treeSize: 70).path)
        #expect(plan.nodes.count <= 2 * 7)
    }

    @Test func aResumedTreeContinuesTheSameLog() throws {
        let log = Self.log
        var resumed = try MerkleTree(size: 45, nodes: log.nodes)
        #expect(resumed.rootHash == log.roots[45])
        let appended = resumed.append(contentsOf: log.leafHashes[45...])
        #expect(appended.treeSize == 70)
        #expect(appended.rootHash == log.roots[70])
        #expect(appended.newNodes.allSatisfy { log.nodeTable[$0.id] == $0.hash })
    }

    @Test func missingNodesAndBadSizesAreErrors() {
        let log = TestLog(size: 5)
        #expect(throws: EduError.self) { try log.nodes.rootHash(treeSize: 6) }
        #expect(throws: EduError.self) { try log.nodes.inclusionProof(leafIndex: 5, treeSize: 5) }
        #expect(throws: EduError.self) { try log.nodes.consistencyProof(from: 5, to: 4) }
        #expect(throws: EduError.self) { try MerkleTree(size: 6, nodes: log.nodes) }
    }

    @Test func proofsTravelAsJSON() throws {
        let proof = try Self.log.nodes.inclusionProof(leafIndex: 3, treeSize: 70)
        let json = try JSONEncoder().encode(proof)
        #expect(try JSONDecoder().decode(InclusionProof.self, from: json) == proof)
        #expect(String(decoding: json, as: UTF8.self).contains(proof.path[0].base64.replacingOccurrences(of: "/", with: "\\/")))
    }
}
