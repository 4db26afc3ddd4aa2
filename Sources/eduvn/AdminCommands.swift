import Access
import ArgumentParser
import EduCore
import EduServer
import Foundation
import Registry

extension Role: ExpressibleByArgument {}

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage accounts.",
                                                    subcommands: [Create.self, ResetPassword.self, Disable.self, Enable.self, List.self])

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account; its sessions end at once.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws { try await setActive(false, username, database) }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String

        func run() async throws { try await setActive(true, username, database) }
    }

    static func setActive(_ active: Bool, _ username: String, _ database: DatabaseOptions) async throws {
        try await runReporting {
            try await CommandSession.with(database) { session in
                let accounts = AccountStore(session.database.sql)
                guard let user = try await accounts.user(username: username) else {
                    throw EduError("user.unknown", vi: "Không có tài khoản \(username)", en: "No user \(username)")
                }
                try await accounts.setStatus(userID: user.id, active: active, by: .commandLine)
                print("\(active ? "enabled" : "disabled") \(user.username)")
            }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account. The password is read from standard input, or generated and printed once.")
        @OptionGroup var database: DatabaseOptions
        @Option var username: String
        @Option(help: "Full name") var name: String
        @Option(help: "department_admin, department_staff, commune_officer, school_admin, teacher, auditor") var role: Role
        @Option(help: "Unit code (commune officers) or school code (school roles)") var scope = ""
        @Option(help: "Staff code: required for teachers; for a principal (the school's Hiệu trưởng), links their own signing key") var staffCode: String?
        @Flag(help: "Read the password from standard input") var passwordStdin = false

        func run() async throws {
            try await runReporting {
                let password = passwordStdin ? (readLine() ?? "") : Secret.make().prefix(16).description
                if let problem = PasswordPolicy.problem(password) { throw EduError("user.password", vi: problem.vi, en: problem.en) }
                try await CommandSession.with(database) { session in
                    let grant = try await GrantResolver(session.database.sql).grant(role: role, scopeCode: scope, staffCode: staffCode)
                    let user = try await AccountStore(session.database.sql).createUser(
                        username: username, displayName: name, passwordHash: try BcryptHasher().hash(password),
                        grants: [grant], by: .commandLine)
                    print("created user \(user.username)" + (passwordStdin ? "" : " with password \(password)"))
                }
            }
        }
    }

    struct ResetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a new password (from standard input, or generated and printed once); ends the user's sessions.")
        @OptionGroup var database: DatabaseOptions
        @Argument var username: String
        @Flag var passwordStdin = false

        func run() async throws {
            try await runReporting {
                let password = passwordStdin ? (readLine() ?? "") : Secret.make().prefix(16).description
                if let problem = PasswordPolicy.problem(password) { throw EduError("user.password", vi: problem.vi, en: problem.en) }
                try await CommandSession.with(database) { session in
                    let accounts = AccountStore(session.database.sql)
                    guard let user = try await accounts.user(username: username) else {
                        throw EduError("user.unknown", vi: "Không có tài khoản \(username)", en: "No user \(username)")
                    }
                    try await accounts.setPassword(userID: user.id, passwordHash: try BcryptHasher().hash(password), by: .commandLine)
                    print("password reset for \(user.username)" + (passwordStdin ? "" : ": \(password)"))
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts and their roles.")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let accounts = AccountStore(session.database.sql)
                    for user in try await accounts.users() {
                        let roles = try await accounts.grants(userID: user.id).map(\.role.rawValue).joined(separator: ",")
                        print("\(user.username)\t\(user.status)\t\(roles)\t\(user.displayName)")
                    }
                }
            }
        }
    }
}

struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "API tokens for integrations.",
                                                    subcommands: [Create.self, Revoke.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token scoped to a role and unit; prints the secret once.")
        @OptionGroup var database: DatabaseOptions
        @Option var name: String
        @Option var role: Role
        @Option(help: "Unit or school code, as for users") var scope = ""
        @Flag(help: "Allow writes (default: read-only)") var write = false

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    let grant = try await GrantResolver(session.database.sql).grant(role: role, scopeCode: scope)
                    let token = try await AccountStore(session.database.sql).createToken(
                        name: name, role: role, unitID: grant.unitID, schoolID: grant.schoolID, canWrite: write, by: .commandLine)
                    print("token \(token.id): \(token.secret)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token by its number.")
        @OptionGroup var database: DatabaseOptions
        @Argument var id: Int

        func run() async throws {
            try await runReporting {
                try await CommandSession.with(database) { session in
                    try await AccountStore(session.database.sql).revokeToken(id: id, by: .commandLine)
                    print("revoked token \(id)")
                }
            }
        }
    }
}

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "audit", abstract: "The audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check the hash chain; report the first entry edited, deleted or reordered (exit 2).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            var broken = false
            try await runReporting {
                try await CommandSession.with(database, sealingAudit: false) { session in
                    let seals = AuditSeals(session.database.sql, cipher: session.cipher)
                    switch try await AuditLog(session.database.sql).verify(seals: seals) {
                    case .intact(let entries):
                        print("audit log intact: \(entries) entries")
                        // The seals live in the database they protect: one deleted with the entries after it is noticed
                        // only by comparing with a seal recorded elsewhere (docs/access.md).
                        let latest = try await seals.all().max { $0.lastId < $1.lastId }
                        print(latest.map { "latest seal: entry \($0.lastId), code \($0.mac.prefix(16))" } ?? "no seal yet")
                    case .broken(let id, let reason):
                        print("audit log broken at entry \(id): \(reason)")
                        broken = true
                    }
                }
            }
            if broken { throw ExitCode(2) }
        }
    }
}
