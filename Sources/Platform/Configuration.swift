import Crypto
import EduCore
import Foundation
import Logging
import Storage

/// Where the platform finds its database and its data key: flags first, then the environment.
public struct Configuration: Sendable {
    public let databaseURL: DatabaseURL
    public let dataKey: SymmetricKey
    /// `EDUVN_TRUST_DEMO` (default on; `0`, `false` or `no` turn it off, as production must): whether
    /// DEMO roots are trust anchors and DEMO signers may sign.
    public let trustsDemo: Bool

    public init(databaseURL: DatabaseURL, dataKey: SymmetricKey, trustsDemo: Bool = true) {
        self.databaseURL = databaseURL
        self.dataKey = dataKey
        self.trustsDemo = trustsDemo
    }

    public var cipher: PersonalDataCipher { PersonalDataCipher(dataKey: dataKey) }

    /// `EDUVN_DATABASE_URL` (default `sqlite:./data/eduvn.sqlite`) and `EDUVN_DATA_KEY`. Without a key,
    /// a development key is read from, or generated into, `./data/data.key`, with a warning: a
    /// production deployment sets the key and keeps it apart from the database and its backups.
    public static func load(databaseURL flag: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                            dataDirectory: String = "./data", logger: Logger = Logger(label: "eduvn.config")) throws -> Configuration {
        let url = try DatabaseURL(parsing: flag ?? environment["EDUVN_DATABASE_URL"] ?? "sqlite:\(DatabaseURL.defaultSQLitePath)")
        let trustsDemo = !["0", "false", "no", "off"].contains(environment["EDUVN_TRUST_DEMO"]?.lowercased() ?? "")
        if let key = environment["EDUVN_DATA_KEY"], !key.isEmpty {
            return Configuration(databaseURL: url, dataKey: try DataKey.parse(key), trustsDemo: trustsDemo)
        }
        let keyPath = (dataDirectory as NSString).appendingPathComponent("data.key")
        if let stored = try? String(contentsOfFile: keyPath, encoding: .utf8) {
            return Configuration(databaseURL: url, dataKey: try DataKey.parse(stored), trustsDemo: trustsDemo)
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let key = DataKey.generate()
        FileManager.default.createFile(atPath: keyPath, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        logger.warning("EDUVN_DATA_KEY is not set: generated a development data key in \(keyPath). Set EDUVN_DATA_KEY in production.")
        return Configuration(databaseURL: url, dataKey: try DataKey.parse(key), trustsDemo: trustsDemo)
    }

    /// Opens the database and brings its schema up to date.
    public func openDatabase(logger: Logger = Logger(label: "eduvn.db")) async throws -> EduDatabase {
        let database = try await EduDatabase.open(databaseURL, logger: logger)
        do {
            try await database.migrate(MigrationRegistry.all)
        } catch {
            await database.close()
            throw error
        }
        return database
    }
}
