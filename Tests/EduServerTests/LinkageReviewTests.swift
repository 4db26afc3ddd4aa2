import Access
import EduCore
import Quality
import Registry
import SQLKit
import Testing
import TestSupport
import Vapor
import VaporTesting

/// The duplicate-record review over HTTP: the queue in the reviewer's reach, the pair side by side with both reads
/// audited, merge and undo by whoever may write to both schools, a scan queued as a job.
@Suite struct LinkageReviewTests {
    struct Echo: Decodable { let original: Int; let echo: Int; let pair: Int }

    /// The fixture's province with an echo of every 30th student, scanned.
    func seeded(_ fixture: ServerFixture) async throws -> [Echo] {
        let db = fixture.db
        let province = DemoProvince(students: 300, seed: 7)
        try await DemoLoader(database: db.database, cipher: db.cipher).loadEchoes(of: province, every: 30, by: .commandLine)
        _ = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
        return try await db.database.sql.raw("""
            SELECT o.id AS original, e.id AS echo, p.id AS pair FROM students e JOIN students o ON e.student_code = 'TN' || o.student_code
            JOIN linkage_pairs p ON p.first_id = o.id AND p.second_id = e.id ORDER BY p.probability DESC, p.id
            """).all(decoding: Echo.self)
    }

    func form(_ fixture: ServerFixture, _ role: Role, _ fields: String = "") -> (HTTPHeaders, ByteBuffer) {
        var headers = fixture.headers(role)
        headers.contentType = .urlEncodedForm
        return (headers, ByteBuffer(string: "csrf=\(fixture.csrf[role]!)" + fields))
    }

    func count(_ fixture: ServerFixture, _ query: SQLQueryString) async throws -> Int {
        try await fixture.db.database.sql.raw(query).first(decoding: IDRow.self)!.id
    }

