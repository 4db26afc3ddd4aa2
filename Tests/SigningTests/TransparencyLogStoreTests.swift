import EduCore
import Signing
import SQLKit
import Testing
import TestSupport

@Suite struct TransparencyLogStoreTests {
    /// Seven appends of 1 to 7 entries: 28 entries, 7 checkpoints.
    func filled(_ db: TestDatabase) async throws -> (checkpoints: [Checkpoint], verifier: Ed25519CheckpointVerifier) {
        let cipher = db.cipher
        var notes: [String] = []
        for batch in 1...7 {
            let entries = (0..<batch).map { TransparencyLog.entry(kind: "cms", document: Array("văn bằng \(batch)-\($0)".utf8),
                                                                  signature: [UInt8(batch)], signer: "demo") }
            notes.append(try await db.database.transaction { tx in try await TransparencyLog(tx, cipher: cipher).append(entries) }.checkpoint)
        }
        let log = TransparencyLog(db.database.sql, cipher: cipher)
        let verifier = try Ed25519CheckpointVerifier(verifierKey: try #require(try await log.verifierKey()))
        return (try notes.map { try Checkpoint.open($0, verifier: verifier) }, verifier)
    }

    @Test func proofsFromTheStoreVerifyAgainstSignedCheckpoints() async throws {
        try await TestDatabase.with { db in
            let (checkpoints, _) = try await filled(db)
            let log = TransparencyLog(db.database.sql, cipher: db.cipher)
            #expect(checkpoints.map(\.treeSize) == [1, 3, 6, 10, 15, 21, 28])
            let entries = try await db.database.sql.raw("SELECT entry FROM transparency_entries ORDER BY idx").all()
                .map { try $0.decode(column: "entry", as: String.self) }
            for checkpoint in checkpoints {
                for index in 0..<checkpoint.treeSize {
                    let proof = try await log.inclusionProof(leafIndex: index, treeSize: checkpoint.treeSize)
                    try proof.verify(leafHash: MerkleHashing.leafHash(Array(entries[Int(index)].utf8)), rootHash: checkpoint.rootHash)
                }
                for older in checkpoints where older.treeSize <= checkpoint.treeSize {
                    try await log.consistencyProof(from: older.treeSize, to: checkpoint.treeSize)
                        .verify(oldRoot: older.rootHash, newRoot: checkpoint.rootHash)
                }
            }
            #expect(try await log.audit() == .intact(entries: 28, checkpoints: 7, checkpointedSize: 28))
        }
    }

    @Test(arguments: [
        "UPDATE transparency_entries SET entry = 'forged' WHERE idx = 11",
        "DELETE FROM transparency_entries WHERE idx = 4",
        "DELETE FROM transparency_entries WHERE idx = 27",
        "UPDATE transparency_entries SET idx = idx + 100 WHERE idx = 0",
        "UPDATE transparency_checkpoints SET note = replace(note, 'eduvn', 'evil') WHERE tree_size = 10",
    ])
    func tamperingIsReported(_ statement: String) async throws {
        try await TestDatabase.with { db in
            _ = try await filled(db)
            try await db.database.sql.raw(SQLQueryString(statement)).run()
            guard case .broken = try await TransparencyLog(db.database.sql, cipher: db.cipher).audit() else {
                Issue.record("not detected: \(statement)")
                return
            }
        }
    }
}
