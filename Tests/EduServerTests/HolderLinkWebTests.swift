import Access
import Credentials
import EduCore
@testable import EduServer
import Foundation
import Logging
import SQLKit
import Storage
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The holders' page: department staff start the linkage as a job, see the students it proposes, and decide; an API
/// token reads but cannot decide, and other roles (the auditor, who reads everything else, among them) do not see it.
@Suite struct HolderLinkWebTests {
    @Test func departmentStaffRunTheLinkageAndDecideOnItsProposals() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql, cipher = fixture.db.cipher
            struct Student: Decodable { let id: Int; let fullName: String; let gender: String; let birthplace: String; let nationalIdEnc: String }
            try await sql.raw("UPDATE students SET date_of_birth = '2008' || SUBSTR(date_of_birth, 5)").run()
            let students = try await sql.raw("""
                SELECT id, full_name, gender, birthplace, national_id_enc FROM students WHERE national_id_enc IS NOT NULL ORDER BY id LIMIT 42
                """).all(decoding: Student.self, keyDecodingStrategy: .convertFromSnakeCase)
            try #require(students.count == 42)
            // Two students alike in every field the register knows; a diploma without a personal ID like both.
            let (twin, other) = (students[40], students[41])
            try await sql.raw("""
                UPDATE students SET full_name = \(bind: twin.fullName), name_key = (SELECT name_key FROM students WHERE id = \(bind: twin.id)),
                    date_of_birth = '2008-06-02', gender = \(bind: twin.gender), birthplace = \(bind: twin.birthplace)
                WHERE id IN (\(bind: twin.id), \(bind: other.id))
                """).run()
            struct Birth: Decodable { let dateOfBirth: String }
            var lines: [[String]] = []
            for (index, student) in students.prefix(40).enumerated() {
                let birth = try await sql.raw("SELECT date_of_birth FROM students WHERE id = \(bind: student.id)")
                    .first(decoding: Birth.self, keyDecodingStrategy: .convertFromSnakeCase)!.dateOfBirth
                lines.append(["THPT", "HW\(String(format: "%07d", index))", "\(index)/2026", student.fullName, birth,
                              Gender(rawValue: student.gender)?.vietnamese ?? "Nam", student.birthplace.isEmpty ? "Hải Phòng" : student.birthplace,
                              "THPT A", "2026", "1/QĐ", "2026-07-01", try cipher.open(student.nationalIdEnc)])
            }
            lines.append(["THPT", "HW0000040", "40/2026", twin.fullName, "2008-06-02", Gender(rawValue: twin.gender)?.vietnamese ?? "Nam",
                          twin.birthplace.isEmpty ? "Hải Phòng" : twin.birthplace, "THPT A", "2026", "1/QĐ", "2026-07-01", ""])
            let header = ["credential_type", "serial", "register_number", "full_name", "date_of_birth", "gender", "birthplace", "school",
                          "graduation_year", "decision_number", "decision_date", "national_id"]
            let rows = try RegisterFile.read(try TestDatabase.csv(header, lines), today: CalendarDate(year: 2026, month: 11, day: 24)!).rows
            _ = try await fixture.db.database.transaction { try await RegisterStore($0, cipher: cipher).importEntries(rows, issuer: "Sở GDĐT", dryRun: false, by: .commandLine) }

            let tester = try fixture.app.testing()
            for role in [Role.communeOfficer, .principal, .auditor] {
                try await tester.test(.GET, "/credentials/holders", headers: fixture.headers(role)) { response in
                    #expect(response.status == .forbidden, "\(role)")
                }
            }
            let (runHeaders, runBody) = fixture.form([:], as: .departmentStaff)
            try await tester.test(.POST, "/credentials/holders/run", headers: runHeaders, body: runBody) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/credentials/holders?done=queued")
            }
            let context = AppContext(database: fixture.db.database, cipher: cipher)
            let job = try #require(try await context.jobs.claim(kinds: [HolderLinkageJobs.kind], worker: "test"))
            await HolderLinkageJobs.run(job, context: context, logger: Logger(label: "test"))
            let done = try #require(try await context.jobs.job(id: job.id))
            #expect(done.state == "done" && done.result == "{\"probable\":0,\"to_review\":1,\"unlinked\":1}", "\(done.result ?? done.error ?? "")")

            try await tester.test(.GET, "/credentials/holders", headers: fixture.headers(.departmentStaff)) { response in
                let html = response.body.string
                #expect(response.status == .ok)
                #expect(html.contains("Đã liên kết 40: theo số định danh 40"))
                #expect(html.contains("Văn bằng HW0000040"))
                #expect(html.components(separatedBy: "name=\"decision\" value=\"link\"").count == 3, "a decision for each twin")
                #expect(html.contains("<td>HW0000040</td>") && html.contains("Chờ duyệt đề xuất"))
            }
            // An API token sees the page but does not decide: a person does.
            let token = try await AccountStore(sql).createToken(name: "máy", role: .departmentStaff, unitID: nil, schoolID: nil, canWrite: true, by: .commandLine)
            let tokenHeaders = HTTPHeaders([("Authorization", "Bearer \(token.secret)")])
            try await tester.test(.GET, "/credentials/holders", headers: tokenHeaders) { response in
                #expect(response.status == .ok)
                #expect(!response.body.string.contains("name=\"decision\""))
            }
            let entry = try #require(try await RegisterStore(sql, cipher: cipher).entryID(serial: "HW0000040"))
            let choice = ["entry": String(entry), "student": String(twin.id), "decision": "link"]
            var byToken = tokenHeaders
            byToken.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
            try await tester.test(.POST, "/credentials/holders/decide", headers: byToken,
                                  body: ByteBuffer(string: "entry=\(entry)&student=\(twin.id)&decision=link")) { response in
                #expect(response.status == .forbidden)
            }
            let (decideHeaders, decideBody) = fixture.form(choice, as: .departmentAdmin)
            try await tester.test(.POST, "/credentials/holders/decide", headers: decideHeaders, body: decideBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.POST, "/credentials/holders/decide", headers: decideHeaders, body: fixture.form(choice, as: .departmentAdmin).1) { response in
                #expect(response.status == .conflict)
                #expect(response.body.string.contains("Đề xuất này không còn chờ quyết định"))
            }
            struct Link: Decodable { let studentId: Int?; let linkMethod: String? }
            let link = try await sql.raw("SELECT student_id, link_method FROM credential_entries WHERE id = \(bind: entry)")
                .first(decoding: Link.self, keyDecodingStrategy: .convertFromSnakeCase)!
            #expect(link.studentId == twin.id && link.linkMethod == "reviewed")
        }
    }
}
