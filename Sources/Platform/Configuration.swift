import Access
import Credentials
import Crypto
import EduCore
import Foundation
import Logging
import Quality
import Records
import Storage

/// Where the platform finds its database and its data key: flags first, then the environment.
public struct Configuration: Sendable {
    public let databaseURL: DatabaseURL
    public let dataKey: SymmetricKey
    /// `EDUVN_TRUST_DEMO` (default on; `0`, `false` or `no` turn it off, as production must): whether
    /// DEMO roots are trust anchors and DEMO signers may sign.
    public let trustsDemo: Bool
    /// `EDUVN_PUBLIC_URL`: where the public reaches this platform (e.g. `https://eduvn.haiphong.edu.vn`); DEMO
    /// certificates name their CRLs under it. Nil when not set.
    public let publicURL: String?
    /// `EDUVN_TSA_URL`: the licensed time-stamp authority that signing with a time-stamp asks (RFC 3161 over HTTP);
    /// nil means the built-in DEMO authority.
    public let timestampAuthorityURL: String?
    /// `EDUVN_REGISTER_URL` (with `EDUVN_RECONCILE_HOUR`, `EDUVN_RECONCILE_STALE_DAYS`): the population register the
    /// server reconciles with every night; nil when not set.
    public let nightlyReconciliation: NightlyReconciliation?
    /// `EDUVN_QUALITY_HOUR` (default 3, `off` for none): when the server runs the quality rules every night.
    public let qualitySchedule: NightlySchedule?
    /// `EDUVN_HOLIDAYS` and `EDUVN_WORKING_DAYS`: the year's days off besides the built-in public holidays (the day beside
    /// 2/9, a longer Tết), and days worked despite them (a Saturday made up), for legal deadlines.
    public let workingCalendar: WorkingCalendar
    /// `EDUVN_SMS_GATEWAY_URL` and `EDUVN_SMS_GATEWAY_TOKEN`: where guardians' sign-in codes are sent; nil when not set.
    public let smsGateway: (url: String, token: String?)?
    /// `EDUVN_REGIME_FROM` and `EDUVN_HOC_BA_TEMPLATES`: the rule sets' roll-out by grade and the học bạ layouts.
    public let records: RecordsSettings

    public init(databaseURL: DatabaseURL, dataKey: SymmetricKey, trustsDemo: Bool = true, publicURL: String? = nil,
                timestampAuthorityURL: String? = nil, nightlyReconciliation: NightlyReconciliation? = nil,
                qualitySchedule: NightlySchedule? = NightlySchedule(hour: 3),
                workingCalendar: WorkingCalendar = WorkingCalendar(), smsGateway: (url: String, token: String?)? = nil,
                records: RecordsSettings = RecordsSettings()) {
        self.records = records
        self.qualitySchedule = qualitySchedule
        self.workingCalendar = workingCalendar
        self.smsGateway = smsGateway
        self.databaseURL = databaseURL
        self.dataKey = dataKey
        self.trustsDemo = trustsDemo
        self.publicURL = publicURL
        self.timestampAuthorityURL = timestampAuthorityURL
        self.nightlyReconciliation = nightlyReconciliation
    }

    public var cipher: PersonalDataCipher { PersonalDataCipher(dataKey: dataKey) }

