/// A perfect (complete) subtree of the log: the 2^level leaves from index·2^level on.
/// Only these are stored. Their hashes never change once the log has grown past them,
/// which is what lets a store keep them forever and answer any proof from O(log n) of them.
public struct NodeID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// 0 for a leaf, up to 63.
    public let level: UInt8
    public let index: UInt64

    public init(level: UInt8, index: UInt64) {
        precondition(level < 64)
        self.level = level
        self.index = index
    }

    /// The leaf indices the subtree covers.
    public var leaves: Range<UInt64> {
        (index << level)..<((index + 1) << level)
    }

    public var description: String { "(\(level), \(index))" }
}

/// A node and its hash: what an append hands to the store to persist.
public struct MerkleNode: Sendable, Hashable {
    public let id: NodeID
    public let hash: MerkleHash

    public init(id: NodeID, hash: MerkleHash) {
        self.id = id
        self.hash = hash
    }
}
