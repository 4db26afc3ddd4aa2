import Foundation
import Testing
import TestSupport

/// `eduvn serve --demo` run as a user runs it, answering on a port of its own.
struct RunningServer {
    let process: Process
    let port: Int
    let stdout: URL
    let stderr: URL

    /// Starts the server and waits (up to three minutes) until /healthz answers. The port lies below Linux's ephemeral
    /// range (32768 and up), where the suite's own client connections to PostgreSQL could already hold it.
    init(_ cli: CLIProcess) throws {
        port = Int.random(in: 20_000...32_000)
        (process, stdout, stderr) = try cli.start(["serve", "--demo", "--demo-students", "300", "--port", String(port)])
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, process.isRunning {
            if try curl("/healthz") != nil { return }
            Thread.sleep(forTimeInterval: 0.5)
        }
        let ended = process.isRunning ? "still running" : "exited with \(process.terminationStatus)"
        process.terminate()
        Issue.record("the server on port \(port) did not answer (\(ended)): \(try printed())\n\(try logged())")
        throw CancellationError()
    }

    /// curl for `path` on this server with `options`; the body, or nil while nothing answers.
    func curl(_ path: String, _ options: [String] = []) throws -> String? {
        let run = try ExternalProgram.run("/usr/bin/curl", ["-s", "--max-time", "10"] + options + ["http://127.0.0.1:\(port)\(path)"])
        return run.status == 0 ? run.output : nil
    }

    func printed() throws -> String { try String(contentsOf: stdout, encoding: .utf8) }
    func logged() throws -> String { try String(contentsOf: stderr, encoding: .utf8) }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}
