import Signing

// Appends 1,000,000 leaves in memory the way the log will (leaf hash, append, store the new
// nodes), then measures proofs and a full audit at that size. Run with -c release.

let leafCount = 1_000_000
let clock = ContinuousClock()

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func rate(_ count: Int, _ duration: Duration) -> String {
    "\(Int(Double(count) / seconds(duration))) /s"
}

/// 32 bytes standing in for a document's SHA-256, different for every index.
func documentHash(_ index: Int) -> [UInt8] {
    withUnsafeBytes(of: UInt64(index).bigEndian, Array.init) + [UInt8](repeating: 0xAB, count: 24)
}

/// Deterministic spread of indices (a 64-bit LCG), so runs compare.
struct Indices {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    mutating func next(below bound: Int) -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return (state >> 11) % UInt64(bound)
    }
}

var tree = MerkleTree()
var nodes = InMemoryMerkleNodes()
var leafHashes: [MerkleHash] = []
leafHashes.reserveCapacity(leafCount)
let oneByOne = clock.measure {
    for index in 0..<leafCount {
        let leafHash = MerkleHashing.leafHash(documentHash(index))
        nodes.store(tree.append(leafHash).newNodes)
        leafHashes.append(leafHash)
    }
}
print("append one at a time (leaf hash + append + root + store): \(rate(leafCount, oneByOne))")

var batched = MerkleTree()
let batchedTime = clock.measure {
    for start in stride(from: 0, to: leafCount, by: 1000) {
        _ = batched.append(contentsOf: leafHashes[start..<start + 1000])
    }
}
precondition(batched.rootHash == tree.rootHash)
print("append in batches of 1000 (leaf hashes given): \(rate(leafCount, batchedTime))")
print("stored nodes: \(nodes.nodeCount)")

let size = UInt64(leafCount)
let root = tree.rootHash
var indices = Indices()
let proofCount = 10_000
var pathLengths = 0, lookups = 0, maxPath = 0
var inclusionProofs: [(InclusionProof, MerkleHash)] = []
let proving = try clock.measure {
    for _ in 0..<proofCount {
        let leaf = indices.next(below: leafCount)
        let proof = try nodes.inclusionProof(leafIndex: leaf, treeSize: size)
        inclusionProofs.append((proof, leafHashes[Int(leaf)]))
    }
}
for (proof, _) in inclusionProofs {
    pathLengths += proof.path.count
    maxPath = max(maxPath, proof.path.count)
    lookups += try ProofPlan.inclusion(leafIndex: proof.leafIndex, treeSize: size).nodes.count
}
let verifying = try clock.measure {
    for (proof, leafHash) in inclusionProofs {
        try proof.verify(leafHash: leafHash, rootHash: root)
    }
}
print("inclusion proof at \(leafCount): mean \(Double(pathLengths) / Double(proofCount)) hashes (max \(maxPath), \(maxPath * 32) bytes), "
    + "mean \(Double(lookups) / Double(proofCount)) node lookups, "
    + "\(seconds(proving) / Double(proofCount) * 1e6) µs to build, \(seconds(verifying) / Double(proofCount) * 1e6) µs to verify")

var consistencyLengths = 0, consistencyMax = 0
var consistencyProofs: [(ConsistencyProof, MerkleHash)] = []
let consistencyProving = try clock.measure {
    for _ in 0..<proofCount {
        let oldSize = indices.next(below: leafCount - 1) + 1
        let proof = try nodes.consistencyProof(from: oldSize, to: size)
        consistencyProofs.append((proof, try nodes.rootHash(treeSize: oldSize)))
    }
}
for (proof, _) in consistencyProofs {
    consistencyLengths += proof.path.count
    consistencyMax = max(consistencyMax, proof.path.count)
}
let consistencyVerifying = try clock.measure {
    for (proof, oldRoot) in consistencyProofs {
        try proof.verify(oldRoot: oldRoot, newRoot: root)
    }
}
print("consistency proof to \(leafCount): mean \(Double(consistencyLengths) / Double(proofCount)) hashes (max \(consistencyMax), \(consistencyMax * 32) bytes), "
    + "\(seconds(consistencyProving) / Double(proofCount) * 1e6) µs to build (with old root), \(seconds(consistencyVerifying) / Double(proofCount) * 1e6) µs to verify")

let signer = try Ed25519CheckpointSigner(keyName: "bench.example/log", privateKey: .init())
let notes = try stride(from: 100_000, through: leafCount, by: 100_000).map { size in
    try Checkpoint(origin: "bench.example/log", treeSize: UInt64(size), rootHash: nodes.rootHash(treeSize: UInt64(size)),
                   timestamp: 0).signed(by: signer)
}
var auditor = LogAuditor(checkpointNotes: notes, verifier: signer.verifier, storedNodes: nodes)
let auditing = try clock.measure {
    for start in stride(from: 0, to: leafCount, by: 5000) {
        try auditor.append((start..<start + 5000).map { StoredLeaf(index: UInt64($0), leafHash: leafHashes[$0]) })
    }
}
print("audit (10 checkpoints, every stored node compared): \(rate(leafCount, auditing)) — \(auditor.report())")
