import Foundation
import Testing
import TestSupport

/// README's first command, `eduvn serve --demo`, as a user runs it: the demo province is seeded once, the administrator's
/// login is printed once, and the server answers; run again on the same database it seeds nothing and prints no login.
@Suite struct ServeCLITests {
    /// `GET url` with curl; nil while nothing answers.
    func get(_ url: String) throws -> String? {
        let run = try ExternalProgram.run("/usr/bin/curl", ["-s", "--max-time", "5", url])
        return run.status == 0 ? run.output : nil
    }

    /// Starts the server and waits (up to three minutes) until /healthz answers; the process and its standard output.
    func serve(_ cli: CLIProcess, port: Int) throws -> (Process, URL) {
        let (process, out, _) = try cli.start(["serve", "--demo", "--demo-students", "300", "--port", String(port)])
        let deadline = Date().addingTimeInterval(180)
        while Date() < deadline, process.isRunning {
            if try get("http://127.0.0.1:\(port)/healthz") != nil { return (process, out) }
            Thread.sleep(forTimeInterval: 0.5)
        }
        process.terminate()
        Issue.record("the server did not answer: \(try String(contentsOf: out, encoding: .utf8))")
        throw CancellationError()
    }

    func stop(_ process: Process) {
        process.terminate()
        process.waitUntilExit()
    }

    @Test func serveDemoSeedsOnceAndAnswers() throws {
        let cli = try CLIProcess()
        let port = Int.random(in: 20_000...60_000)
        let (first, out) = try serve(cli, port: port)
        defer { if first.isRunning { stop(first) } }
        let health = try #require(try get("http://127.0.0.1:\(port)/healthz"))
        #expect(health.contains(#""database":"ok""#), "\(health)")
        #expect(try get("http://127.0.0.1:\(port)/login")?.contains("Đăng nhập") == true)
        let printed = try String(contentsOf: out, encoding: .utf8)
        #expect(printed.contains("tên đăng nhập / username: admin") && printed.contains("mật khẩu / password:"), "\(printed)")
        stop(first)

        let (second, again) = try serve(cli, port: port)
        defer { if second.isRunning { stop(second) } }
        let secondPrinted = try String(contentsOf: again, encoding: .utf8)
        #expect(!secondPrinted.contains("mật khẩu / password:") && !secondPrinted.contains("seeding demo data"), "seeded once: \(secondPrinted)")
        #expect(try get("http://127.0.0.1:\(port)/healthz")?.contains(#""database":"ok""#) == true)
    }
}
