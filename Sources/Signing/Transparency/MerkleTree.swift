/// The growing edge of the log: the perfect subtrees that cover all leaves so far, at most one
/// per level (one per set bit of the size). Appending is binary addition: two equal subtrees
/// side by side carry into one a level up, so an append costs O(1) node hashes amortised,
/// O(log n) at worst, and memory stays O(log n) however long the log.
public struct MerkleTree: Sendable {
    public private(set) var size: UInt64 = 0
    /// Largest subtree first.
    private var frontier: [MerkleNode] = []

    /// An empty log.
    public init() {}

    /// Resumes a log of `size` leaves from its store by reading its frontier nodes.
    public init(size: UInt64, nodes: some MerkleNodeSource) throws {
        self.size = size
        frontier = try Self.frontier(size: size).map {
            MerkleNode(id: $0, hash: try nodes.requiredHash(of: $0))
        }
    }

    /// The nodes a log of `size` leaves resumes from: what a store fetches before `init(size:nodes:)`.
    public static func frontier(size: UInt64) -> [NodeID] {
        LeafRange(begin: 0, end: size).perfectSubtrees
    }

    /// MTH of the whole log.
    public var rootHash: MerkleHash {
        MerkleHashing.rowHash(frontier.map(\.hash))
    }

    /// Appends leaf hashes (`MerkleHashing.leafHash(entry)`); the root is computed once per call,
    /// so a batch is cheaper than one call per leaf.
    @discardableResult
    public mutating func append(contentsOf leafHashes: some Sequence<MerkleHash>) -> MerkleAppend {
        var newNodes: [MerkleNode] = []
        for leafHash in leafHashes {
            push(leafHash, recordingInto: &newNodes)
        }
        return MerkleAppend(treeSize: size, rootHash: rootHash, newNodes: newNodes)
    }

    @discardableResult
    public mutating func append(_ leafHash: MerkleHash) -> MerkleAppend {
        append(contentsOf: CollectionOfOne(leafHash))
    }

    private mutating func push(_ leafHash: MerkleHash, recordingInto newNodes: inout [MerkleNode]) {
        var carry = MerkleNode(id: NodeID(level: 0, index: size), hash: leafHash)
        newNodes.append(carry)
        while let left = frontier.last, left.id.level == carry.id.level {
            frontier.removeLast()
            carry = MerkleNode(id: NodeID(level: carry.id.level + 1, index: left.id.index / 2),
                               hash: MerkleHashing.nodeHash(left.hash, carry.hash))
            newNodes.append(carry)
        }
        frontier.append(carry)
        size += 1
    }
}

/// What an append produced: the new tree head, and the perfect subtrees it completed, which the
/// store must persist (in this order) before the head is published.
public struct MerkleAppend: Sendable, Hashable {
    public let treeSize: UInt64
    public let rootHash: MerkleHash
    /// Every new leaf (level 0) and every node completed above it.
    public let newNodes: [MerkleNode]
}
