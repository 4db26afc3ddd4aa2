import EduCore
import Foundation
import SQLKit

/// Consistent copies of a live SQLite database (`VACUUM INTO` reads one snapshot while writers
/// go on) and putting one back. PostgreSQL is backed up with its own tools (docs/operations.md).
public enum SQLiteBackup {
    public static func backup(_ database: EduDatabase, to path: String) async throws {
        guard database.dialect == .sqlite else {
            throw EduError("backup.postgres", vi: "Với PostgreSQL, dùng pg_dump (xem docs/operations.md)",
                           en: "For PostgreSQL use pg_dump (see docs/operations.md)")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw EduError("backup.exists", vi: "Tệp \(path) đã tồn tại", en: "\(path) already exists")
        }
        try await database.sql.raw("VACUUM INTO \(bind: path)").run()
    }

    /// Replaces the database file at `target` with `source`, after checking `source` is an EduVN
    /// database. The server must be stopped. The swap is a rename: never a half-written file.
    public static func restore(from source: String, to target: String) async throws {
        let check = try await EduDatabase.open(.sqliteFile(path: source))
        let ok = (try? await check.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first(decoding: CountRow.self)) != nil
        await check.close()
        guard ok else {
            throw EduError("restore.invalid", vi: "\(source) không phải bản sao lưu EduVN", en: "\(source) is not an EduVN backup")
        }
        let staging = target + ".restoring"
        try? FileManager.default.removeItem(atPath: staging)
        try FileManager.default.copyItem(atPath: source, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        if rename(staging, target) != 0 {
            throw EduError("restore.rename", vi: "Không thay được tệp \(target)", en: "Could not replace \(target)")
        }
    }
}
