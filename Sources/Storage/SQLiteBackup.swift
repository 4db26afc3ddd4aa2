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
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw EduError("backup.folder", vi: "Không có thư mục \(folder) để ghi bản sao lưu", en: "There is no folder \(folder) to write the backup in")
        }
        do {
            try await database.sql.raw("VACUUM INTO \(bind: path)").run()
        } catch {
            throw EduError("backup.failed", vi: "Không ghi được bản sao lưu \(path): \(error)", en: "Could not write the backup \(path): \(error)")
        }
    }

    /// Replaces the database file at `target` with a copy of `source`, after checking the copy is an EduVN database and
    /// passes `check` (the caller brings its schema up to date and checks its data key). The server must be stopped.
    /// The backup itself is only read; the swap is a rename: never a half-written file.
    public static func restore(from source: String, to target: String, check: (EduDatabase) async throws -> Void) async throws {
        guard FileManager.default.fileExists(atPath: source) else {
            throw EduError("restore.missing", vi: "Không có tệp \(source)", en: "There is no file \(source)")
        }
        let staging = target + ".restoring"
        func removeStaging() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: staging + suffix) }
        }
        removeStaging()
        do {
            try FileManager.default.copyItem(atPath: source, toPath: staging)
            let notABackup = EduError("restore.invalid", vi: "\(source) không phải bản sao lưu EduVN", en: "\(source) is not an EduVN backup")
            let copy: EduDatabase
            do {
                copy = try await EduDatabase.open(.sqliteFile(path: staging))
            } catch let error as EduError where error.message.en.contains("not a database") {
                // SQLite's own word for a file whose header is not its own; a full disk or a permission keeps its message.
                throw notABackup
            }
            do {
                guard (try? await copy.sql.raw("SELECT COUNT(*) AS n FROM _fluent_migrations").first(decoding: CountRow.self)) != nil else {
                    throw notABackup
                }
                try await check(copy)
                // Everything the check wrote (its migrations) into the copy's file itself, before the file is renamed.
                try await copy.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            } catch {
                await copy.close()
                throw error
            }
            await copy.close()
        } catch {
            removeStaging()
            throw error
        }
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        if rename(staging, target) != 0 {
            removeStaging()
            throw EduError("restore.rename", vi: "Không thay được tệp \(target)", en: "Could not replace \(target)")
        }
    }
}
