import EduCore
/// Which stored nodes a proof needs and how they combine, decided from the sizes alone. A
/// database reads `nodes` in one query into a `[NodeID: MerkleHash]` and calls
/// `hashes(from:)`, instead of one round trip per node.
public struct ProofPlan: Sendable, Hashable {
    /// One range per proof element, in proof order.
    let ranges: [LeafRange]

    /// At most 2·log2(n) nodes (most proof elements are one perfect subtree; at most one, on
    /// the tree's ragged right edge, is a row of them).
    public var nodes: [NodeID] { ranges.flatMap(\.perfectSubtrees) }

    /// The proof's hashes.
    public func hashes(from source: some MerkleNodeSource) throws -> [MerkleHash] {
        try ranges.map { try $0.hash(from: source) }
    }

    /// RFC 9162 §2.1.3.1 PATH(m, D[n]), unrolled: walk down from the root towards leaf m,
    /// taking the sibling at each split; the proof lists them leaf first.
    public static func inclusion(leafIndex: UInt64, treeSize: UInt64) throws -> ProofPlan {
        guard leafIndex < treeSize else { throw EduError.outOfRange("leaf \(leafIndex), size \(treeSize)") }
        var siblings: [LeafRange] = []
        var (begin, end) = (UInt64(0), treeSize)
        while end - begin > 1 {
            let split = begin + MerkleHashing.largestPowerOfTwo(below: end - begin)
            if leafIndex < split {
                siblings.append(LeafRange(begin: split, end: end))
                end = split
            } else {
                siblings.append(LeafRange(begin: begin, end: split))
                begin = split
            }
        }
        return ProofPlan(ranges: siblings.reversed())
    }

    /// RFC 9162 §2.1.4.1 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), unrolled. Empty when m is 0
    /// or n: every tree extends the empty one, and a tree extends itself.
    public static func consistency(from oldSize: UInt64, to newSize: UInt64) throws -> ProofPlan {
        guard oldSize <= newSize else { throw EduError.outOfRange("sizes \(oldSize) > \(newSize)") }
        guard oldSize > 0, oldSize < newSize else { return ProofPlan(ranges: []) }
        var siblings: [LeafRange] = []
        var (begin, end) = (UInt64(0), newSize)
        // SUBPROOF's flag b: true while D[0:m] is still a left part of the current range, so the
        // verifier already knows its hash and it is left out.
        var oldTreeIsLeftPart = true
        while oldSize != end {
            let split = begin + MerkleHashing.largestPowerOfTwo(below: end - begin)
            if oldSize <= split {
                siblings.append(LeafRange(begin: split, end: end))
                end = split
            } else {
                siblings.append(LeafRange(begin: begin, end: split))
                begin = split
                oldTreeIsLeftPart = false
            }
        }
        if !oldTreeIsLeftPart {
            siblings.append(LeafRange(begin: begin, end: end))
        }
        return ProofPlan(ranges: siblings.reversed())
    }
}
