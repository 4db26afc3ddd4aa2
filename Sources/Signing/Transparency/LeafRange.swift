/// A run of leaves D[begin:end] whose Merkle Tree Hash appears in RFC 9162's recursion: the whole
/// tree, or either side of one of its splits. `begin` is then a multiple of the largest power of
/// two in the length, so the range is a row of perfect subtrees, largest first.
struct LeafRange: Sendable, Hashable {
    let begin: UInt64
    let end: UInt64

    /// One perfect subtree per set bit of the length, from the left.
    var perfectSubtrees: [NodeID] {
        var nodes: [NodeID] = []
        var start = begin
        var remaining = end - begin
        while remaining > 0 {
            let level = UInt8(63 - remaining.leadingZeroBitCount)
            nodes.append(NodeID(level: level, index: start >> level))
            start += 1 << level
            remaining -= 1 << level
        }
        return nodes
    }

    /// MTH(D[begin:end]) from the stored perfect subtrees.
    func hash(from source: some MerkleNodeSource) throws -> MerkleHash {
        MerkleHashing.rowHash(try perfectSubtrees.map { try source.requiredHash(of: $0) })
    }
}
