import Access
import ArgumentParser
import EduCore
import EduServer
import Foundation
import Platform
import Quality
import Registry
import Signing
import Storage

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web server (and the import worker).")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on") var host = ProcessInfo.processInfo.environment["EDUVN_HOST"] ?? "127.0.0.1"
    @Option(help: "Port") var port = Int(ProcessInfo.processInfo.environment["EDUVN_PORT"] ?? "") ?? 8080
    @Flag(help: "Seed a demo province when the database is empty, and create a demo administrator.") var demo = false
    @Option(help: "Demo size in students") var demoStudents = 5000

    func run() async throws {
        JSONLogHandler.bootstrap()
        try await runReporting {
            try await CommandSession.with(database) { session in
                let publicURL = session.configuration.publicURL ?? "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
                // The học bạ layouts (a province's own, EDUVN_HOC_BA_TEMPLATES) are checked before the server starts.
                _ = try session.hocBa()
                if demo { try await seedDemo(session, publicURL: publicURL) }
                let loopback = ["127.0.0.1", "localhost", "::1"].contains(host)
                let proxies = try TrustedProxies(parsing: ProcessInfo.processInfo.environment["EDUVN_TRUSTED_PROXIES"] ?? "")
                try await EduServerApp.serve(context: AppContext(database: session.database, cipher: session.cipher,
                                                                 secureCookies: !loopback, trustedProxies: proxies,
                                                                 trustsDemo: session.configuration.trustsDemo, publicURL: publicURL,
                                                                 nightlyReconciliation: session.configuration.nightlyReconciliation,
                                                                 qualitySchedule: session.configuration.qualitySchedule,
                                                                 workingCalendar: session.configuration.workingCalendar,
                                                                 codeDelivery: codeDelivery(session.configuration),
                                                                 timestampAuthorityURL: session.configuration.timestampAuthorityURL,
                                                                 records: session.configuration.records),
                                             host: host, port: port)
            }
        }
    }

    /// The SMS gateway when one is configured; on a demo without one, the console.
    private func codeDelivery(_ configuration: Configuration) -> (any CodeDelivery)? {
        if let gateway = configuration.smsGateway { return SMSGatewayDelivery(url: gateway.url, token: gateway.token) }
        return demo ? ConsoleCodeDelivery() : nil
    }

    /// Seeds once: a database that already has units is left alone; the administrator's password is printed once.
    private func seedDemo(_ session: CommandSession, publicURL: String) async throws {
        let accounts = AccountStore(session.database.sql)
        if try await UnitStore(session.database.sql).isEmpty() {
            print("Đang tạo dữ liệu mẫu / seeding demo data (\(demoStudents) students)…")
            fflush(nil)
            let province = DemoProvince(students: demoStudents, seed: 1)
            let loader = DemoLoader(database: session.database, cipher: session.cipher)
            _ = try await loader.load(province, by: .commandLine)
            // Second records of one student in fifty and one staff member in twenty, as the merger left them, scanned
            // so the review queue has work.
            try await loader.loadEchoes(of: province, every: 50, by: .commandLine)
            try await loader.loadStaffEchoes(of: province, every: 20, by: .commandLine)
            _ = try await LinkageStore.scan(session.database, cipher: session.cipher, by: .commandLine)
        }
        // DEMO certificates for the department, schools and staff, so signing and /verify work at once;
        // a database that has them already gets only what is missing. They name their CRLs on this server.
        let issued = try await session.database.transaction { db in
            let (department, requests) = try await DemoSigners.requests(db)
            return try await session.signers(on: db).initialiseDemo(department: department, requests: requests, publicURL: publicURL).issued
        }
        if issued > 0 { print("DEMO PKI: \(issued) chứng thư số mẫu / DEMO certificates") }
        if try await accounts.user(username: "admin") == nil {
            let password = Secret.make().prefix(16).description
            _ = try await accounts.createUser(username: "admin", displayName: "Quản trị demo", passwordHash: try BcryptHasher().hash(password),
                                              grants: [Grant(role: .departmentAdmin)], by: .commandLine)
            print("""
                Tài khoản quản trị demo / demo administrator:
                  tên đăng nhập / username: admin
                  mật khẩu / password:      \(password)
                (chỉ in một lần / printed only once)
                """)
            // A guardian of the demo province, so the families' pages can be tried (codes appear on this console).
            if let phone = try await session.database.sql.raw("""
                SELECT s.guardian_phone FROM students s JOIN enrolments e ON e.student_id = s.id
                WHERE s.guardian_phone <> '' AND e.class_id IS NOT NULL ORDER BY s.id LIMIT 1
                """).first().map({ try $0.decode(column: "guardian_phone", as: String.self) }) {
                print("Phụ huynh demo / demo guardian: /gia-dinh, số điện thoại / phone \(phone) (mã hiện ở đây / codes appear here)")
            }
            // The server runs until stopped: the login must not wait in a buffer (output to a file or a pipe).
            fflush(nil)
        }
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write a consistent copy of the live SQLite database.")
    @OptionGroup var database: DatabaseOptions
    @Option(help: "The backup file to create") var out: String

    func run() async throws {
        try await runReporting {
            try await CommandSession.with(database) { session in
                try await SQLiteBackup.backup(session.database, to: out)
                print("backup written to \(out)")
            }
        }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put a backup back in place of the SQLite database (stop the server first).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "The backup file") var file: String

    func run() async throws {
        try await runReporting {
            let configuration = try Configuration.load(databaseURL: database.databaseURL)
            guard case .sqliteFile(let path) = configuration.databaseURL else {
                throw EduError("restore.postgres", vi: "Với PostgreSQL, dùng pg_restore (xem docs/operations.md)",
                               en: "For PostgreSQL use pg_restore (see docs/operations.md)")
            }
            try await SQLiteBackup.restore(from: file, to: path, check: configuration.prepare)
            print("restored \(path) from \(file)")
        }
    }
}
