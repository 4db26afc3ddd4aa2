import EduCore
import EduServer
import Foundation
import Signing
import Testing
import TestSupport
import X509

/// Another CA's OCSP responder over HTTP: `openssl ocsp -port` on a free loopback port, asked the way the server
/// asks about a licensed CA's certificate, from the address in the certificate.
@Suite struct OCSPHTTPTests {
    @Test func anotherCAsResponderIsAskedOverHTTP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ocsp-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        func openssl(_ arguments: String...) throws {
            let run = try ExternalProgram.run("/usr/bin/openssl", arguments)
            try #require(run.status == 0, "openssl \(arguments.joined(separator: " "))")
        }

        try openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("ca.key"),
                    "-out", path("ca.pem"), "-subj", "/CN=Another CA", "-days", "30")
        let revokedAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 - 7_200).rounded(.down))
        try Data("""
            V\t491231235959Z\t\t1001\tunknown\t/CN=good
            R\t491231235959Z\t\(OpenSSLIndex.time(revokedAt)),keyCompromise\t1002\tunknown\t/CN=revoked

            """.utf8).write(to: folder.appendingPathComponent("index.txt"))

        let responder = Process()
        responder.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        responder.arguments = ["ocsp", "-index", path("index.txt"), "-CA", path("ca.pem"), "-rsigner", path("ca.pem"),
                               "-rkey", path("ca.key"), "-port", "0", "-nmin", "10", "-nrequest", "2"]
        let output = Pipe()
        responder.standardOutput = output
        responder.standardError = output
        try responder.run()
        defer { if responder.isRunning { responder.terminate() } }
        let port = try #require(Self.port(announcedOn: output.fileHandleForReading))

        let checker = OCSPRevocationChecker(client: HTTPOCSPClient(timeoutSeconds: 5))
        let issuer = try Certificate(pemEncoded: String(contentsOfFile: path("ca.pem"), encoding: .utf8))
        for (serial, expected) in [("1001", RevocationStatus.good), ("1002", .revoked(date: revokedAt, reason: .keyCompromise))] {
            try Data("authorityInfoAccess=OCSP;URI:http://127.0.0.1:\(port)/\n".utf8).write(to: folder.appendingPathComponent("aia.cnf"))
            try openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", path("\(serial).key"),
                        "-out", path("\(serial).csr"), "-subj", "/CN=\(serial)")
            try openssl("x509", "-req", "-in", path("\(serial).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                        "-set_serial", "0x\(serial)", "-days", "10", "-extfile", path("aia.cnf"), "-out", path("\(serial).pem"))
            let certificate = try Certificate(pemEncoded: String(contentsOfFile: path("\(serial).pem"), encoding: .utf8))
            #expect(await checker.status(of: certificate, issuedBy: issuer, at: Date()) == expected, "serial \(serial)")
        }

        // The responder answered its two requests and left: the checker's cache still knows, a new checker cannot.
        responder.waitUntilExit()
        let good = try Certificate(pemEncoded: String(contentsOfFile: path("1001.pem"), encoding: .utf8))
        #expect(await checker.status(of: good, issuedBy: issuer, at: Date()) == .good)
        let gone = await OCSPRevocationChecker(client: HTTPOCSPClient(timeoutSeconds: 2)).status(of: good, issuedBy: issuer, at: Date())
        #expect(gone.code == "unknown")
        #expect(gone.message.en.contains("The OCSP responder could not be asked"), "\(gone.message.en)")
    }

    /// The port in `openssl ocsp`'s first line, `ACCEPT [::]:PORT PID=…`.
    private static func port(announcedOn handle: FileHandle) -> Int? {
        var text = ""
        while !text.contains("PID=") {
            let chunk = handle.availableData
            guard !chunk.isEmpty else { return nil }
            text += String(decoding: chunk, as: UTF8.self)
        }
        return text.split(separator: "PID=")[0].split(separator: ":").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }
}
