import Access
import Credentials
import EduCore
import Foundation
import Testing
import TestSupport

/// Custody of the registers after mergers: a body holds its own until it hands them on, and what it holds goes with
/// them; transfers are kept in order and refused when they make no sense.
@Suite struct CustodyTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 23)!

    @Test func registersFollowTheirHolders() async throws {
        try await TestDatabase.with { db in
            let header = "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date"
            let cipher = db.cipher
            for (issuer, line) in [("Sở GDĐT Hải Dương", "THPT,HD0000001,1/2010,Nguyễn Văn An,1992-03-04,Nam,Hải Dương,THPT Hồng Quang,2010,9/QĐ,2010-07-01"),
                                   ("Phòng GDĐT Kinh Môn", "THCS,KM0000001,1/2005,Trần Thị Bình,1990-05-06,Nữ,Kinh Môn,THCS Kinh Môn,2005,3/QĐ,2005-06-20")] {
                let rows = try RegisterFile.read(try TestDatabase.csv(header.components(separatedBy: ","), [line.components(separatedBy: ",")]), today: today).rows
                _ = try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: issuer, dryRun: false, by: .commandLine) }
            }
            func transfer(_ from: String, _ to: String, decision: String = "QĐ 1/2025") async throws {
                try await db.database.transaction {
                    try await CustodyStore($0).transfer(from: from, to: to, since: CalendarDate(year: 2025, month: 7, day: 1)!, decision: decision, by: .commandLine)
                }
            }
            let store = CustodyStore(db.database.sql)
            #expect(try await store.holder(of: "Sở GDĐT Hải Dương") == "Sở GDĐT Hải Dương", "a body holds its own registers")
            try await transfer("Phòng GDĐT Kinh Môn", "Sở GDĐT Hải Dương")
            try await transfer("Sở GDĐT  Hải Dương", "Sở GDĐT Hải Phòng")
            #expect(try await store.holders() == ["Sở GDĐT Hải Dương": "Sở GDĐT Hải Phòng", "Phòng GDĐT Kinh Môn": "Sở GDĐT Hải Phòng"],
                    "what a body holds goes with its own")
            for (from, to, decision, code) in [("Sở GDĐT Hải Dương", "Sở GDĐT Hà Nội", "QĐ 2", "custody.nothing"),
                                               ("Sở GDĐT Hải Phòng", "Sở GDĐT Hải Phòng", "QĐ 2", "custody.bodies"),
                                               ("Sở GDĐT Hải Phòng", "Sở GDĐT Hà Nội", " ", "custody.decision"),
                                               ("Sở GDĐT Hải Phòng", "Sở GDĐT Hải Dương", "QĐ 2", "custody.handed_on")] {
                let error = try await #require(throws: EduError.self) { try await transfer(from, to, decision: decision) }
                #expect(error.code == code, "\(from) → \(to)")
            }
            #expect(try await store.transfers().map(\.to) == ["Sở GDĐT Hải Dương", "Sở GDĐT Hải Phòng"])
            let ahead = try await #require(throws: EduError.self) {
                try await db.database.transaction {
                    try await CustodyStore($0).transfer(from: "Sở GDĐT Hải Phòng", to: "Sở GDĐT Hà Nội", since: CalendarDate(year: 2026, month: 12, day: 1)!,
                                                        decision: "QĐ 9", today: self.today, by: .commandLine)
                }
            }
            #expect(ahead.code == "custody.future", "a copy never names a holder before its day")
        }
    }
}
