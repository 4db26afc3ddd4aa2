import Crypto
import EduCore
import Signing

/// Bytes from the lower-case hex the published vectors use.
func hexBytes(_ hex: String) -> [UInt8] {
    Hex.decode(hex)!
}

func hash(_ hex: String) -> MerkleHash {
    MerkleHash(hexBytes(hex))!
}

/// The hash with one bit inverted: the smallest possible tampering.
func flipping(bit: Int, of hash: MerkleHash) -> MerkleHash {
    var bytes = hash.bytes
    bytes[bit / 8 % MerkleHash.byteCount] ^= 1 << (bit % 8)
    return MerkleHash(bytes)!
}

/// A document hash, as the log's entries are.
func entry(_ number: Int) -> [UInt8] {
    Array(SHA256.hash(data: Array("document \(number)".utf8)))
}

/// A log kept in memory the way the real one is stored: entries' leaf hashes, node table,
/// and the root after every append.
struct TestLog {
    private(set) var tree = MerkleTree()
    private(set) var nodes = InMemoryMerkleNodes()
    /// The same nodes as a table a test can tamper with.
    var nodeTable: [NodeID: MerkleHash] = [:]
    var leafHashes: [MerkleHash] = []
    /// roots[n] is the root at size n.
    private(set) var roots = [MerkleHashing.emptyTreeHash]

    init(leafHashes: some Sequence<MerkleHash>) {
        for leafHash in leafHashes {
            append(leafHash)
        }
    }

    init(size: Int) {
        self.init(leafHashes: (0..<size).map { MerkleHashing.leafHash(entry($0)) })
    }

    mutating func append(_ leafHash: MerkleHash) {
        let appended = tree.append(leafHash)
        nodes.store(appended.newNodes)
        for node in appended.newNodes {
            nodeTable[node.id] = node.hash
        }
        leafHashes.append(leafHash)
        roots.append(appended.rootHash)
    }

    var storedLeaves: [StoredLeaf] {
        leafHashes.enumerated().map { StoredLeaf(index: UInt64($0.offset), leafHash: $0.element) }
    }

    func checkpointNote(size: Int, signer: some CheckpointSigner = testSigner) throws -> String {
        try Checkpoint(origin: testSigner.keyName, treeSize: UInt64(size), rootHash: roots[size],
                       timestamp: 1_735_689_600_000 + UInt64(size)).signed(by: signer)
    }
}

let testSigner = try! Ed25519CheckpointSigner(
    keyName: "so-gddt.example/eduvn-log",
    privateKey: Curve25519.Signing.PrivateKey(rawRepresentation: [UInt8](repeating: 7, count: 32)))
