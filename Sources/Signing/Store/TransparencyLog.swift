import Crypto
import EduCore
import Foundation
import SQLKit
import Storage

/// The platform's transparency log, stored: every signed document's record is appended, the tree
/// is kept as the hash of every perfect subtree (so proofs need O(log n) lookups), and each append
/// ends with a signed checkpoint of the new size. Appends serialise on the one head row, taken
/// inside the caller's transaction, so the tree stays linear however many processes sign.
public struct TransparencyLog: Sendable {
    public static let origin = "eduvn/transparency-log"
    static let keyName = "eduvn-log"
    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// The record appended for one signature: what was signed, by whom, and how (one line each).
    public static func entry(kind: String, document: some DataProtocol, signature: some DataProtocol, signer: String) -> String {
        ["eduvn-signature/v1", "kind \(kind)", "document-sha256 \(Hex.encode(SHA256.hash(data: document)))",
         "signature-sha256 \(Hex.encode(SHA256.hash(data: signature)))", "signer \(signer)"].joined(separator: "\n") + "\n"
    }

    /// Appends the entries and signs a checkpoint of the new size; answers the first entry's index
    /// and the signed checkpoint. Call inside a transaction: the head row stays locked until it ends.
    public func append(_ entries: [String]) async throws -> (firstIndex: UInt64, checkpoint: String) {
        let head = try await lockedHead()
        var tree = try MerkleTree(size: head.size, nodes: try await nodes(MerkleTree.frontier(size: head.size)))
        let appended = tree.append(contentsOf: entries.map { MerkleHashing.leafHash(Array($0.utf8)) })
        let now = Timestamp.now
        try await BulkInsert.rows(entries.enumerated().map { [.integer(Int(head.size) + $0), .text($1), .text(now)] },
                                  into: "transparency_entries", columns: ["idx", "entry", "at"], on: database)
        try await BulkInsert.rows(appended.newNodes.map { [.integer(Int($0.id.level)), .integer(Int($0.id.index)), .text($0.hash.base64)] },
                                  into: "transparency_nodes", columns: ["level", "idx", "hash"], on: database)
        let checkpoint = try Checkpoint(origin: Self.origin, treeSize: appended.treeSize, rootHash: appended.rootHash,
                                        timestamp: UInt64(Date().timeIntervalSince1970 * 1000)).signed(by: head.signer)
        try await database.raw("""
            INSERT INTO transparency_checkpoints (tree_size, note, at) VALUES (\(bind: Int(appended.treeSize)), \(bind: checkpoint), \(bind: now))
            """).run()
        try await database.raw("UPDATE transparency_head SET size = \(bind: Int(appended.treeSize)) WHERE id = 1").run()
        return (head.size, checkpoint)
    }

    /// The latest signed checkpoint, or nil while the log is empty.
    public func latestCheckpoint() async throws -> String? {
        try await database.raw("SELECT note FROM transparency_checkpoints ORDER BY tree_size DESC LIMIT 1").first()?
            .decode(column: "note", as: String.self)
    }

    /// The entry at `index`, or nil past the end.
    public func entry(at index: UInt64) async throws -> String? {
        try await database.raw("SELECT entry FROM transparency_entries WHERE idx = \(bind: Int(index))").first()?
            .decode(column: "entry", as: String.self)
    }

    /// The public key that checkpoints verify with, in the signed-note form (`name+id+key`).
    public func verifierKey() async throws -> String? {
        try await head()?.signer.verifier.verifierKey
    }

    public func inclusionProof(leafIndex: UInt64, treeSize: UInt64) async throws -> InclusionProof {
        let plan = try ProofPlan.inclusion(leafIndex: leafIndex, treeSize: treeSize)
        return InclusionProof(leafIndex: leafIndex, treeSize: treeSize, path: try plan.hashes(from: try await nodes(plan.nodes)))
    }

    public func consistencyProof(from oldSize: UInt64, to newSize: UInt64) async throws -> ConsistencyProof {
        let plan = try ProofPlan.consistency(from: oldSize, to: newSize)
        return ConsistencyProof(oldSize: oldSize, newSize: newSize, path: try plan.hashes(from: try await nodes(plan.nodes)))
    }

    /// Rebuilds the tree from every stored entry, page by page, and checks it against every signed
    /// checkpoint (`eduvn log verify`).
    public func audit() async throws -> LogAuditReport {
        guard let head = try await head() else { return .intact(entries: 0, checkpoints: 0, checkpointedSize: 0) }
        let notes = try await database.raw("SELECT note FROM transparency_checkpoints ORDER BY tree_size").all()
            .map { try $0.decode(column: "note", as: String.self) }
        var auditor = LogAuditor(checkpointNotes: notes, verifier: head.signer.verifier)
        var next = 0
        while true {
            let page = try await database.raw("""
                SELECT idx, entry FROM transparency_entries WHERE idx >= \(bind: next) ORDER BY idx LIMIT 10000
                """).all()
            try auditor.append(try page.map {
                StoredLeaf(index: UInt64(try $0.decode(column: "idx", as: Int.self)),
                           leafHash: MerkleHashing.leafHash(Array(try $0.decode(column: "entry", as: String.self).utf8)))
            })
            guard page.count == 10000, let last = page.last else { break }
            next = try last.decode(column: "idx", as: Int.self) + 1
        }
        return auditor.report()
    }

    private struct Head {
        let size: UInt64
        let signer: Ed25519CheckpointSigner
    }

    private func head(locking: Bool = false) async throws -> Head? {
        let query = locking
            ? "UPDATE transparency_head SET size = size WHERE id = 1 RETURNING size, key_enc"
            : "SELECT size, key_enc FROM transparency_head WHERE id = 1"
        guard let row = try await database.raw(SQLQueryString(query)).first() else { return nil }
        let key = try Curve25519.Signing.PrivateKey(rawRepresentation: Data(base64Encoded: try cipher.open(try row.decode(column: "key_enc", as: String.self))) ?? Data())
        return Head(size: UInt64(try row.decode(column: "size", as: Int.self)),
                    signer: try Ed25519CheckpointSigner(keyName: Self.keyName, privateKey: key))
    }

    /// The head row, locked until the transaction ends; made, with the log's signing key, on first use.
    private func lockedHead() async throws -> Head {
        if let head = try await head(locking: true) { return head }
        let key = Curve25519.Signing.PrivateKey()
        try await database.raw("""
            INSERT INTO transparency_head (id, size, key_enc, created_at)
            VALUES (1, 0, \(bind: try cipher.seal(key.rawRepresentation.base64EncodedString())), \(bind: Timestamp.now))
            ON CONFLICT (id) DO NOTHING
            """).run()
        return try await head(locking: true)!
    }

    private func nodes(_ ids: [NodeID]) async throws -> [NodeID: MerkleHash] {
        var found: [NodeID: MerkleHash] = [:]
        for chunk in ids.chunked(into: 200) {
            let condition = SQLGroupExpression(SQLList(chunk.map { id in
                SQLQueryString("(level = \(literal: Int(id.level)) AND idx = \(literal: Int(id.index)))")
            }, separator: SQLRaw(" OR ")))
            for row in try await database.raw("SELECT level, idx, hash FROM transparency_nodes WHERE \(condition)").all() {
                let id = NodeID(level: UInt8(try row.decode(column: "level", as: Int.self)), index: UInt64(try row.decode(column: "idx", as: Int.self)))
                found[id] = MerkleHash(base64: try row.decode(column: "hash", as: String.self))
            }
        }
        return found
    }
}
