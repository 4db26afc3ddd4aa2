import Foundation
import Signing
import Testing
import Vapor
import VaporTesting

/// A client holding two signed checkpoints checks, through the public API alone, that an entry is in
/// the log and that the later tree extends the earlier one.
@Suite struct LogHTTPTests {
    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    @Test func proofsOverTheAPIVerifyAgainstSignedCheckpoints() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/api/v1/log/checkpoint") { #expect($0.status == .notFound) }
            let cipher = fixture.db.cipher
            var checkpoints: [String] = []
            for batch in 1...3 {
                let entries = (0..<batch * 2).map { TransparencyLog.entry(kind: "cms", document: Array("bằng \(batch)-\($0)".utf8), signature: [1], signer: "demo") }
                checkpoints.append(try await fixture.db.database.transaction { db in try await TransparencyLog(db, cipher: cipher).append(entries) }.checkpoint)
            }
            var key = ""
            try await tester.test(.GET, "/api/v1/log/checkpoint") { response in
                #expect(response.status == .ok)
                let latest = try response.content.decode(CheckpointBody.self, using: Self.decoder)
                #expect(latest.checkpoint == checkpoints.last)
                key = latest.key
            }
            let verifier = try Ed25519CheckpointVerifier(verifierKey: key)
            let old = try Checkpoint.open(checkpoints[0], verifier: verifier), new = try Checkpoint.open(checkpoints[2], verifier: verifier)

            var leafHash = MerkleHashing.emptyTreeHash
            try await tester.test(.GET, "/api/v1/log/entries/7") { response in
                #expect(response.status == .ok)
                let entry = try response.content.decode(EntryBody.self, using: Self.decoder)
                leafHash = MerkleHashing.leafHash(Array(entry.entry.utf8))
                #expect(entry.leafHash == leafHash.base64)
            }
            try await tester.test(.GET, "/api/v1/log/proofs/inclusion?index=7&size=\(new.treeSize)") { response in
                #expect(response.status == .ok)
                try response.content.decode(InclusionProof.self, using: Self.decoder).verify(leafHash: leafHash, rootHash: new.rootHash)
            }
            try await tester.test(.GET, "/api/v1/log/proofs/consistency?from=\(old.treeSize)&to=\(new.treeSize)") { response in
                #expect(response.status == .ok)
                try response.content.decode(ConsistencyProof.self, using: Self.decoder).verify(oldRoot: old.rootHash, newRoot: new.rootHash)
            }
            try await tester.test(.GET, "/api/v1/log/proofs/inclusion?index=99&size=\(new.treeSize)") { #expect($0.status == .unprocessableEntity) }
            try await tester.test(.GET, "/api/v1/log/proofs/consistency?from=abc&to=3") { #expect($0.status == .badRequest) }
            try await tester.test(.GET, "/api/v1/log/entries/99") { #expect($0.status == .notFound) }
        }
    }

    struct CheckpointBody: Decodable { let checkpoint: String; let key: String }
    struct EntryBody: Decodable { let index: UInt64; let entry: String; let leafHash: String }
}
