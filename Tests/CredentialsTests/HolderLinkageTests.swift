import Access
import Credentials
import EduCore
import Foundation
import SQLKit
import Storage
import Testing
import TestSupport

/// Holders without a personal ID, linked by the data-quality linkage model: an unrivalled strong match linked on its own,
/// rivals left to a person, whose "same person" links and whose "another person" is never proposed again.
@Suite struct HolderLinkageTests {
    struct Student: Decodable {
        let id: Int, fullName: String, dateOfBirth: String, gender: String, birthplace: String, nationalIdEnc: String?
    }

    /// A register line for a student's diploma: `birth` and `id` as given (nil: the student's own, "" for none).
    static func line(_ serial: Int, _ student: Student, birth: String? = nil, id: String? = nil, cipher: PersonalDataCipher) throws -> [String] {
        let nationalID = try id ?? student.nationalIdEnc.map { try cipher.open($0) } ?? ""
        return ["THPT", "HL\(String(format: "%07d", serial))", "\(serial)/2026", student.fullName, birth ?? student.dateOfBirth,
                Gender(rawValue: student.gender)?.vietnamese ?? "Nam", student.birthplace.isEmpty ? "Hải Phòng" : student.birthplace,
                "THPT A", "2026", "1/QĐ", "2026-07-01", nationalID]
    }

    /// The date with day and month swapped, when that is another date; nil otherwise.
    static func swappable(_ date: String) -> String? {
        let parts = date.split(separator: "-")
        guard parts.count == 3, let day = Int(parts[2]), day <= 12, parts[1] != parts[2] else { return nil }
        return "\(parts[0])-\(parts[2])-\(parts[1])"
    }

