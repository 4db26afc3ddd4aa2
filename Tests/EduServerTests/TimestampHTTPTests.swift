import Foundation
import Platform
import Signing
import Testing
import Vapor
import VaporTesting

/// The built-in DEMO time-stamp authority answers RFC 3161 over HTTP, and OpenSSL accepts its replies.
@Suite struct TimestampHTTPTests {
    @Test func openSSLVerifiesTheReplyToItsOwnQuery() async throws {
        try await ServerFixture.with { fixture in
            let cipher = fixture.db.cipher
            let tester = try fixture.app.testing()
            try await tester.test(.POST, "/tsa", body: ByteBuffer(bytes: [0x30, 0x00])) { response in
                #expect(response.status == .notFound)
            }
            try await fixture.db.database.transaction { db in
                _ = try await SignerStore(db, cipher: cipher).initialiseDemo(department: "Sở GD&ĐT Hải Phòng", requests: [])
            }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-tsa-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data("Học bạ số".utf8).write(to: folder.appendingPathComponent("document"))
            try CertificateFile.pem(try await SignerStore(fixture.db.database.sql, cipher: cipher).trustAnchors())
                .write(to: folder.appendingPathComponent("root.pem"), atomically: true, encoding: .utf8)
            #expect(try openssl(["ts", "-query", "-data", "document", "-sha256", "-cert", "-out", "query.tsq"], in: folder) == 0)

            let query = try Data(contentsOf: folder.appendingPathComponent("query.tsq"))
            try await tester.test(.POST, "/tsa", headers: ["Content-Type": "application/timestamp-query"],
                                  body: ByteBuffer(data: query)) { response in
                #expect(response.status == .ok)
                #expect(response.headers.contentType?.description == "application/timestamp-reply")
                try Data(response.body.readableBytesView).write(to: folder.appendingPathComponent("reply.tsr"))
            }
            #expect(try openssl(["ts", "-verify", "-in", "reply.tsr", "-queryfile", "query.tsq", "-CAfile", "root.pem"], in: folder) == 0)
            try Data("Học bạ số đã sửa".utf8).write(to: folder.appendingPathComponent("other"))
            #expect(try openssl(["ts", "-verify", "-in", "reply.tsr", "-data", "other", "-CAfile", "root.pem"], in: folder) != 0)
        }
    }

    private func openssl(_ arguments: [String], in folder: URL) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