    /// `EDUVN_DATABASE_URL` (default `sqlite:./data/eduvn.sqlite`) and `EDUVN_DATA_KEY`. Without a key,
    /// a development key is read from, or generated into, `./data/data.key`, with a warning: a
    /// production deployment sets the key and keeps it apart from the database and its backups.
    public static func load(databaseURL flag: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
                            dataDirectory: String = "./data", logger: Logger = Logger(label: "eduvn.config")) throws -> Configuration {
        let url = try DatabaseURL(parsing: flag ?? environment["EDUVN_DATABASE_URL"] ?? "sqlite:\(DatabaseURL.defaultSQLitePath)")
        let trustsDemo = !["0", "false", "no", "off"].contains(environment["EDUVN_TRUST_DEMO"]?.lowercased() ?? "")
        func configuration(_ key: String) throws -> Configuration {
            Configuration(databaseURL: url, dataKey: try DataKey.parse(key), trustsDemo: trustsDemo,
                          publicURL: try httpURL(environment, "EDUVN_PUBLIC_URL"), timestampAuthorityURL: try httpURL(environment, "EDUVN_TSA_URL"),
                          nightlyReconciliation: try httpURL(environment, "EDUVN_REGISTER_URL").map {
                              try NightlyReconciliation(registerURL: $0, environment: environment)
                          },
                          qualitySchedule: try NightlySchedule.quality(environment: environment),
                          workingCalendar: try WorkingCalendar(parsing: environment["EDUVN_HOLIDAYS"] ?? "",
                                                                                workingDays: environment["EDUVN_WORKING_DAYS"] ?? ""),
                          smsGateway: try httpURL(environment, "EDUVN_SMS_GATEWAY_URL").map {
                              ($0, environment["EDUVN_SMS_GATEWAY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 })
                          },
                          records: try RecordsSettings(environment: environment))
        }
        if let key = environment["EDUVN_DATA_KEY"], !key.isEmpty {
            return try configuration(key)
        }
        let keyPath = (dataDirectory as NSString).appendingPathComponent("data.key")
        if let stored = try? String(contentsOfFile: keyPath, encoding: .utf8) {
            return try configuration(stored)
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let key = DataKey.generate()
        FileManager.default.createFile(atPath: keyPath, contents: Data((key + "\n").utf8), attributes: [.posixPermissions: 0o600])
        logger.warning("EDUVN_DATA_KEY is not set: generated a development data key in \(keyPath). Set EDUVN_DATA_KEY in production.")
        return try configuration(key)
    }

    /// An `http(s)://` address without a trailing slash, or nil when the variable is unset or empty.
    private static func httpURL(_ environment: [String: String], _ name: String) throws -> String? {
        guard let value = environment[name]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        guard let scheme = URL(string: value)?.scheme?.lowercased(), ["http", "https"].contains(scheme), URL(string: value)?.host != nil else {
            throw EduError("config.url", vi: "\(name) phải là địa chỉ http:// hoặc https://, không phải \"\(value)\"",
                           en: "\(name) must be an http:// or https:// address, not \"\(value)\"")
        }
        return value.hasSuffix("/") ? String(value.dropLast()) : value
    }

    /// Opens the database, brings its schema up to date and checks that it was written with this data key.
    /// A SQLite file that does not exist yet is created, and the log says so: a mistyped path is seen at once.
    public func openDatabase(logger: Logger = Logger(label: "eduvn.db")) async throws -> EduDatabase {
        var newFile: String?
        if case .sqliteFile(let path) = databaseURL, !FileManager.default.fileExists(atPath: path) { newFile = path }
        let database = try await EduDatabase.open(databaseURL, logger: logger)
        if let newFile {
            logger.notice("Tạo cơ sở dữ liệu mới, trống tại \(newFile) / Created a new, empty database at \(newFile)")
        }
        do {
            try await prepare(database)
        } catch {
            await database.close()
            throw error
        }
        return database
    }

    /// Brings the schema up to date and checks that the database was written with this data key.
    public func prepare(_ database: EduDatabase) async throws {
        do {
            try await database.migrate(MigrationRegistry.all)
        } catch {
            // Another application's database, or one a newer EduVN changed: say which, in one line.
            throw EduError("database.migrate",
                           vi: "Không cập nhật được lược đồ của cơ sở dữ liệu \(database.url) (có phải cơ sở dữ liệu của EduVN?): \(String(describing: error).prefix(200))",
                           en: "Cannot bring the schema of \(database.url) up to date (is it an EduVN database?): \(String(describing: error).prefix(200))")
        }
        try await DataKeyCheck(database.sql, cipher: cipher).verify()
    }
}
