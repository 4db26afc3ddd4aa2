import Access
import EduCore
import Registry
import Testing
import TestSupport

/// Units versioned by effective date: the wards before 01/07/2025 and the ones they were merged into.
@Suite struct UnitHistoryTests {
    let before = CalendarDate(year: 2025, month: 6, day: 30)!, after = CalendarDate(year: 2025, month: 7, day: 1)!

    @Test func asOfADateListsTheUnitsThenInForce() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let then = Set(try await store.units(asOf: before).map(\.name)), now = Set(try await store.units(asOf: after).map(\.name))
            #expect(then.contains("Phường Minh Khai") && !then.contains("Phường Hồng Bàng"))
            #expect(now.contains("Phường Hồng Bàng") && !now.contains("Phường Minh Khai"))
            // Hải Phòng's department stands on both days, Hải Dương's only before; every version is listed without a date.
            #expect(then.contains("Sở Giáo dục và Đào tạo Hải Phòng") && now.contains("Sở Giáo dục và Đào tạo Hải Phòng"))
            #expect(then.contains("Sở Giáo dục và Đào tạo Hải Dương") && !now.contains("Sở Giáo dục và Đào tạo Hải Dương"))
            #expect(try await store.units().count == then.union(now).count)

            let hongBang = try #require(try await store.units(asOf: after).first { $0.name == "Phường Hồng Bàng" })
            let former = try await store.predecessors(ofUnit: hongBang.id)
            #expect(former.map(\.name) == ["Phường Hoàng Văn Thụ", "Phường Minh Khai", "Phường Phan Bội Châu"])
            #expect(former.allSatisfy { $0.validTo == "2025-06-30" && $0.successorId == hongBang.id })
        }
    }

    @Test func aMergerEndsUnitsOnceAndNeedsASuccessorInForce() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let units = UnitStore(db.database.sql)
            let again = await #expect(throws: EduError.self) {
                try await units.merge(["X031001-1"], into: "X031001", lastDay: before, by: .commandLine)
            }
            #expect(again?.code == "unit.merged")
            let intoFormer = await #expect(throws: EduError.self) {
                try await units.merge(["X031002"], into: "X031001-2", lastDay: before, by: .commandLine)
            }
            #expect(intoFormer?.code == "unit.successor")
            try await units.merge(["X031003"], into: "X031002", lastDay: CalendarDate(year: 2026, month: 12, day: 31)!, by: .commandLine)
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let names = try await store.units(asOf: CalendarDate(year: 2027, month: 1, day: 1)!).map(\.name)
            #expect(!names.contains("Phường Lê Chân") && names.contains("Phường Ngô Quyền"))
            let leChan = try #require(try await store.units().first { $0.code == "X031003" })
            let entries = try await AuditLog(db.database.sql).entries(entity: "unit", entityID: String(leChan.id))
            #expect(entries.contains { $0.action == "merge" && $0.after == "X031003 → X031002 from 2027-01-01" })
        }
    }

    @Test func aSchoolCannotBePlacedInAMergedUnit() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let path = try TestDatabase.csv(RegistrySheet.schools.englishHeader,
                                            [["03129999", "Trường Tiểu học Minh Khai", "Tiểu học", "Công lập", "X031001-2", "", ""]])
            let outcome = try await RegistryImporter(database: db.database, cipher: db.cipher)
                .importFile(path, sheet: .schools, dryRun: false, actor: .commandLine)
            #expect(outcome.problems.map(\.column) == ["unit_code"])
            #expect(outcome.problems.first?.reason.en == "This unit was merged into X031001: use the new code")
        }
    }
}