    @Test func theModelLinksHoldersWithoutAnIDAndLeavesRivalsToAPerson() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 400)
            let sql = db.database.sql, cipher = db.cipher
            func students() async throws -> [Student] {
                try await sql.raw("""
                    SELECT id, full_name, date_of_birth, gender, birthplace, national_id_enc FROM students
                    WHERE national_id_enc IS NOT NULL ORDER BY id LIMIT 160
                    """).all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
            }
            // Old enough to have graduated (the demo's are children): born in 2008 (a leap year), same day and month.
            try await sql.raw("UPDATE students SET date_of_birth = '2008' || SUBSTR(date_of_birth, 5)").run()
            let chosen = try await students()
            try #require(chosen.count == 160)
            // A student born on a day that can be swapped with the month, and two pairs of students alike in every field
            // the register knows, born on such days too: an entry like both of a pair has two rivals.
            try await sql.raw("UPDATE students SET date_of_birth = '2008-04-09' WHERE id = \(bind: chosen[150].id)").run()
            for (first, second, birth) in [(chosen[151], chosen[152], "2008-06-02"), (chosen[153], chosen[154], "2008-07-03")] {
                try await sql.raw("""
                    UPDATE students SET full_name = \(bind: first.fullName), name_key = (SELECT name_key FROM students WHERE id = \(bind: first.id)),
                        date_of_birth = \(bind: birth), gender = \(bind: first.gender), birthplace = \(bind: first.birthplace)
                    WHERE id IN (\(bind: first.id), \(bind: second.id))
                    """).run()
            }
            let people = try await students()
            // 150 holders with their personal IDs (linked by ID; the pairs the model learns one person from), some written
            // as registers are: day and month swapped, a middle name left out. Then four without an ID, day and month
            // swapped: one like a single student, one like nobody, and two each like a pair.
            var lines = try (0..<150).map { index in
                let student = people[index]
                let birth = index % 5 == 0 ? Self.swappable(student.dateOfBirth) : nil
                var line = try Self.line(index, student, birth: birth, cipher: cipher)
                let names = student.fullName.split(separator: " ")
                if index % 5 == 1, names.count >= 3 { line[3] = ([names[0]] + names[2...]).joined(separator: " ") }
                return line
            }
            lines.append(try Self.line(150, people[150], birth: "2008-09-04", id: "", cipher: cipher))
            lines.append(try Self.line(151, people[151], birth: "2008-02-06", id: "", cipher: cipher))
            lines.append(["THPT", "HL0000152", "152/2026", "Khổng Tử Nhạc", "1990-01-01", "Nam", "Cao Bằng", "THPT A", "2026", "1/QĐ", "2026-07-01", ""])
            lines.append(try Self.line(153, people[153], birth: "2008-03-07", id: "", cipher: cipher))
            // Written exactly as the registry has it, but without the personal ID: the model's to judge, not a rule's.
            lines.append(try Self.line(154, people[155], id: "", cipher: cipher))
            let header = ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school",
                          "graduation_year", "decision_number", "decision_date", "national_id"]
            let rows = try RegisterFile.read(try TestDatabase.csv(header, lines), today: CalendarDate(year: 2026, month: 11, day: 24)!).rows
            _ = try await db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: false, by: .commandLine) }

            let outcome = try await HolderLinkage.run(db.database, cipher: cipher, by: .commandLine)
            #expect(outcome.exact.byNationalID == 150 && outcome.exact.byNameAndBirth == 0)
            #expect(outcome.probable == 2 && outcome.toReview == 2 && outcome.unlinked == 3)
            struct Link: Decodable { let serial: String; let studentId: Int?; let linkMethod: String? }
            func link(_ serial: String) async throws -> Link {
                try await sql.raw("SELECT serial, student_id, link_method FROM credential_entries WHERE serial = \(bind: serial)")
                    .first(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)!
            }
            for (serial, student) in [("HL0000150", people[150]), ("HL0000154", people[155])] {
                let probable = try await link(serial)
                #expect(probable.studentId == student.id && probable.linkMethod == "probable", "\(serial)")
            }
            let actor = Actor(name: "reviewer", origin: "test")
            let reviews = try await HolderLinkage(sql).reviews(limit: 10, by: actor)
            let pending = reviews.flatMap(\.candidates)
            #expect(Dictionary(grouping: pending, by: \.serial).mapValues { Set($0.map(\.studentId)) }
                == ["HL0000151": [people[151].id, people[152].id], "HL0000153": [people[153].id, people[154].id]])
            #expect(reviews.allSatisfy { Set($0.candidates.map(\.entryId)) == [$0.entryID] })
            // Strong, but each has a rival as strong: no ID, the same name, the birth date swapped, the same gender and birthplace.
            #expect(pending.allSatisfy { $0.probability >= 0.5 && $0.levels == "0,1,2,1,1" })
            #expect(try await HolderLinkage(sql).reviews(limit: 1, by: actor).map(\.candidates.count) == [2], "a rival is never cut off the page")
            let unlinked = try await HolderLinks(sql).unlinked(by: actor)
            #expect(unlinked.map(\.serial) == ["HL0000151", "HL0000152", "HL0000153"])
            #expect(unlinked.map(\.reason) == [.toReview, .noMatch, .toReview])

            // "Another person" for one of the first pair and for both of the second: the next run proposes none of them
            // again, and the first entry's remaining student waits for a person rather than being linked by the model.
            let (first, second) = (pending.first { $0.serial == "HL0000151" }!.entryId, pending.first { $0.serial == "HL0000153" }!.entryId)
            for (entry, student) in [(first, people[152].id), (second, people[153].id), (second, people[154].id)] {
                try await db.database.transaction { try await HolderLinkage($0).decide(entryID: entry, studentID: student, link: false, by: actor) }
            }
            let again = try await HolderLinkage.run(db.database, cipher: cipher, by: .commandLine)
            #expect(again.probable == 0 && again.toReview == 1 && again.unlinked == 3)
            #expect(try await HolderLinkage(sql).reviews(limit: 10, by: actor).flatMap(\.candidates).map(\.studentId) == [people[151].id])
            // The same decision twice is refused; "the same person" links.
            let twice = await #expect(throws: EduError.self) {
                try await db.database.transaction { try await HolderLinkage($0).decide(entryID: first, studentID: people[152].id, link: true, by: actor) }
            }
            #expect(twice?.code == "credentials.holder_candidate")
            try await db.database.transaction { try await HolderLinkage($0).decide(entryID: first, studentID: people[151].id, link: true, by: actor) }
            let reviewed = try await link("HL0000151")
            #expect(reviewed.studentId == people[151].id && reviewed.linkMethod == "reviewed")
            #expect(try await HolderLinks(sql).unlinked(by: actor).map(\.reason) == [.noMatch, .noMatch])
            let standing = try await HolderLinkage(sql).standing()
            #expect(standing.linked == ["national_id": 150, "probable": 2, "reviewed": 1] && standing.unlinked == 2 && standing.toReview == 0)
            let audited = try await sql.raw("""
                SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('link_holder', 'distinct_holder', 'link_holders_by_model')
                    OR entity IN ('credential_holder_candidates', 'credential_unlinked_holders')
                """).first(decoding: CountRow.self)!.n
            #expect(audited == 4 + 2 + 3 + 2, "four decisions, two runs, three listings of proposals, two of unlinked entries")

            // A correction of the birth date the model's link rests on undoes it; the link by personal ID stays.
            for serial in ["HL0000150", "HL0000000"] {
                try await db.database.transaction { db in
                    let store = RegisterStore(db, cipher: cipher)
                    try await store.correct(entryID: try #require(try await store.entryID(serial: serial)), changes: [.dateOfBirth: "2001-12-31"],
                                            decisionNumber: "7/QĐ", decisionDate: CalendarDate(year: 2026, month: 11, day: 24)!, by: .commandLine)
                }
            }
            #expect(try await link("HL0000150").studentId == nil)
            #expect(try await link("HL0000000").studentId == people[0].id)
        }
    }
}
