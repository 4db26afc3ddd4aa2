import Access
import Credentials
import EduCore
import Foundation
import Platform
import Signing
import SQLKit
import Storage
import Testing
import TestSupport

/// The legal deadline of a certified copy, on working days and the 15:00 cut-off (Vietnam time).
@Suite struct WorkingCalendarTests {
    /// A moment in Vietnam (UTC+7).
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text + "+07:00")! }
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso)! }

    @Test func daysAndWeekdaysCountLikeTheCalendar() {
        #expect(Self.day("2026-11-23").weekday == 1, "a Monday")
        #expect(Self.day("1970-01-01").weekday == 4 && Self.day("1969-12-31").weekday == 3)
        #expect(Self.day("2024-02-28").adding(days: 1) == Self.day("2024-02-29"))
        #expect(Self.day("2025-12-31").adding(days: 1) == Self.day("2026-01-01"))
        #expect(Self.day("2026-03-01").adding(days: -1) == Self.day("2026-02-28"))
        // Round trip over forty years, day by day.
        var day = Self.day("2000-01-01")
        for _ in 0..<(40 * 366) {
            let next = day.adding(days: 1)!
            #expect(next.daysSince(day) == 1 && next.weekday == (day.weekday + 1) % 7)
            if next.daysSince(day) != 1 { break }
            day = next
        }
    }

    @Test func theDeadlineIsTheSameWorkingDayBeforeThreeOClockAndTheNextAfter() {
        let calendar = WorkingCalendar(holidays: [Self.day("2027-02-12")], workingDays: [Self.day("2026-11-21")])
        let cases: [(String, String)] = [
            ("2026-11-23T14:59:59", "2026-11-23"),  // Monday before 15:00: the same day
            ("2026-11-23T15:00:00", "2026-11-24"),  // at 15:00: the next working day
            ("2026-11-27T16:30:00", "2026-11-30"),  // Friday afternoon: Monday
            ("2026-11-28T09:00:00", "2026-11-30"),  // Saturday: Monday
            ("2026-04-29T15:30:00", "2026-05-04"),  // 30/4 and 1/5 are holidays, then the weekend
            ("2026-09-02T08:00:00", "2026-09-03"),  // National Day
            ("2027-02-04T15:10:00", "2027-02-15"),  // Thursday late: Tết (Saturday 6/2) from its eve to 9/2, its weekend days
                                                    // moved to 10/2 and 11/2, and a configured 12/2
            ("2026-04-24T16:00:00", "2026-04-28"),  // Friday late, the weekend, then Giỗ Tổ's Sunday (26/4) moved to Monday
            ("2026-02-13T10:00:00", "2026-02-13"),  // Friday before Tết (17/2): a working day
            ("2026-02-13T15:00:00", "2026-02-23"),  // … after 15:00: Tết runs from Monday 16/2 to Friday 20/2
            ("2026-11-21T09:00:00", "2026-11-21"),  // a Saturday configured as worked (made up)
            ("2026-12-31T23:59:00", "2027-01-04"),  // New Year's Eve at night: past 1/1 and the weekend
        ]
        for (received, due) in cases {
            #expect(calendar.deadline(receivedAt: Self.at(received)) == Self.day(due), "received \(received)")
        }
    }

    @Test func holidaysAreConfiguredAsISODates() throws {
        let calendar = try WorkingCalendar(parsing: "2027-02-08, 2027-02-09 2027-04-16", workingDays: "2026-11-21")
        #expect(calendar.holidays.count == 3 && calendar.workingDays == [Self.day("2026-11-21")])
        #expect(throws: EduError.self) { try WorkingCalendar(parsing: "08/02/2027") }
        #expect(throws: EduError.self) { try WorkingCalendar(parsing: "", workingDays: "21/11/2026") }
    }

    /// Tết and Giỗ Tổ as Vietnam keeps them (at UTC+7: in 1985, 2007 and 2030 Vietnam's Tết is not China's), and leap months.
    @Test func theLunarCalendarGivesVietnamsDates() {
        let tet = [1985: "1985-01-21", 2000: "2000-02-05", 2007: "2007-02-17", 2020: "2020-01-25", 2023: "2023-01-22", 2024: "2024-02-10",
                   2025: "2025-01-29", 2026: "2026-02-17", 2027: "2027-02-06", 2030: "2030-02-02"]
        for (year, day) in tet { #expect(LunarCalendar.newYear(year) == Self.day(day), "Tết \(year)") }
        let gioTo = [2023: "2023-04-29", 2024: "2024-04-18", 2025: "2025-04-07", 2026: "2026-04-26"]
        for (year, day) in gioTo { #expect(LunarCalendar.solar(day: 10, month: 3, year: year) == Self.day(day), "Giỗ Tổ \(year)") }
        #expect(LunarCalendar.solar(day: 1, month: 2, year: 2023, leap: true) == Self.day("2023-03-22"), "tháng 2 nhuận Quý Mão")
        #expect(LunarCalendar.solar(day: 1, month: 4, year: 2020, leap: true) == Self.day("2020-05-23"), "tháng 4 nhuận Canh Tý")
        #expect(LunarCalendar.solar(day: 1, month: 3, year: 2023, leap: true) == nil && LunarCalendar.solar(day: 1, month: 2, year: 2024, leap: true) == nil)
    }

    @Test func theBuiltInHolidaysOfAYear() {
        let days = WorkingCalendar.statutoryHolidays(2026).sorted().map(\.iso)
        #expect(days == ["2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-26", "2026-04-27",
                         "2026-04-30", "2026-05-01", "2026-09-02"])
        // 2028: 1/1 on a Saturday, moved to Monday 3/1; 30/4 Sunday and 1/5 Monday, so 30/4's day moves to Tuesday 2/5.
        let moved = WorkingCalendar.statutoryHolidays(2028)
        #expect(moved.contains(Self.day("2028-01-03")) && moved.contains(Self.day("2028-05-02")) && !moved.contains(Self.day("2028-05-03")))
    }
}

