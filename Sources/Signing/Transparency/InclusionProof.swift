import EduCore
/// That a leaf is in a tree of a given size: what the API hands out and what a client checks.
/// Verification uses only the hash functions, never the tree code that made the proof.
public struct InclusionProof: Sendable, Hashable, Codable {
    public let leafIndex: UInt64
    public let treeSize: UInt64
    /// Sibling hashes, leaf first.
    public let path: [MerkleHash]

    public init(leafIndex: UInt64, treeSize: UInt64, path: [MerkleHash]) {
        self.leafIndex = leafIndex
        self.treeSize = treeSize
        self.path = path
    }

    /// RFC 9162 §2.1.3.2, step by step.
    public func verify(leafHash: MerkleHash, rootHash: MerkleHash) throws {
        guard leafIndex < treeSize else { throw EduError.outOfRange("leaf \(leafIndex), size \(treeSize)") }
        var fn = leafIndex
        var sn = treeSize - 1
        var r = leafHash
        for p in path {
            guard sn != 0 else { throw EduError.inclusionFailed }
            if fn & 1 == 1 || fn == sn {
                r = MerkleHashing.nodeHash(p, r)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                r = MerkleHashing.nodeHash(r, p)
            }
            fn >>= 1
            sn >>= 1
        }
        guard sn == 0, r == rootHash else { throw EduError.inclusionFailed }
    }
}
