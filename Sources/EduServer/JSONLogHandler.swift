import Foundation
import Logging

/// The server's structured log: one JSON object per line on standard error, with the time, level, logger label,
/// message, source location and metadata (Vapor adds each request's id).
///
/// Personal data is kept out of log calls by the code that makes them, and out of the libraries' by the level: at trace,
/// Vapor writes request heads and bodies (cookies, passwords, form fields) and the database drivers each statement's
/// values, so the server never writes below debug. Vapor's error log names the request's URL: its query string is cut.
/// As a second line of defence every run of nine or more digits (a personal ID, an old identity card number, a phone
/// number) is masked before it is written.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    /// Sets this handler for every logger of the process; the level from `EDUVN_LOG_LEVEL` (debug … critical), else info.
    public static func bootstrap(environment: [String: String] = ProcessInfo.processInfo.environment) {
        let level = max(environment["EDUVN_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info, .debug)
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: Any] = [
            "time": ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": event.level.rawValue, "label": label, "message": Self.masked(event.message.description),
            "source": "\(event.file.split(separator: "/").last ?? ""):\(event.line)",
        ]
        var merged = metadata.merging(event.metadata ?? [:]) { $1 }
        // Vapor's error log names the request's URL: its query may hold what someone searched for (a name).
        if case .string(let url) = merged["url"], let query = url.firstIndex(of: "?") { merged["url"] = .string(url[..<query] + "?…") }
        if !merged.isEmpty { fields["metadata"] = merged.mapValues(Self.json) }
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        write(String(decoding: data, as: UTF8.self) + "\n")
    }

    private static func json(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): masked(text)
        case .stringConvertible(let value): masked(value.description)
        case .array(let values): values.map(json)
        case .dictionary(let values): values.mapValues(json)
        }
    }

    static func masked(_ text: String) -> String {
        text.replacing(/\d{9,}/) { String(repeating: "*", count: $0.output.count) }
    }

    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data(line.utf8))
    }
}