/// Requests, decisions and the signed copy, on SQLite and (with EDUVN_DATABASE_URL) PostgreSQL.
@Suite struct CopyRequestTests {
    let staff = Actor(name: "can-bo", origin: "test")
    let visitor = Actor(name: "public", origin: "203.0.113.7")

    func seeded(_ db: TestDatabase) async throws -> (departmentSeal: String, schoolSeal: String) {
        _ = try await db.loadDemo(students: 20)
        return try await db.loadRegisterAndSeals()
    }

    func draft(serial: String = "AB0012345", name: String = "nguyễn văn an", requester: CopyRequester = .holder, note: String = "") -> CopyRequestDraft {
        CopyRequestDraft(serial: serial, holderName: name, holderBirth: CalendarDate(year: 1987, month: 3, day: 4)!, requester: requester,
                         requesterName: "Nguyễn Văn An", identityDocument: "031087001234", contact: "0912 345 678", note: note)
    }

    @Test func aRequestIsCheckedLikeALookupAndGetsItsDeadline() async throws {
        try await TestDatabase.with { db in
            _ = try await seeded(db)
            let store = CopyRequestStore(db.database, cipher: db.cipher)
            let monday = WorkingCalendarTests.at("2026-11-23T16:00:00")
            let request = try await store.submit(draft(), at: monday, by: visitor)
            #expect(request.status == .received && request.deadline == CalendarDate(year: 2026, month: 11, day: 24)!)
            #expect(request.code.count == 10 && request.holderName == "Nguyễn Văn An")
            #expect(try await store.request(code: request.code.lowercased())?.id == request.id)
            let misread = request.code.replacingOccurrences(of: "0", with: "O").replacingOccurrences(of: "1", with: "l")
            #expect(try await store.request(code: misread)?.id == request.id, "O read as 0, I and L as 1")
            for wrong in [draft(name: "Nguyễn Văn Bình"), draft(serial: "ZZ0000000")] {
                let error = await #expect(throws: EduError.self) { try await store.submit(wrong, by: visitor) }
                #expect(error == CopyRequestStore.notFound, "the same answer for an unknown serial and for details that do not match")
            }
            let revoked = await #expect(throws: EduError.self) {
                try await store.submit(CopyRequestDraft(serial: "AB0012346", holderName: "Trần Thị Bình", holderBirth: CalendarDate(year: 1987, month: 11, day: 12)!,
                                                        requester: .holder, requesterName: "Trần Thị Bình", identityDocument: "1", contact: "x"), by: visitor)
            }
            #expect(revoked?.code == "credentials.revoked")
            let unstated = await #expect(throws: EduError.self) { try await store.submit(draft(requester: .representative), by: visitor) }
            #expect(unstated?.code == "copies.note")
            let stored = try await db.database.sql.raw("SELECT identity_enc AS v FROM copy_requests").first(decoding: Value.self)!.v
            #expect(!stored.contains("031087001234"), "the identity document is encrypted at rest")
            let particulars = try #require(try await store.particulars(id: request.id, by: staff))
            #expect(particulars.identityDocument == "031087001234" && particulars.contact == "0912 345 678")
        }
    }

    @Test func theCopyIsSignedByTheDepartmentsSealAndTrusted() async throws {
        try await TestDatabase.with { db in
            let (department, school) = try await seeded(db)
            let store = CopyRequestStore(db.database, cipher: db.cipher, publicURL: "https://eduvn.example")
            let request = try await store.submit(draft(), by: visitor)
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let wrong = await #expect(throws: EduError.self) { try await store.issue(id: request.id, signerName: school, signers: signers, by: staff) }
            #expect(wrong?.code == "copies.signer", "a school's seal does not hold the register")
            #expect(try await store.copy(code: request.code) == nil)
            // After the merger the new city's department holds the register, and issues the copy.
            try await db.database.transaction {
                try await CustodyStore($0).transfer(from: "Sở Giáo dục và Đào tạo Hải Phòng", to: "Sở GDĐT thành phố Hải Phòng mới",
                                                    since: CalendarDate(year: 2025, month: 7, day: 1)!, decision: "QĐ 1/2025", by: staff)
            }
            let issued = try await store.issue(id: request.id, signerName: department, signers: signers, by: staff)
            #expect(issued.status == .issued && issued.decidedBy == "can-bo")
            let pdf = try #require(try await store.copy(code: request.code))
            let report = try await signers.documentVerifier().verify(pdf, content: nil)
            #expect(report.format == "pdf" && report.isTrusted, "\(report)")
            let entry = try #require(try await RegisterStore(db.database.sql, cipher: db.cipher).entryID(serial: "AB0012345"))
            #expect(try await RegisterEntries(db.database.sql, cipher: db.cipher).entry(id: entry, by: staff)?.issuances.map(\.kind) == ["pdf"],
                    "listed with the entry's issued credentials")
            // The copy reads as the register does (poppler, installed by scripts/install-deps, reads it back).
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("copy-\(request.code).pdf")
            try Data(pdf).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let text = try ExternalProgram.run("/usr/bin/pdftotext", ["-layout", file.path, "-"]).output
            for expected in ["BẢN SAO TỪ SỔ GỐC", "Sở GDĐT thành phố Hải Phòng mới", "Sở Giáo dục và Đào tạo Hải Phòng", "Nguyễn Văn An", "04/03/1987", "AB0012345", "123/2005", "THPT Trần Phú", "Kinh", "Phạm Văn Giám",
                             "https://eduvn.example/ban-sao/\(request.code)"] {
                #expect(text.contains(expected), "\(expected)")
            }
            let again = await #expect(throws: EduError.self) { try await store.refuse(id: request.id, reason: "x", by: staff) }
            #expect(again?.code == "copies.decided")
            #expect(try await store.download(code: request.code, by: visitor) == pdf)
            #expect(try await store.download(code: "ZZZZZZZZZZ", by: visitor) == nil)
            let actions = try await AuditLog(db.database.sql).entries(entity: "copy_request", entityID: String(request.id)).map(\.action)
            #expect(actions == ["download", "issue", "request"], "newest first")
        }
    }

    /// Revoked between the request and the decision: no copy, and the request stays in the queue to be refused.
    @Test func aCredentialRevokedAfterTheRequestIsNotCopied() async throws {
        try await TestDatabase.with { db in
            let (department, _) = try await seeded(db)
            let store = CopyRequestStore(db.database, cipher: db.cipher)
            let request = try await store.submit(draft(), by: visitor)
            try await db.database.transaction { tx in
                let register = RegisterStore(tx, cipher: db.cipher)
                let entry = try #require(try await register.entryID(serial: "AB0012345"))
                try await register.revoke(entryID: entry, ground: .fraud, decisionNumber: "QĐ 9/2026", decisionDate: CalendarDate(year: 2026, month: 11, day: 2)!, by: staff)
            }
            let refused = await #expect(throws: EduError.self) {
                try await store.issue(id: request.id, signerName: department, signers: SignerStore(db.database.sql, cipher: db.cipher), by: staff)
            }
            #expect(refused?.code == "credentials.revoked")
            #expect(try await store.copy(code: request.code) == nil)
            #expect(try await store.queue(status: .received).map(\.id) == [request.id])
        }
    }

    /// A copy certifies the register: an entry not checked against the paper register is not copied until it is.
    @Test func anUncheckedEntryIsNotCopied() async throws {
        try await TestDatabase.with { db in
            let (department, _) = try await seeded(db)
            try await db.database.sql.raw("UPDATE credential_entries SET verification = NULL WHERE serial = 'AB0012345'").run()
            let store = CopyRequestStore(db.database, cipher: db.cipher)
            let request = try await store.submit(draft(), by: visitor)
            let signers = SignerStore(db.database.sql, cipher: db.cipher)
            let refused = await #expect(throws: EduError.self) { try await store.issue(id: request.id, signerName: department, signers: signers, by: staff) }
            #expect(refused?.code == "credentials.unverified")
            let register = RegisterStore(db.database.sql, cipher: db.cipher)
            try await register.verify(entryID: try #require(try await register.entryID(serial: "AB0012345")), record: "Đối chiếu sổ giấy", by: staff)
            #expect(try await store.issue(id: request.id, signerName: department, signers: signers, by: staff).status == .issued)
        }
    }

    @Test func aRefusalNeedsAReason() async throws {
        try await TestDatabase.with { db in
            _ = try await seeded(db)
            let store = CopyRequestStore(db.database, cipher: db.cipher)
            let request = try await store.submit(draft(), by: visitor)
            await #expect(throws: EduError.self) { try await store.refuse(id: request.id, reason: "  ", by: staff) }
            let refused = try await store.refuse(id: request.id, reason: "Giấy uỷ quyền không hợp lệ", by: staff)
            #expect(refused.status == .refused && refused.refusal == "Giấy uỷ quyền không hợp lệ")
            #expect(try await store.queue(status: .received).isEmpty)
            #expect(try await store.queue(status: .refused).map(\.id) == [request.id])
        }
    }

    struct Value: Decodable { let v: String }
}
