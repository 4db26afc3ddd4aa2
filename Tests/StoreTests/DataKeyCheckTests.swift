import Access
import Crypto
import EduCore
import Testing
import TestSupport

/// A database remembers which data key wrote it, and refuses another.
@Suite struct DataKeyCheckTests {
    @Test func anotherKeyIsRefused() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql, other = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
            try await DataKeyCheck(sql, cipher: db.cipher).verify()
            try await DataKeyCheck(sql, cipher: db.cipher).verify()
            let refusal = await #expect(throws: EduError.self) { try await DataKeyCheck(sql, cipher: other).verify() }
            #expect(refusal?.code == "config.data_key_mismatch")
        }
    }

    /// A database written before the check has no fingerprint: its own sealed personal IDs tell the keys apart.
    @Test func aDatabaseFromBeforeTheCheckIsTriedOnItsPersonalIDs() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql, other = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
            _ = try await db.loadDemo(students: 20)
            try await sql.raw("DELETE FROM data_key_check").run()
            await #expect(throws: EduError.self) { try await DataKeyCheck(sql, cipher: other).verify() }
            try await DataKeyCheck(sql, cipher: db.cipher).verify()
            await #expect(throws: EduError.self) { try await DataKeyCheck(sql, cipher: other).verify() }
        }
    }

    /// No personal ID stored yet, but the audit chain was sealed with the key: another key is refused.
    @Test func aDatabaseWithoutPersonalIDsIsTriedOnItsSeals() async throws {
        try await TestDatabase.with { db in
            let sql = db.database.sql, other = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
            try await AuditLog(sql).append(AuditEvent(action: "create", entity: "unit", entityID: "1"), by: .commandLine)
            try await AuditSeals(sql, cipher: db.cipher).seal()
            await #expect(throws: EduError.self) { try await DataKeyCheck(sql, cipher: other).verify() }
            try await DataKeyCheck(sql, cipher: db.cipher).verify()
        }
    }
}
