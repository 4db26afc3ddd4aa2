import Access
import EduCore
import EduServer
import Quality
import SQLKit
import Storage
import Testing
import Vapor
import VaporTesting

/// The quality dashboard and worklists: drawn on the server (an SVG trend), each shown only to whom it belongs.
@Suite struct QualityPageTests {
    @Test func dashboardAndWorklist() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            let student = fixture.inside.student
            try await sql.raw("UPDATE students SET ethnicity = '' WHERE id = \(bind: student)").run()
            let cipher = fixture.db.cipher
            for day in [20, 23] {
                _ = try await fixture.db.database.transaction { db in
                    try await QualityStore(db).run(rules: try QualityRule.standard(), today: CalendarDate(year: 2026, month: 11, day: day)!,
                                                   cipher: cipher, by: .commandLine)
                }
            }
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/quality", headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("<svg"))
                #expect(html.contains("<polyline"))
                #expect(html.contains("2026-11-20") && html.contains("2026-11-23"))
                #expect(html.contains("/quality/schools/"))
            }
            try await tester.test(.GET, "/quality", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.GET, "/quality/schools/\(fixture.inside.school)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Thiếu dân tộc"))
                #expect(html.contains(fixture.inside.studentName))
            }
            try await tester.test(.GET, "/quality/schools/\(fixture.outside.school)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
