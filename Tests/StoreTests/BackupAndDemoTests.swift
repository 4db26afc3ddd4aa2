import Access
import Crypto
import EduCore
import Foundation
import Platform
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

@Suite struct BackupTests {
    struct Snapshot: Decodable, Equatable { let id: Int; let fullName: String; let nationalIdHash: String? }

    func rows(_ database: EduDatabase) async throws -> [Snapshot] {
        try await database.sql.raw("SELECT id, full_name, national_id_hash FROM students ORDER BY id")
            .all(decoding: Snapshot.self, keyDecodingStrategy: .convertFromSnakeCase)
    }

    /// Backs up a live file database, changes it, restores, and compares with what was backed up.
    @Test func restoreBringsBackExactlyTheBackup() async throws {
        let directory = try TestFiles.folder("backup").path
        let path = directory + "/eduvn.sqlite", backup = directory + "/backup.sqlite"
        let cipher = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        var database = try await EduDatabase.open(.sqliteFile(path: path))
        try await database.migrate(MigrationRegistry.all)
        _ = try await DemoLoader(database: database, cipher: cipher).load(DemoProvince(students: 60, seed: 2), by: .commandLine)
        let original = try await rows(database)
        try await SQLiteBackup.backup(database, to: backup)
        try await database.sql.raw("DELETE FROM enrolments").run()
        try await database.sql.raw("DELETE FROM students").run()
        #expect(try await rows(database).isEmpty)
        await database.close()

        try await SQLiteBackup.restore(from: backup, to: path, check: Self.check(cipher))
        database = try await EduDatabase.open(.sqliteFile(path: path))
        #expect(try await rows(database) == original)
        let verification = try await AuditLog(database.sql).verify()
        if case .broken(let id, _) = verification { Issue.record("audit chain broken at \(id) after restore") }
        await database.close()
    }

    /// What `eduvn restore` checks a backup's copy with: its schema brought up to date, its data key this one.
    static func check(_ cipher: PersonalDataCipher) -> (EduDatabase) async throws -> Void {
        { database in
            try await database.migrate(MigrationRegistry.all)
            try await DataKeyCheck(database.sql, cipher: cipher).verify()
        }
    }

    @Test func restoreRefusesAFileThatIsNotABackup() async throws {
        let directory = try TestFiles.folder("backup").path
        let cipher = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        try "not a database".write(toFile: directory + "/junk.sqlite", atomically: true, encoding: .utf8)
        let junk = await #expect(throws: EduError.self) {
            try await SQLiteBackup.restore(from: directory + "/junk.sqlite", to: directory + "/eduvn.sqlite", check: Self.check(cipher))
        }
        #expect(junk?.code == "restore.invalid" && junk?.message.en.contains("/junk.sqlite is not an EduVN backup") == true, "\(String(describing: junk))")
        // Another application's SQLite database is not a backup either.
        let foreign = try await EduDatabase.open(.sqliteFile(path: directory + "/other.sqlite"))
        try await foreign.sql.raw("CREATE TABLE pupils (name TEXT)").run()
        await foreign.close()
        let other = await #expect(throws: EduError.self) {
            try await SQLiteBackup.restore(from: directory + "/other.sqlite", to: directory + "/eduvn.sqlite", check: Self.check(cipher))
        }
        #expect(other?.code == "restore.invalid")
        #expect(!FileManager.default.fileExists(atPath: directory + "/eduvn.sqlite"))

        // A mistyped backup path is named, and nothing is made there or in its place.
        let missing = directory + "/nowhere/backup.sqlite"
        let error = await #expect(throws: EduError.self) {
            try await SQLiteBackup.restore(from: missing, to: directory + "/eduvn.sqlite", check: Self.check(cipher))
        }
        #expect(error?.code == "restore.missing")
        #expect(!FileManager.default.fileExists(atPath: directory + "/nowhere") && !FileManager.default.fileExists(atPath: directory + "/eduvn.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["junk.sqlite", "other.sqlite"])
    }

    /// A backup written with another data key is refused, and the database in place stays as it was; the backup file
    /// itself is only read.
    @Test func restoreRefusesABackupWrittenWithAnotherKey() async throws {
        let directory = try TestFiles.folder("backup").path
        let path = directory + "/eduvn.sqlite", foreign = directory + "/foreign.sqlite", backup = directory + "/backup.sqlite"
        let ours = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256)), theirs = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        for (file, cipher) in [(path, ours), (foreign, theirs)] {
            let database = try await EduDatabase.open(.sqliteFile(path: file))
            try await Self.check(cipher)(database)
            _ = try await DemoLoader(database: database, cipher: cipher).load(DemoProvince(students: 20, seed: 4), by: .commandLine)
            if file == foreign { try await SQLiteBackup.backup(database, to: backup) }
            await database.close()
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path)), backupBytes = try Data(contentsOf: URL(fileURLWithPath: backup))
        let error = await #expect(throws: EduError.self) { try await SQLiteBackup.restore(from: backup, to: path, check: Self.check(ours)) }
        #expect(error?.code == "config.data_key_mismatch")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: backup)) == backupBytes)
        #expect(!FileManager.default.fileExists(atPath: path + ".restoring"))
        try await SQLiteBackup.restore(from: backup, to: path, check: Self.check(theirs))
    }

    /// A backup into a folder that does not exist is refused by name, before anything is written.
    @Test func aBackupIntoAMissingFolderIsRefusedByName() async throws {
        try await TestDatabase.with { db in
            guard db.database.dialect == .sqlite else { return }
            let missing = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-none-\(UUID().uuidString)").path
            let error = await #expect(throws: EduError.self) { try await SQLiteBackup.backup(db.database, to: missing + "/backup.sqlite") }
            #expect(error?.code == "backup.folder" && error?.message.en.contains(missing) == true)
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
    }
}

