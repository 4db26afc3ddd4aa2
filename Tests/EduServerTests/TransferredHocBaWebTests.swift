import Access
import EduServer
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A học bạ a student brought from another school shows on the student's page, with its signed PDF, for whoever
/// reaches the student; each download is audited.
@Suite struct TransferredHocBaWebTests {
    @Test func theStudentsPageListsTheRecordsBroughtFromOtherSchools() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let student = fixture.inside.student
            let document = """
                {"formatVersion":1,"regime":"TT22","department":"Sở GDĐT","school":"Trường THCS Chu Văn An","schoolCode":"X1",
                 "studentName":"\(fixture.inside.studentName)","dateOfBirth":"01/01/2012","gender":"Nam","className":"6A","grade":6,
                 "schoolYear":"2023-2024","subjects":[],"learning":[null,null,null],"conduct":[null,null,null],"outcome":"Lên lớp",
                 "homeroomComment":"","homeroomTeacher":"","principal":"","version":1,"link":""}
                """
            let pdf = Data("%PDF-1.7 signed elsewhere".utf8)
            let id = try #require(try await sql.raw("""
                INSERT INTO transferred_hoc_ba (student_id, school_year, school, document, pdf, imported_at, imported_by)
                VALUES (\(bind: student), '2023-2024', 'Trường THCS Chu Văn An', \(bind: document), \(bind: pdf), '2026-11-24T00:00:00Z', 'test')
                RETURNING id
                """).first(decoding: IDRow.self)).id

            try await tester.test(.GET, "/students/\(student)", headers: fixture.headers(.principal)) { response in
                let html = response.body.string
                #expect(html.contains("Học bạ chuyển đến từ trường khác") && html.contains("Trường THCS Chu Văn An") && html.contains("2023-2024"))
                #expect(html.contains("/students/\(student)/hoc-ba-chuyen-den/\(id)"))
            }
            try await tester.test(.GET, "/students/\(student)/hoc-ba-chuyen-den/\(id)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .ok && response.headers.first(name: "Cache-Control") == "no-store")
                #expect(Data(response.body.readableBytesView) == pdf)
            }
            let audited = try await AuditLog(sql).entries(entity: "hoc_ba_transfer", entityID: String(id))
            #expect(audited.map(\.action) == ["read"])
            // A student outside the principal's reach, or the record under another student's id: nothing.
            try await tester.test(.GET, "/students/\(fixture.outside.student)/hoc-ba-chuyen-den/\(id)", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.GET, "/students/\(fixture.outside.student)/hoc-ba-chuyen-den/\(id)", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.status == .notFound)
            }
            #expect(try await AuditLog(sql).entries(entity: "hoc_ba_transfer", entityID: String(id)).count == 1, "a refused download reads nothing")
            #expect(try await AuditLog(sql).entries(entity: "student", entityID: String(fixture.outside.student)).filter { $0.action == "read" }.isEmpty)
        }
    }
}
