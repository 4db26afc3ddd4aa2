import Access
import EduCore
import SQLKit
import Testing
import VaporTesting
@testable import EduServer

/// The audit trail's page and API for the auditor and the department's administrator.
@Suite struct AuditTrailWebTests {
    /// A read of a student shows in the trail filtered by that record and by its reader; the filter pages by cursor,
    /// and looking at the trail is itself an entry.
    @Test func theAuditorFindsWhoReadAStudent() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), student = String(fixture.inside.student)
            try await tester.test(.GET, "/students/\(student)", headers: fixture.headers(.teacher)) { #expect($0.status == .ok) }
            // Another student read by the school's administrator: the filter by record leaves it out.
            let other = try #require(try await fixture.db.database.sql.raw("""
                SELECT id FROM students WHERE school_id = \(bind: fixture.inside.school) AND id <> \(bind: fixture.inside.student) LIMIT 1
                """).first(decoding: IDRow.self)).id
            try await tester.test(.GET, "/students/\(other)", headers: fixture.headers(.schoolAdmin)) { #expect($0.status == .ok) }
            try await tester.test(.GET, "/audit?entity=student&entity_id=\(student)", headers: fixture.headers(.auditor)) { response in
                let html = response.body.string
                #expect(response.status == .ok)
                #expect(html.contains("<td>user:teacher</td>") && html.contains("<td>read</td><td>student \(student)</td>"), "\(html.suffix(3000))")
                #expect(!html.contains("<td>user:school-admin</td>"))
            }
            let sql = fixture.db.database.sql
            let viewed = try await AuditLog(sql).entries(entity: "audit_log", entityID: "entity=student entity_id=\(student)")
            #expect(viewed.map(\.actor) == ["user:auditor"], "the look at the trail is audited")

            let reads = try await sql.raw("SELECT COUNT(*) AS id FROM audit_log WHERE actor = 'cli'").first(decoding: IDRow.self)!.id
            #expect(reads > AuditRoutes.pageSize, "the demo's import wrote more than a page")
            var seen: [String] = [], path = "/api/v1/audit?actor=cli"
            while true {
                var next: Int?
                try await tester.test(.GET, path, headers: fixture.headers(.auditor)) { response in
                    let body = try JSONBody.object(response)
                    seen += (body["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(String.init) }
                    next = body["next_cursor"] as? Int
                }
                guard let next else { break }
                path = "/api/v1/audit?actor=cli&cursor=\(next)"
            }
            #expect(seen.count == reads && Set(seen).count == reads)
        }
    }

    /// The next page's link carries every filter as it was typed, a "+" and a space included.
    @Test func theNextPageKeepsTheFilter() throws {
        let form = AuditForm(entity: "student", entityID: nil, actor: "token:a+b c", from: "2026-03-01", to: nil, before: nil)
        let link = form.query(before: 42)
        let query = try URLEncodedFormDecoder().decode([String: String].self, from: String(try #require(link.split(separator: "?").last)))
        #expect(query == ["entity": "student", "actor": "token:a+b c", "from": "2026-03-01", "before": "42"], "\(link)")
    }

    /// Days are Vietnam days: an entry written at 23:30 in Hanoi (16:30 UTC) is that day's, one at 00:30 (17:30 UTC the
    /// day before) the next day's.
    @Test func daysAreVietnamDays() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            try await AuditLog(sql).append([AuditEvent(action: "probe", entity: "probe", entityID: "late"),
                                            AuditEvent(action: "probe", entity: "probe", entityID: "early")], by: .commandLine)
            try await sql.raw("UPDATE audit_log SET at = '2026-03-01T16:30:00.000Z' WHERE entity_id = 'late'").run()
            try await sql.raw("UPDATE audit_log SET at = '2026-03-01T17:30:00.000Z' WHERE entity_id = 'early'").run()
            func ids(_ query: String) async throws -> [String] {
                var found: [String] = []
                try await fixture.app.testing().test(.GET, "/api/v1/audit?entity=probe&\(query)", headers: fixture.headers(.departmentAdmin)) { response in
                    found = (try JSONBody.object(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["entity_id"] as? String }
                }
                return found
            }
            #expect(try await ids("from=2026-03-01&to=2026-03-01") == ["late"])
            #expect(try await ids("from=2026-03-02&to=2026-03-02") == ["early"])
            #expect(try await ids("from=2026-03-01") == ["early", "late"])
        }
    }

    /// The chain's check on the page: intact, then broken at the entry edited behind the platform's back.
    @Test func theChainIsCheckedOnDemand() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let (headers, body) = fixture.form([:], as: .auditor)
            try await tester.test(.POST, "/audit/verify", headers: headers, body: body) { response in
                #expect(response.status == .ok && response.body.string.contains("Chuỗi nhật ký nguyên vẹn"))
            }
            try await fixture.db.database.sql.raw("UPDATE audit_log SET actor = 'someone else' WHERE id = 5").run()
            try await tester.test(.POST, "/audit/verify", headers: headers, body: body) { response in
                #expect(response.status == .ok && response.body.string.contains("Chuỗi nhật ký bị phá vỡ tại mục 5"), "\(response.body.string.suffix(2000))")
            }
        }
    }
}