@Suite struct DemoProvinceTests {
    func students(_ province: DemoProvince) -> [[String]] {
        var rows: [[String]] = []
        province.forEachStudent { rows.append($0) }
        return rows
    }

    @Test func theSameSeedGivesTheSameProvince() {
        let a = DemoProvince(students: 500, seed: 42), b = DemoProvince(students: 500, seed: 42), c = DemoProvince(students: 500, seed: 43)
        #expect(students(a) == students(b))
        #expect(a.staff == b.staff)
        #expect(students(a) != students(c))
    }

    @Test func studentsAreWellFormed() throws {
        let province = DemoProvince(students: 2000, seed: 9)
        let rows = students(province)
        #expect(rows.count == province.studentCount)
        #expect(abs(rows.count - 2000) < 100)
        #expect(Set(rows.map { $0[5] }).count == rows.count, "personal IDs are unique")
        for row in rows.prefix(300) {
            let id = NationalID(row[5])!
            let dob = CalendarDate(iso: row[2])!
            #expect(id.warnings(birthYear: dob.year, gender: Gender(parsing: row[3])).isEmpty)
            #expect(PersonName.problem(row[1]) == nil)
        }
        #expect(province.units.contains { $0.kind == .specialZone })
        #expect(Set(province.schools.flatMap { SchoolLevel.parseList($0[2]) ?? [] }) == Set(SchoolLevel.allCases))
        // A liên cấp school, with classes from grade 1 to grade 9.
        let multiLevel = try #require(province.schools.first { SchoolLevel.parseList($0[2])?.count == 2 })
        #expect(Set(province.classes.filter { $0[0] == multiLevel[0] }.compactMap { Int($0[2]) }) == Set(1...9))
    }
}

/// A `sqlite::memory:` database is a scratch file (SQLite's shared cache is compiled out), removed when it closes.
@Suite struct ScratchDatabaseTests {
    @Test func aMemoryDatabaseLeavesNoFileBehind() async throws {
        let database = try await EduDatabase.open(.sqliteMemory)
        try await database.sql.raw("CREATE TABLE notes (text TEXT)").run()
        try await database.sql.raw("INSERT INTO notes VALUES ('một')").run()
        let file = try #require(database.scratchFile)
        #expect(FileManager.default.fileExists(atPath: file))
        await database.close()
        #expect(!FileManager.default.fileExists(atPath: file))
        let other = try await EduDatabase.open(.sqliteMemory)
        #expect(other.scratchFile != file)
        await other.close()
    }
}
