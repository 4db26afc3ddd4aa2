import EduCore
/// Where the hashes of perfect subtrees are kept: a database table keyed by (level, index), or
/// memory. That is all a log needs to keep besides its entries: any root, inclusion proof or
/// consistency proof is built from O(log n) of them (see `ProofPlan`).
public protocol MerkleNodeSource {
    /// The stored hash of the perfect subtree, or nil when it is not stored.
    func hash(of node: NodeID) throws -> MerkleHash?
}

extension MerkleNodeSource {
    func requiredHash(of node: NodeID) throws -> MerkleHash {
        guard let hash = try hash(of: node) else { throw EduError.missingNode(node) }
        return hash
    }

    /// MTH(D[0:treeSize]) for any size the store has reached.
    public func rootHash(treeSize: UInt64) throws -> MerkleHash {
        try LeafRange(begin: 0, end: treeSize).hash(from: self)
    }

    /// PATH(leafIndex, D[0:treeSize]) of RFC 9162 §2.1.3.1.
    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64) throws -> InclusionProof {
        let plan = try ProofPlan.inclusion(leafIndex: leafIndex, treeSize: treeSize)
        return InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: try plan.hashes(from: self))
    }

    /// PROOF(oldSize, D[0:newSize]) of RFC 9162 §2.1.4.1.
    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) throws -> ConsistencyProof {
        let plan = try ProofPlan.consistency(from: oldSize, to: newSize)
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: try plan.hashes(from: self))
    }
}

/// Nodes fetched ahead, e.g. the `ProofPlan.nodes` of one proof read in a single query.
extension Dictionary: MerkleNodeSource where Key == NodeID, Value == MerkleHash {
    public func hash(of node: NodeID) -> MerkleHash? { self[node] }
}
