import EduCore
import SQLKit
import Storage

/// Which data key a database was written with: a keyed hash of a fixed label, stored once. A command run with another
/// key (a forgotten `EDUVN_DATA_KEY`, a development key made in another directory) would otherwise write records no
/// one can read with the right key, and report the audit seals as forged.
public struct DataKeyCheck: Sendable {
    public static let migration = SchemaMigration("0051_data_key_check", [
        "CREATE TABLE data_key_check (id INTEGER PRIMARY KEY, fingerprint TEXT NOT NULL, at TEXT NOT NULL)",
    ])

    private let database: any SQLDatabase
    private let cipher: PersonalDataCipher

    public init(_ database: any SQLDatabase, cipher: PersonalDataCipher) {
        self.database = database
        self.cipher = cipher
    }

    /// Throws when the database was written with another key. A database from before this check is tried on one of its
    /// sealed personal IDs and its latest audit seal, then given its fingerprint.
    public func verify() async throws {
        let fingerprint = cipher.lookupHash("eduvn/data-key-check/v1")
        struct Stored: Decodable { let fingerprint: String }
        if let stored = try await database.raw("SELECT fingerprint FROM data_key_check WHERE id = 1").first(decoding: Stored.self) {
            guard stored.fingerprint == fingerprint else { throw Self.mismatch }
            return
        }
        struct Sealed: Decodable { let sealed: String }
        if let sample = try await database.raw("""
            SELECT national_id_enc AS sealed FROM students WHERE national_id_enc IS NOT NULL
            UNION ALL SELECT national_id_enc AS sealed FROM staff WHERE national_id_enc IS NOT NULL LIMIT 1
            """).first(decoding: Sealed.self) {
            guard (try? cipher.open(sample.sealed)) != nil else { throw Self.mismatch }
        }
        // No personal ID to try (units and schools only): the audit seals were made with the key too.
        let seals = AuditSeals(database, cipher: cipher)
        if let latest = try await seals.all().max(by: { $0.id < $1.id }), !seals.isGenuine(latest) { throw Self.mismatch }
        try await database.raw("""
            INSERT INTO data_key_check (id, fingerprint, at) VALUES (1, \(bind: fingerprint), \(bind: Timestamp.now))
            ON CONFLICT (id) DO NOTHING
            """).run()
        // Two processes opening a new database at once: the one that lost the race checks the winner's key.
        try await verify()
    }

    static let mismatch = EduError(
        "config.data_key_mismatch",
        vi: "EDUVN_DATA_KEY không phải khoá mà cơ sở dữ liệu này đã được ghi: đặt đúng khoá (hoặc chạy từ thư mục có data/data.key)",
        en: "EDUVN_DATA_KEY is not the key this database was written with: set the right key (or run from the folder holding data/data.key)")
}