    @Test func aReviewerSeesBothRecordsMergesAndUndoes() async throws {
        try await ServerFixture.with { fixture in
            let echoes = try await seeded(fixture)
            #expect(echoes.count == 10)
            let (first, second) = (echoes[0], echoes[1])
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/quality/linkage", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(echoes.allSatisfy { html.contains("/quality/linkage/pairs/\($0.pair)\"") })
                #expect(html.contains("Học sinh: chờ xem xét (10)"))
            }
            // The echoes sit at the department's centres: outside a commune officer's reach, so not in their queue.
            try await tester.test(.GET, "/quality/linkage", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("/quality/linkage/pairs/"))
            }
            try await tester.test(.GET, "/quality/linkage/pairs/\(first.pair)", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .notFound)
            }
            let readsBefore = try await count(fixture, "SELECT COUNT(*) AS id FROM audit_log WHERE action = 'read' AND entity = 'student'")
            try await tester.test(.GET, "/quality/linkage/pairs/\(first.pair)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Thiếu ở một bên"), "the echo has no personal ID")
                #expect(html.contains("name=\"survivor\" value=\"\(first.original)\""))
                #expect(html.contains("/quality/linkage/pairs/\(first.pair)/merge"))
            }
            #expect(try await count(fixture, "SELECT COUNT(*) AS id FROM audit_log WHERE action = 'read' AND entity = 'student'") == readsBefore + 2)

            let (auditorHeaders, auditorBody) = form(fixture, .auditor, "&survivor=\(first.original)")
            try await tester.test(.POST, "/quality/linkage/pairs/\(first.pair)/merge", headers: auditorHeaders, body: auditorBody) { response in
                #expect(response.status == .forbidden, "an auditor reads but does not decide")
            }
            let (headers, body) = form(fixture, .departmentStaff, "&survivor=\(first.original)")
            try await tester.test(.POST, "/quality/linkage/pairs/\(first.pair)/merge", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/quality/linkage/pairs/\(second.pair)", "on to the next pair")
            }
            let store = LinkageStore(fixture.db.database.sql, cipher: fixture.db.cipher)
            #expect(try await store.root(of: first.echo) == first.original)
            try await tester.test(.GET, "/students/\(first.echo)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("href=\"/students/\(first.original)\""))
            }
            try await tester.test(.POST, "/quality/linkage/pairs/\(first.pair)/merge", headers: headers, body: body) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("đã được quyết định"))
            }
            let (undoHeaders, undoBody) = form(fixture, .departmentStaff)
            try await tester.test(.POST, "/quality/linkage/pairs/\(first.pair)/undo", headers: undoHeaders, body: undoBody) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await store.root(of: first.echo) == first.echo)
            #expect(try await count(fixture, "SELECT COUNT(*) AS id FROM audit_log WHERE entity = 'linkage_pair' AND entity_id = '\(unsafeRaw: String(first.pair))'") == 2)
            try await tester.test(.POST, "/quality/linkage/pairs/\(second.pair)/distinct", headers: undoHeaders, body: ByteBuffer(string: "csrf=wrong")) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try await store.pair(id: second.pair)?.status == "pending")
        }
    }

    /// A staff member's two records: queued under staff, side by side with the staff's context, merged at their own path.
    @Test func staffPairsAreReviewedAtTheirOwnPath() async throws {
        try await ServerFixture.with { fixture in
            let db = fixture.db
            let teacher = try await count(fixture, "SELECT MIN(id) AS id FROM staff WHERE status = 'active'")
            let echo = try await db.copyStaff(teacher, code: "HD-ECHO")
            _ = try await LinkageStore.scan(db.database, cipher: db.cipher, by: .commandLine)
            let pair = try await count(fixture, "SELECT id FROM staff_linkage_pairs WHERE first_id = \(bind: teacher) AND second_id = \(bind: echo)")
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/quality/linkage", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("/quality/linkage/staff/pairs/\(pair)\""))
                #expect(html.contains("Cán bộ, giáo viên: chờ xem xét"))
            }
            try await tester.test(.GET, "/quality/linkage/staff/pairs/\(pair)", headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .notFound, "the second record's school is outside a commune officer's reach")
            }
            let (officerHeaders, officerBody) = form(fixture, .communeOfficer, "&survivor=\(teacher)")
            try await tester.test(.POST, "/quality/linkage/staff/pairs/\(pair)/merge", headers: officerHeaders, body: officerBody) { response in
                #expect(response.status == .notFound)
            }
            let readsBefore = try await count(fixture, "SELECT COUNT(*) AS id FROM audit_log WHERE action = 'read' AND entity = 'staff'")
            try await tester.test(.GET, "/quality/linkage/staff/pairs/\(pair)", headers: fixture.headers(.departmentStaff)) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Mã cán bộ") && html.contains("HD-ECHO"))
                #expect(html.contains("href=\"/staff/\(echo)\""))
                #expect(html.contains("/quality/linkage/staff/pairs/\(pair)/merge"))
            }
            #expect(try await count(fixture, "SELECT COUNT(*) AS id FROM audit_log WHERE action = 'read' AND entity = 'staff'") == readsBefore + 2)
            try await tester.test(.GET, "/quality/linkage/pairs/\(pair)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(!String(buffer: response.body).contains("HD-ECHO"), "a staff pair's id is not a students' pair")
            }
            let (headers, body) = form(fixture, .departmentStaff, "&survivor=\(teacher)")
            try await tester.test(.POST, "/quality/linkage/staff/pairs/\(pair)/merge", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await LinkageStore(db.database.sql, cipher: db.cipher, roster: .staff).root(of: echo) == teacher)
            try await tester.test(.GET, "/staff/\(echo)", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("href=\"/staff/\(teacher)\""), "the merged record names the main one")
            }
            #expect(try await count(fixture, "SELECT COUNT(*) AS id FROM student_merges") == 0)
        }
    }

    @Test func departmentStaffQueueAScanAsAJob() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let (officer, officerBody) = form(fixture, .communeOfficer)
            try await tester.test(.POST, "/quality/linkage/scan", headers: officer, body: officerBody) { response in
                #expect(response.status == .forbidden)
            }
            let (headers, body) = form(fixture, .departmentStaff)
            try await tester.test(.POST, "/quality/linkage/scan", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await count(fixture, "SELECT COUNT(*) AS id FROM jobs WHERE kind = 'linkage_scan' AND state = 'queued'") == 1)
            try await tester.test(.GET, "/quality/linkage?scan=queued", headers: fixture.headers(.departmentStaff)) { response in
                #expect(String(buffer: response.body).contains("Đã xếp lịch quét lại"))
            }
        }
    }
}
