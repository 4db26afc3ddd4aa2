/// Perfect-subtree hashes in memory, one array per level: tests, benchmarks, small logs.
/// A 1,000,000-leaf log holds about 2,000,000 nodes (64 MB).
public struct InMemoryMerkleNodes: MerkleNodeSource, Sendable {
    private var levels: [[MerkleHash]] = []

    public init() {}

    /// Stores what `MerkleTree.append` returned. Nodes arrive in append order, so each level only
    /// ever grows at its end.
    public mutating func store(_ nodes: [MerkleNode]) {
        for node in nodes {
            let level = Int(node.id.level)
            while levels.count <= level { levels.append([]) }
            precondition(node.id.index == UInt64(levels[level].count), "node \(node.id) stored out of order")
            levels[level].append(node.hash)
        }
    }

    public var nodeCount: Int { levels.reduce(0) { $0 + $1.count } }

    public func hash(of node: NodeID) -> MerkleHash? {
        let level = Int(node.level)
        guard level < levels.count, node.index < UInt64(levels[level].count) else { return nil }
        return levels[level][Int(node.index)]
    }
}
