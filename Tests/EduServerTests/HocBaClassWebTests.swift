import Access
import EduCore
import EduServer
import Foundation
import Records
import Signing
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A class's học bạ on the web: drafted by the principal, signed in turn by the homeroom teacher, the principal and the
/// school's seal, each with a key the signed-in person holds.
@Suite struct HocBaClassWebTests {
    @Test func draftedThenSignedInTurnOnTheWeb() async throws {
        try await ServerFixture.with { fixture in
            let db = fixture.db.database, sql = db.sql, cipher = fixture.db.cipher
            let classID = fixture.inside.schoolClass
            try await db.transaction { tx in try await DemoYear.fill(classID: classID, tx) }
            try await fixture.issueDemoSigners()
            let teacherKey = try #require(try await HocBaPageTests.signer(for: .teacher, classID: classID, sql))
            let principalKey = try #require(try await HocBaPageTests.signer(for: .principal, classID: classID, sql))
            let seal = try #require(try await HocBaPageTests.signer(for: .seal, classID: classID, sql))
            // The principal's account is linked to their staff record (`eduvn user create --role principal --staff-code`).
            try await sql.raw("""
                UPDATE grants SET staff_id = (SELECT staff_id FROM signers WHERE name = \(bind: principalKey))
                WHERE role = 'principal'
                """).run()
            let path = "/classes/\(classID)/hoc-ba"
            let tester = try fixture.app.testing()
            func documents() async throws -> [HocBaVersion] { try await HocBaStore(db, cipher: cipher).currentVersions(classID: classID) }

            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("chưa lập") && html.contains("value=\"\(teacherKey)\""))
                #expect(!html.contains("/draft") && !html.contains("value=\"\(seal)\""), "a teacher neither drafts nor holds the seal")
            }
            let (teacherDraft, teacherDraftBody) = fixture.form([:], as: .teacher)
            try await tester.test(.POST, path + "/draft", headers: teacherDraft, body: teacherDraftBody) { response in
                #expect(response.status == .forbidden)
            }
            let (draftHeaders, draftBody) = fixture.form([:], as: .principal)
            try await tester.test(.POST, path + "/draft", headers: draftHeaders, body: draftBody) { response in #expect(response.status == .seeOther) }
            let drafted = try await documents()
            #expect(!drafted.isEmpty && drafted.allSatisfy { $0.signatures == 0 })

            let (stolenHeaders, stolenBody) = fixture.form(["signer": seal], as: .teacher)
            try await tester.test(.POST, path + "/sign", headers: stolenHeaders, body: stolenBody) { response in
                #expect(response.status == .forbidden, "only keys the signed-in person holds")
            }
            let stolen = try await AuditLog(sql).entries(entity: "attempt", entityID: "POST \(path)/sign")
            #expect(stolen.map(\.action) == ["refused"] && stolen.first?.after?.contains(seal) == true, "the attempt is audited")
            let (earlyHeaders, earlyBody) = fixture.form(["signer": seal], as: .principal)
            try await tester.test(.POST, path + "/sign", headers: earlyHeaders, body: earlyBody) { response in #expect(response.status == .seeOther) }
            #expect(try await documents().allSatisfy { $0.signatures == 0 }, "the seal waits for the teacher and the principal")

            for (role, key) in [(Role.teacher, teacherKey), (.principal, principalKey), (.principal, seal)] {
                let (headers, body) = fixture.form(["signer": key], as: role)
                try await tester.test(.POST, path + "/sign", headers: headers, body: body) { response in
                    #expect(response.status == .seeOther)
                    #expect(response.headers.first(name: .location)?.contains("signed=") == true)
                }
            }
            try await tester.test(.GET, path + "?signed=3&waiting=0&turn=seal", headers: fixture.headers(.schoolAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("Đã ký 3 học bạ (lượt con dấu của trường)"))
                #expect(html.contains("value=\"\(seal)\"") && !html.contains("value=\"\(teacherKey)\""), "a school administrator holds the seal, no one's own key")
            }
            let signed = try await documents()
            #expect(signed.count == drafted.count && signed.allSatisfy { $0.nextSigner == nil })
            let report = try await fixture.app.context.signers.documentVerifier().verify(signed[0].pdf, content: nil)
            #expect(report.isTrusted)
            let pades = try await PAdESVerifier(trustedRoots: try await fixture.app.context.signers.trustAnchors()).verify(signed[0].pdf)
            #expect(pades.signatures.count == 3 && pades.signatures.allSatisfy { $0.timestamp?.isTrusted == true }, "PAdES B-T: every signature time-stamped")

            try await tester.test(.GET, "\(path)/\(signed[0].id)", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .ok && response.body.string.hasPrefix("%PDF"))
            }
            let reads = try await AuditLog(sql).entries(entity: "hoc_ba", entityID: String(signed[0].id)).filter { $0.action == "read" }
            #expect(reads.count == 1)
            try await tester.test(.GET, "/classes/\(fixture.outside.schoolClass)/hoc-ba", headers: fixture.headers(.principal)) { response in
                #expect(response.status == .notFound)
            }

            // A student moving school after semester I: the record of that semester alone, as the student's next version.
            let leaver = signed[0].studentID
            let stranger = try #require(try await sql.raw("""
                SELECT student_id AS id FROM enrolments WHERE class_id <> \(bind: classID) OR class_id IS NULL LIMIT 1
                """).first(decoding: IDRow.self)).id
            let (strangerHeaders, strangerBody) = fixture.form(["leaving": String(stranger)], as: .principal)
            try await tester.test(.POST, path + "/draft", headers: strangerHeaders, body: strangerBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("Học sinh không thuộc lớp này"), "only a student of the class")
            }
            let (leavingHeaders, leavingBody) = fixture.form(["leaving": String(leaver)], as: .principal)
            try await tester.test(.POST, path + "/draft", headers: leavingHeaders, body: leavingBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("lập học bạ cả năm"), "the year is complete: no semester I record")
            }
            #expect(try await documents().first { $0.studentID == leaver }?.version == 1)
            // The student leaves while semester II is still open.
            try await sql.raw("UPDATE class_semesters SET status = 'open' WHERE class_id = \(bind: classID) AND semester = 2").run()
            try await tester.test(.POST, path + "/draft", headers: leavingHeaders, body: leavingBody) { response in
                #expect(response.headers.first(name: .location)?.hasSuffix("drafted=1") == true)
            }
            let firstSemester = try #require(try await documents().first { $0.studentID == leaver })
            #expect(firstSemester.version == 2 && firstSemester.document.semesters == 1 && firstSemester.document.subjects.allSatisfy { $0.year == nil })
            #expect(try await documents().count == drafted.count, "the rest of the class is untouched")
        }
    }
}
