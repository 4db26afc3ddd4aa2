import Crypto
import Foundation

/// The hashes of RFC 9162 §2.1.1 with SHA-256. The one-byte prefixes keep a leaf from ever
/// being taken for an interior node (second-preimage resistance).
public enum MerkleHashing {
    /// MTH({}) = SHA-256 of nothing.
    public static let emptyTreeHash = MerkleHash(digest: SHA256())

    /// MTH({d}) = SHA-256(0x00 || d).
    public static func leafHash(_ entry: some DataProtocol) -> MerkleHash {
        var sha = SHA256()
        withUnsafeBytes(of: UInt8(0x00)) { sha.update(bufferPointer: $0) }
        sha.update(data: entry)
        return MerkleHash(digest: sha)
    }

    /// SHA-256(0x01 || left || right).
    public static func nodeHash(_ left: MerkleHash, _ right: MerkleHash) -> MerkleHash {
        var sha = SHA256()
        withUnsafeBytes(of: UInt8(0x01)) { sha.update(bufferPointer: $0) }
        left.withUnsafeBytes { sha.update(bufferPointer: $0) }
        right.withUnsafeBytes { sha.update(bufferPointer: $0) }
        return MerkleHash(digest: sha)
    }

    /// MTH(D[n]) by the definition: split at the largest power of two smaller than n.
    /// Linear in n and recursive; `MerkleTree` is the incremental form. Kept as the reference
    /// that the incremental code is tested against.
    public static func treeHash(leafHashes: ArraySlice<MerkleHash>) -> MerkleHash {
        switch leafHashes.count {
        case 0: return emptyTreeHash
        case 1: return leafHashes[leafHashes.startIndex]
        default:
            let split = leafHashes.startIndex + Int(largestPowerOfTwo(below: UInt64(leafHashes.count)))
            return nodeHash(treeHash(leafHashes: leafHashes[..<split]), treeHash(leafHashes: leafHashes[split...]))
        }
    }

    /// The hash of a row of perfect subtrees, largest first, as the largest-power-of-two split
    /// combines them: folded from the right. Empty for no subtrees.
    static func rowHash(_ subtreeHashes: [MerkleHash]) -> MerkleHash {
        guard var folded = subtreeHashes.last else { return emptyTreeHash }
        for left in subtreeHashes.dropLast().reversed() {
            folded = nodeHash(left, folded)
        }
        return folded
    }

    /// k in RFC 9162 §2.1.1: the largest power of two smaller than n, for n > 1.
    static func largestPowerOfTwo(below n: UInt64) -> UInt64 {
        precondition(n > 1)
        return 1 << (63 - (n - 1).leadingZeroBitCount)
    }
}

extension MerkleHash {
    fileprivate init(digest sha: SHA256) {
        self = sha.finalize().withUnsafeBytes(MerkleHash.init(copying:))
    }
}
