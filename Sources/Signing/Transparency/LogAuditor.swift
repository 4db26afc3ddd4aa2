/// One stored entry as the auditor reads it: its index in the log and its leaf hash,
/// `MerkleHashing.leafHash(entry)` recomputed from the entry's bytes.
public struct StoredLeaf: Sendable, Hashable {
    public let index: UInt64
    public let leafHash: MerkleHash

    public init(index: UInt64, leafHash: MerkleHash) {
        self.index = index
        self.leafHash = leafHash
    }
}

/// Checks a whole log (`eduvn log verify`): rebuilds the tree from the stored entries, read in
/// index order page by page, and compares it with every stored signed checkpoint and, when
/// given, every stored node. Memory stays O(log n + checkpoints).
///
/// The stored nodes pin an edited entry to its exact index as long as the node table was left
/// alone; the checkpoints catch what rewrites both, to within the span since the last
/// matching checkpoint, and tell a rewrite followed by a new signature for what it is: a fork.
public struct LogAuditor {
    private var tree = MerkleTree()
    private let storedNodes: (any MerkleNodeSource)?
    /// Distinct checkpoints by size, and how many of them the tree has reached.
    private var checkpoints: [Checkpoint] = []
    private var reached = 0
    private var lastMatchedSize: UInt64 = 0
    private var finding: LogAuditFinding?
    /// Set once nothing further can change the finding.
    private var done = false

    /// - Parameters:
    ///   - checkpointNotes: every signed checkpoint the log has issued, as stored.
    ///   - verifier: the log's public key.
    ///   - storedNodes: the log's node store, to be checked too.
    public init(checkpointNotes: [String], verifier: some CheckpointVerifier,
                storedNodes: (any MerkleNodeSource)? = nil) {
        self.storedNodes = storedNodes
        var opened: [Checkpoint] = []
        for (position, note) in checkpointNotes.enumerated() {
            do {
                opened.append(try Checkpoint.open(note, verifier: verifier))
            } catch {
                conclude(.invalidCheckpoint(position: position, error))
                return
            }
        }
        var bySize: [UInt64: Checkpoint] = [:]
        for checkpoint in opened {
            if let other = bySize[checkpoint.treeSize], other.rootHash != checkpoint.rootHash {
                conclude(.fork(other, checkpoint))
                return
            }
            bySize[checkpoint.treeSize] = checkpoint
        }
        checkpoints = bySize.values.sorted { $0.treeSize < $1.treeSize }
        compareReachedCheckpoints()
    }

    /// Feeds the next page of entries, in index order. Throws only what the node store throws.
    public mutating func append(_ page: some Sequence<StoredLeaf>) throws {
        var run: [MerkleHash] = []
        for leaf in page {
            guard !done else { return }
            let expected = tree.size + UInt64(run.count)
            guard leaf.index == expected else {
                try grow(with: &run)
                conclude(leaf.index > expected ? .missingEntry(index: expected) : .misplacedEntry(index: leaf.index))
                return
            }
            run.append(leaf.leafHash)
            // Roots are only needed at checkpoint sizes: growing the tree in runs between them
            // keeps the audit at about two hashes per entry.
            if reached < checkpoints.count, checkpoints[reached].treeSize == expected + 1 {
                try grow(with: &run)
            }
        }
        try grow(with: &run)
    }

    /// The verdict on the entries fed so far, taken as the whole log.
    public func report() -> LogAuditReport {
        if let finding { return .broken(finding) }
        if reached < checkpoints.count { return .broken(.truncated(checkpoints[reached], entries: tree.size)) }
        return .intact(entries: tree.size, checkpoints: checkpoints.count, checkpointedSize: lastMatchedSize)
    }

    private mutating func grow(with run: inout [MerkleHash]) throws {
        guard !run.isEmpty, !done else { return }
        let appended = tree.append(contentsOf: run)
        run.removeAll(keepingCapacity: true)
        if finding == nil, let storedNodes {
            for node in appended.newNodes where try storedNodes.hash(of: node.id) != node.hash {
                conclude(node.id.level == 0 ? .alteredEntry(index: node.id.index) : .alteredNode(node.id))
                return
            }
        }
        compareReachedCheckpoints(root: appended.rootHash)
    }

    private mutating func compareReachedCheckpoints(root: MerkleHash? = nil) {
        while reached < checkpoints.count, checkpoints[reached].treeSize == tree.size {
            let checkpoint = checkpoints[reached]
            reached += 1
            if checkpoint.rootHash == root ?? tree.rootHash {
                if case .rootMismatch(let earlier, _) = finding {
                    conclude(.fork(earlier, checkpoint))
                    return
                }
                lastMatchedSize = checkpoint.treeSize
            } else if finding == nil {
                // Not yet concluded: a later checkpoint that matches would make this a fork.
                finding = .rootMismatch(checkpoint, firstSuspect: lastMatchedSize)
            }
        }
    }

    private mutating func conclude(_ final: LogAuditFinding) {
        if finding == nil || final.isFork { finding = final }
        done = true
    }
}

extension LogAuditFinding {
    fileprivate var isFork: Bool {
        if case .fork = self { true } else { false }
    }
}
