import Foundation
import Signing
import Testing

/// The log audit on a 40-entry log with checkpoints signed at sizes 10, 25 and 40: an honest
/// log passes, and each kind of tampering is named, at the first place it can be seen.
@Suite struct TransparencyAuditTests {
    let log = TestLog(size: 40)
    let checkpointSizes = [10, 25, 40]

    func notes(of log: TestLog, sizes: [Int]) throws -> [String] {
        try sizes.map { try log.checkpointNote(size: $0) }
    }

    func audit(leaves: [StoredLeaf], notes: [String], nodes: [NodeID: MerkleHash]? = nil,
               pageSize: Int = 7) throws -> LogAuditReport {
        var auditor = LogAuditor(checkpointNotes: notes, verifier: testSigner.verifier, storedNodes: nodes)
        for start in stride(from: 0, to: leaves.count, by: pageSize) {
            try auditor.append(leaves[start..<min(start + pageSize, leaves.count)])
        }
        return auditor.report()
    }

    @Test(arguments: [1, 7, 10, 1000])
    func honestLogIsIntact(pageSize: Int) throws {
        let report = try audit(leaves: log.storedLeaves, notes: notes(of: log, sizes: checkpointSizes),
                               nodes: log.nodeTable, pageSize: pageSize)
        #expect(report == .intact(entries: 40, checkpoints: 3, checkpointedSize: 40))
    }

    @Test func entriesAfterTheLastCheckpointAreReported() throws {
        let report = try audit(leaves: log.storedLeaves, notes: notes(of: log, sizes: [0, 10, 25]))
        #expect(report == .intact(entries: 40, checkpoints: 3, checkpointedSize: 25))
    }

    @Test func editedEntryIsNamedByItsStoredLeafHash() throws {
        var leaves = log.storedLeaves
        leaves[17] = StoredLeaf(index: 17, leafHash: MerkleHashing.leafHash(entry(999)))
        let notes = try notes(of: log, sizes: checkpointSizes)
        #expect(try audit(leaves: leaves, notes: notes, nodes: log.nodeTable) == .broken(.alteredEntry(index: 17)))
        // Without the node table, the checkpoints narrow it to the entries signed since size 10.
        #expect(try audit(leaves: leaves, notes: notes) == .broken(.rootMismatch(checkpoint(25), firstSuspect: 10)))
    }

    @Test func entryAndNodesRewrittenTogetherAreCaughtByTheCheckpoint() throws {
        var forged = log
        forged.leafHashes[17] = MerkleHashing.leafHash(entry(999))
        forged = TestLog(leafHashes: forged.leafHashes)
        let report = try audit(leaves: forged.storedLeaves, notes: notes(of: log, sizes: checkpointSizes),
                               nodes: forged.nodeTable)
        #expect(report == .broken(.rootMismatch(checkpoint(25), firstSuspect: 10)))
    }

    @Test func deletedEntryIsNamed() throws {
        var leaves = log.storedLeaves
        leaves.remove(at: 17)
        let report = try audit(leaves: leaves, notes: notes(of: log, sizes: checkpointSizes), nodes: log.nodeTable)
        #expect(report == .broken(.missingEntry(index: 17)))
    }

    @Test func deletedTailIsCaughtByTheLastCheckpoint() throws {
        let report = try audit(leaves: Array(log.storedLeaves.prefix(33)),
                               notes: notes(of: log, sizes: checkpointSizes), nodes: log.nodeTable)
        #expect(report == .broken(.truncated(checkpoint(40), entries: 33)))
    }

    @Test func reorderedEntriesAreNamed() throws {
        var leaves = log.storedLeaves
        leaves[17] = StoredLeaf(index: 17, leafHash: log.leafHashes[18])
        leaves[18] = StoredLeaf(index: 18, leafHash: log.leafHashes[17])
        let notes = try notes(of: log, sizes: checkpointSizes)
        #expect(try audit(leaves: leaves, notes: notes, nodes: log.nodeTable) == .broken(.alteredEntry(index: 17)))
        #expect(try audit(leaves: leaves, notes: notes) == .broken(.rootMismatch(checkpoint(25), firstSuspect: 10)))
        // Rows whose stored indices are out of order.
        leaves = log.storedLeaves
        leaves.swapAt(17, 18)
        #expect(try audit(leaves: leaves, notes: notes) == .broken(.missingEntry(index: 17)))
        leaves = log.storedLeaves
        leaves.insert(leaves[12], at: 20)
        #expect(try audit(leaves: leaves, notes: notes) == .broken(.misplacedEntry(index: 12)))
    }

    @Test func editedInteriorNodeIsNamed() throws {
        var nodes = log.nodeTable
        let node = NodeID(level: 3, index: 2)
        nodes[node] = flipping(bit: 0, of: nodes[node]!)
        let report = try audit(leaves: log.storedLeaves, notes: notes(of: log, sizes: checkpointSizes), nodes: nodes)
        #expect(report == .broken(.alteredNode(node)))
    }

    @Test func twoRootsForOneSizeAreAFork() throws {
        var forked = log
        forked.leafHashes[3] = MerkleHashing.leafHash(entry(999))
        forked = TestLog(leafHashes: forked.leafHashes)
        let notes = try notes(of: log, sizes: checkpointSizes) + [forked.checkpointNote(size: 25)]
        let report = try audit(leaves: log.storedLeaves, notes: notes, nodes: log.nodeTable)
        #expect(report == .broken(.fork(checkpoint(25), checkpoint(25, of: forked))))
    }

    @Test func rewrittenAndResignedLogIsAFork() throws {
        // The operator edits entry 3 in place, rebuilds the nodes and signs a new head at 40:
        // entries, nodes and the newest checkpoint agree, but the checkpoints at 10 and 25 do not.
        var rewritten = log
        rewritten.leafHashes[3] = MerkleHashing.leafHash(entry(999))
        rewritten = TestLog(leafHashes: rewritten.leafHashes)
        let notes = try notes(of: log, sizes: [10, 25]) + [rewritten.checkpointNote(size: 40)]
        let report = try audit(leaves: rewritten.storedLeaves, notes: notes, nodes: rewritten.nodeTable)
        #expect(report == .broken(.fork(checkpoint(10), checkpoint(40, of: rewritten))))
    }

    @Test func checkpointWithABadSignatureIsNamed() throws {
        var notes = try notes(of: log, sizes: checkpointSizes)
        notes[1] = notes[1].replacingOccurrences(of: "\n25\n", with: "\n26\n")
        guard case .broken(.invalidCheckpoint(position: 1, let reason)) = try audit(leaves: log.storedLeaves, notes: notes) else {
            Issue.record("bad signature not reported")
            return
        }
        #expect(reason.code == "transparency.bad_signature")
    }

    @Test func findingsExplainThemselvesInBothLanguages() {
        let finding = LogAuditFinding.rootMismatch(checkpoint(25), firstSuspect: 10)
        #expect(finding.error.code == "transparency.audit.root_mismatch")
        #expect(finding.error.message.vi.contains("10–24"))
        #expect(finding.error.message.en.contains("10–24"))
    }

    func checkpoint(_ size: Int, of log: TestLog? = nil) -> Checkpoint {
        try! Checkpoint.open((log ?? self.log).checkpointNote(size: size), verifier: testSigner.verifier)
    }
}
