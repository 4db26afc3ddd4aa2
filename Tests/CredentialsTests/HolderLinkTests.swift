import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Storage
import Testing
import TestSupport

/// Holders linked to the registry's students: by the personal ID, else by name and birth date when exactly one student
/// has them and no personal ID or gender says otherwise; the rest listed, ambiguous ones told apart; a second run keeps the links.
@Suite struct HolderLinkTests {
    @Test func holdersAreLinkedByIDThenByNameAndBirth() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            struct Student: Decodable { let id: Int; let fullName: String; let dateOfBirth: String; let gender: String; let nationalIdEnc: String? }
            // Four students old enough to have graduated (the demo's are children).
            try await db.database.sql.raw("""
                UPDATE students SET date_of_birth = '2008-05-0' || CAST(id % 9 + 1 AS TEXT) WHERE id IN (SELECT id FROM students ORDER BY id LIMIT 4)
                """).run()
            let students = try await db.database.sql.raw("""
                SELECT id, full_name, date_of_birth, gender, national_id_enc FROM students WHERE national_id_enc IS NOT NULL ORDER BY id LIMIT 4
                """).all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
            try #require(students.count == 4)
            // The fourth student's name and birth date given to a fifth: two alike.
            try await db.database.sql.raw("""
                UPDATE students SET full_name = \(bind: students[3].fullName), name_key = (SELECT name_key FROM students WHERE id = \(bind: students[3].id)),
                    date_of_birth = \(bind: students[3].dateOfBirth), gender = \(bind: students[3].gender)
                WHERE id = (SELECT MAX(id) FROM students)
                """).run()
            let byID = try db.cipher.open(try #require(students[0].nationalIdEnc))
            let otherID = "001099000123"   // a personal ID none of the students has
            func line(_ serial: String, _ number: String, _ student: Student?, name: String? = nil, id: String? = nil, otherGender: Bool = false) -> String {
                let birth = student.map { $0.dateOfBirth } ?? "1990-01-01"
                let gender = (student.flatMap { Gender(rawValue: $0.gender) }.map { otherGender ? ($0 == .male ? Gender.female : .male) : $0 } ?? .male).vietnamese
                return "THPT,\(serial),\(number),\(name ?? student?.fullName ?? "Không Ai Cả"),\(birth),\(gender),Hải Phòng,THPT A,2026,1/QĐ,2026-07-01,\(id ?? "")"
            }
            let header = "credential_type,serial,register_number,full_name,date_of_birth,gender,birthplace,school,graduation_year,decision_number,decision_date,national_id"
            let lines = [line("LK0000001", "1/2026", students[0], name: "Tên Khác Hẳn", id: byID),     // by personal ID, whatever the name
                         line("LK0000002", "2/2026", students[1]),                                      // by name and birth date
                         line("LK0000003", "3/2026", students[2], id: otherID),                        // same name, another personal ID: not linked
                         line("LK0000004", "4/2026", students[3]),                                      // two students alike
                         line("LK0000005", "5/2026", nil),                                              // nobody
                         line("LK0000006", "6/2026", students[1], otherGender: true)]                  // same name and birth, other gender: not linked
            let rows = try RegisterFile.read(try TestDatabase.csv(header.components(separatedBy: ","), lines.map { $0.components(separatedBy: ",") }),
                                             today: CalendarDate(year: 2026, month: 11, day: 24)!).rows
            let cipher = db.cipher
            _ = try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: false, by: .commandLine) }

            let tally = try await db.database.transaction { try await HolderLinks($0).link(by: .commandLine) }
            #expect(tally == HolderLinks.Tally(byNationalID: 1, byNameAndBirth: 1, linked: 2, unlinked: 4))
            struct Link: Decodable { let serial: String; let studentId: Int? }
            let links = try await db.database.sql.raw("SELECT serial, student_id FROM credential_entries ORDER BY serial")
                .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(links.map(\.studentId) == [students[0].id, students[1].id, nil, nil, nil, nil])
            let unlinked = try await HolderLinks(db.database.sql).unlinked(by: .commandLine)
            #expect(unlinked.map(\.serial) == ["LK0000003", "LK0000004", "LK0000005", "LK0000006"])
            #expect(unlinked.map(\.reason) == [.noMatch, .ambiguous, .noMatch, .noMatch])
            let again = try await db.database.transaction { try await HolderLinks($0).link(by: .commandLine) }
            #expect(again == HolderLinks.Tally(byNationalID: 0, byNameAndBirth: 0, linked: 2, unlinked: 4), "links are kept, nothing linked twice")
            // The rule's links undone in bulk, for the model to judge again; the link by personal ID stays, and it is audited.
            #expect(try await db.database.transaction { try await HolderLinks($0).unlinkNameAndBirth(by: .commandLine) } == 1)
            let undone = try await db.database.sql.raw("SELECT serial, student_id FROM credential_entries ORDER BY serial")
                .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(undone.map(\.studentId) == [students[0].id, nil, nil, nil, nil, nil])
            #expect(try await db.database.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'unlink_holders'").first(decoding: CountRow.self)!.n == 1)
            _ = try await db.database.transaction { try await HolderLinks($0).link(by: .commandLine) }
            // A correction of the name a link by name rests on undoes the link; one by personal ID stays.
            for serial in ["LK0000001", "LK0000002"] {
                try await db.database.transaction { db in
                    let store = RegisterStore(db, cipher: cipher)
                    try await store.correct(entryID: try #require(try await store.entryID(serial: serial)), changes: [.fullName: "Tên Đã Đính Chính"],
                                            decisionNumber: "5/QĐ", decisionDate: CalendarDate(year: 2026, month: 11, day: 20)!, by: .commandLine)
                }
            }
            let corrected = try await db.database.sql.raw("SELECT serial, student_id FROM credential_entries ORDER BY serial")
                .all(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(corrected.map(\.studentId) == [students[0].id, nil, nil, nil, nil, nil])
        }
    }
}
