import EduCore

/// Where the data lives: `sqlite:PATH`, `sqlite::memory:`, or `postgres://user:pass@host:port/db`.
public enum DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    case sqliteFile(path: String)
    case sqliteMemory
    case postgres(url: String)

    public static let defaultSQLitePath = "./data/eduvn.sqlite"

    public init(parsing text: String) throws {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value == "sqlite::memory:" {
            self = .sqliteMemory
        } else if value.hasPrefix("sqlite:") {
            let path = String(value.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw DatabaseURL.invalid(text) }
            self = .sqliteFile(path: path)
        } else if value.hasPrefix("postgres://") || value.hasPrefix("postgresql://") {
            self = .postgres(url: value)
        } else {
            throw DatabaseURL.invalid(text)
        }
    }

    /// The URL without its password, safe for logs and messages.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "sqlite:\(path)"
        case .sqliteMemory: return "sqlite::memory:"
        case .postgres(let url):
            guard let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") else { return url }
            let credentials = url[scheme.upperBound..<at]
            let user = credentials.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
            return url[..<scheme.upperBound] + user + (credentials.contains(":") ? ":***" : "") + url[at...]
        }
    }

    private static func invalid(_ text: String) -> EduError {
        EduError("config.database_url",
                 vi: "EDUVN_DATABASE_URL không hợp lệ: cần sqlite:ĐƯỜNG_DẪN hoặc postgres://…",
                 en: "Invalid EDUVN_DATABASE_URL: expected sqlite:PATH or postgres://…")
    }
}
