import Foundation
import Testing
import TestSupport

/// README's first command, `eduvn serve --demo`, as a user runs it: the demo province is seeded once, the administrator's
/// login is printed once, and the server answers; run again on the same database it seeds nothing and prints no login.
@Suite struct ServeCLITests {
    @Test func serveDemoSeedsOnceAndAnswers() throws {
        let cli = try CLIProcess()
        let first = try RunningServer(cli)
        defer { first.stop() }
        let health = try #require(try first.curl("/healthz"))
        #expect(health.contains(#""database":"ok""#), "\(health)")
        #expect(try first.curl("/login")?.contains("Đăng nhập") == true)
        let printed = try first.printed()
        #expect(printed.contains("tên đăng nhập / username: admin") && printed.contains("mật khẩu / password:"), "\(printed)")
        first.stop()

        let second = try RunningServer(cli)
        defer { second.stop() }
        let secondPrinted = try second.printed()
        #expect(!secondPrinted.contains("mật khẩu / password:") && !secondPrinted.contains("seeding demo data"), "seeded once: \(secondPrinted)")
        #expect(try second.curl("/healthz")?.contains(#""database":"ok""#) == true)
    }
}
