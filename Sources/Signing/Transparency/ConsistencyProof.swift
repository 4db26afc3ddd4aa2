import EduCore
/// That a tree of `newSize` leaves extends the tree of `oldSize` leaves, so no entry of the old
/// one was changed, removed or reordered. Verification uses only the hash functions.
public struct ConsistencyProof: Sendable, Hashable, Codable {
    public let oldSize: UInt64
    public let newSize: UInt64
    public let path: [MerkleHash]

    public init(oldSize: UInt64, newSize: UInt64, path: [MerkleHash]) {
        self.oldSize = oldSize
        self.newSize = newSize
        self.path = path
    }

    /// RFC 9162 §2.1.4.2, step by step, for 0 < oldSize < newSize. The RFC leaves the other
    /// cases out; here they need an empty proof, and equal roots when the sizes are equal, and the
    /// empty-tree root for size 0 (a checkpoint of the empty log can only have that root).
    public func verify(oldRoot: MerkleHash, newRoot: MerkleHash) throws {
        guard oldSize <= newSize else { throw EduError.outOfRange("sizes \(oldSize) > \(newSize)") }
        if oldSize == 0 || oldSize == newSize {
            let expectedOldRoot = oldSize == 0 ? MerkleHashing.emptyTreeHash : newRoot
            guard path.isEmpty, oldRoot == expectedOldRoot else { throw EduError.consistencyFailed }
            return
        }
        guard !path.isEmpty else { throw EduError.consistencyFailed }
        let steps = oldSize.nonzeroBitCount == 1 ? [oldRoot] + path : path
        var fn = oldSize - 1
        var sn = newSize - 1
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        var fr = steps[0]
        var sr = steps[0]
        for c in steps.dropFirst() {
            guard sn != 0 else { throw EduError.consistencyFailed }
            if fn & 1 == 1 || fn == sn {
                fr = MerkleHashing.nodeHash(c, fr)
                sr = MerkleHashing.nodeHash(c, sr)
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                sr = MerkleHashing.nodeHash(sr, c)
            }
            fn >>= 1
            sn >>= 1
        }
        guard fr == oldRoot, sr == newRoot, sn == 0 else { throw EduError.consistencyFailed }
    }
}
