import EduCore
import Foundation
import Storage
import Testing
import TestSupport

/// A job's input file is stored and read back in pieces, byte for byte, sealed at rest, and goes with the job when it ends.
@Suite struct JobFileTests {
    @Test func aFileOfSeveralPiecesComesBackWhole() async throws {
        try await TestDatabase.with { db in
            var generator = SystemRandomNumberGenerator()
            let bytes = Data((0..<(2 * JobQueue.chunkSize + 12_345)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-jobfile-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("in.csv").path, copy = directory.appendingPathComponent("out").path
            try bytes.write(to: URL(fileURLWithPath: source))

            let id = try await db.database.transaction { tx in
                try await JobQueue(tx).enqueue(kind: "import", payload: "{}", createdBy: "test", fileName: "hs.csv", contentsOf: source,
                                               sealing: db.cipher.seal)
            }
            let queue = JobQueue(db.database.sql)
            let pieces = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM job_file_chunks WHERE job_id = \(bind: id)").first(decoding: CountRow.self)!.n
            #expect(pieces == 3)
            struct Piece: Decodable { let content: Data }
            let first = try await db.database.sql.raw("SELECT content FROM job_file_chunks WHERE job_id = \(bind: id) AND seq = 0").first(decoding: Piece.self)!
            #expect(first.content.count == JobQueue.chunkSize + 28 && first.content.prefix(1000) != bytes.prefix(1000), "sealed: nonce, ciphertext, tag")
            #expect(try await queue.copyFile(jobID: id, to: copy, opening: db.cipher.open) == "hs.csv")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == bytes)

            try await queue.finish(id: id, result: "{}")
            #expect(try await queue.copyFile(jobID: id, to: copy, opening: db.cipher.open) == nil)
            let left = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM job_file_chunks").first(decoding: CountRow.self)!.n
            #expect(left == 0)
        }
    }
}
