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

/// Codes "sent" by the tests: what a guardian's phone would receive.
actor RecordedTexts: CodeDelivery {
    private(set) var sent: [(code: String, phone: PhoneNumber)] = []
    func deliver(code: String, to phone: PhoneNumber) async throws(EduError) { sent.append((code, phone)) }
}

/// A gateway that is down.
struct UnreachableGateway: CodeDelivery {
    func deliver(code: String, to phone: PhoneNumber) async throws(EduError) {
        throw EduError("family.delivery", vi: "Chưa gửi được mã: cổng SMS không trả lời", en: "The code could not be sent: no answer")
    }
}

/// Guardians sign in with a code sent to the phone the school recorded, and see their own child's record only.
@Suite struct FamilyHTTPTests {
    static let phone = "0912000111"

    func form(_ body: String, cookie: String? = nil) -> (HTTPHeaders, ByteBuffer) {
        var headers: HTTPHeaders = [:]
        headers.contentType = .urlEncodedForm
        if let cookie { headers.add(name: .cookie, value: cookie) }
        return (headers, ByteBuffer(string: body))
    }

    @Test func aGuardianSignsInWithACodeAndSeesOnlyTheirChild() async throws {
        let texts = RecordedTexts()
        try await ServerFixture.with(codeDelivery: texts) { fixture in
            let sql = fixture.db.database.sql
            let child = fixture.inside.student, classID = fixture.inside.schoolClass
            try await sql.raw("UPDATE students SET guardian_phone = \(bind: Self.phone) WHERE id = \(bind: child)").run()
            try await sql.raw("UPDATE students SET guardian_phone = '0987000222' WHERE id = \(bind: fixture.outside.student)").run()
            try await fixture.db.database.transaction { tx in try await DemoYear.fill(classID: classID, tx) }
            // The principal has approved HK I only: HK II is still the school's work in progress.
            try await sql.raw("UPDATE class_semesters SET status = 'confirmed' WHERE class_id = \(bind: classID) AND semester = 2").run()
            let classmate = try await sql.raw("""
                SELECT s.full_name FROM students s JOIN enrolments e ON e.student_id = s.id
                WHERE e.class_id = \(bind: classID) AND s.id <> \(bind: child) ORDER BY s.id LIMIT 1
                """).first()!.decode(column: "full_name", as: String.self)
            let tester = try fixture.app.testing()

            try await tester.test(.GET, "/gia-dinh") { response in #expect(String(buffer: response.body).contains("name=\"phone\"")) }
            let (badHeaders, badBody) = form("phone=12345")
            try await tester.test(.POST, "/gia-dinh/ma", headers: badHeaders, body: badBody) { response in
                #expect(response.status == .unprocessableEntity && String(buffer: response.body).contains("10 chữ số"))
            }
            var (crossSite, crossSiteBody) = form("phone=\(Self.phone)")
            crossSite.add(name: "Origin", value: "https://lure.example")
            try await tester.test(.POST, "/gia-dinh/ma", headers: crossSite, body: crossSiteBody) { response in
                #expect(response.status == .forbidden, "another site's page cannot send texts through a visitor's browser")
            }
            #expect(await texts.sent.isEmpty)
            var challenge = ""
            var (headers, body) = form("phone=%2B84%20912%20000%20111")
            headers.add(name: "Origin", value: "http://127.0.0.1:8080")
            try await tester.test(.POST, "/gia-dinh/ma", headers: headers, body: body) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("091****111"))
                challenge = response.headers.setCookie?["eduvn_code"]?.string ?? ""
            }
            let sent = await texts.sent
            #expect(sent.count == 1 && sent.first?.phone.digits == Self.phone)
            let code = try #require(sent.first?.code)

            let wrong = code == "000000" ? "111111" : "000000"
            for (attempt, cookie) in [(wrong, "eduvn_code=\(challenge)"), (code, nil)] {
                let (h, b) = form("code=\(attempt)", cookie: cookie)
                try await tester.test(.POST, "/gia-dinh/dang-nhap", headers: h, body: b) { response in
                    #expect(response.status == .unauthorized, "a wrong code, or the right one without the browser's challenge")
                }
            }
            var session = ""
            let (signInHeaders, signInBody) = form("code=\(code)", cookie: "eduvn_code=\(challenge)")
            try await tester.test(.POST, "/gia-dinh/dang-nhap", headers: signInHeaders, body: signInBody) { response in
                #expect(response.status == .seeOther)
                session = response.headers.setCookie?["eduvn_family"]?.string ?? ""
            }
            let family: HTTPHeaders = ["Cookie": "eduvn_family=\(session)"]
            try await tester.test(.GET, "/gia-dinh", headers: family) { response in
                let html = String(buffer: response.body)
                #expect(html.contains(fixture.inside.studentName) && html.contains("/gia-dinh/con/\(child)"))
                #expect(!html.contains(fixture.outside.studentName))
            }
            try await tester.test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in
                let html = String(buffer: response.body)
                #expect(response.status == .ok)
                #expect(html.contains("Toán") && html.contains("Học kỳ I") && html.contains("Chưa duyệt"))
                #expect(!html.contains(classmate), "nothing about classmates")
                #expect(!["Lên lớp", "Kiểm tra lại", "Rèn luyện hè", "Ở lại lớp"].contains { html.contains(">\($0)<") },
                        "no outcome before the year is approved")
            }
            try await sql.raw("UPDATE class_semesters SET status = 'approved' WHERE class_id = \(bind: classID) AND semester = 2").run()
            let own = try #require(try await GradebookStore(sql).ownYear(studentID: child, classID: classID))
            let outcome = try #require(own.result.outcome)
            try await tester.test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in
                let html = String(buffer: response.body)
                #expect(!html.contains("Chưa duyệt") && html.contains(">\(outcome.label)<"))
            }
            try await tester.test(.GET, "/gia-dinh/con/\(fixture.outside.student)", headers: family) { response in
                #expect(response.status == .notFound, "another family's child")
            }
            try await tester.test(.GET, "/gia-dinh/con/\(child)", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.status == .seeOther, "a staff session is not a family's")
            }
            try await tester.test(.GET, "/students/\(child)", headers: family) { response in
                #expect(response.status != .ok, "a family session reaches no staff page")
            }
            let reads = try await AuditLog(sql).entries(entity: "student", entityID: String(child)).filter { $0.action == "read_family" }
            #expect(reads.count == 2 && reads.allSatisfy { $0.actor.hasPrefix("family:") })

            let csrf = try #require(try await FamilyAccountStore(sql, cipher: fixture.db.cipher).session(token: session)?.csrfToken)
            let (outHeaders, outBody) = form("csrf=\(csrf)", cookie: "eduvn_family=\(session)")
            try await tester.test(.POST, "/gia-dinh/dang-xuat", headers: outHeaders, body: outBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in #expect(response.status == .seeOther) }
        }
    }

    /// The học bạ is downloadable once fully signed, and only by its own family.
    @Test func aFullySignedHocBaIsTheFamilysToDownload() async throws {
        let texts = RecordedTexts()
        try await ServerFixture.with(codeDelivery: texts) { fixture in
            let db = fixture.db.database, cipher = fixture.db.cipher
            let child = fixture.inside.student, classID = fixture.inside.schoolClass
            try await db.sql.raw("UPDATE students SET guardian_phone = \(bind: Self.phone) WHERE id = \(bind: child)").run()
            try await db.transaction { tx in try await DemoYear.fill(classID: classID, tx) }
            try await fixture.issueDemoSigners()
            let store = try HocBaStore(db, cipher: cipher, publicURL: "https://eduvn.example.vn")
            let actor = Actor(name: "test", origin: "test")
            let signed = try await store.draft(studentID: child, classID: classID, by: actor)
            let signers = SignerStore(db.sql, cipher: cipher)
            let timestamping = try await SignatureTimestamping.configured(url: nil, signers: signers)
            for turn in HocBaSigner.allCases {
                let name = try #require(try await HocBaPageTests.signer(for: turn, classID: classID, db.sql))
                _ = try await store.sign(documentID: signed.id, signerName: name, timestamping: timestamping, signers: signers, by: actor)
            }
            let draft = try await store.draft(studentID: child, classID: classID, by: actor)
            let accounts = FamilyAccountStore(db.sql, cipher: cipher)
            let challenge = try #require(try await accounts.requestCode(phone: PhoneNumber(Self.phone)!, origin: "test"))
            let account = try #require(try await accounts.verify(challenge: challenge.token, code: challenge.code, origin: "test"))
            let family: HTTPHeaders = ["Cookie": "eduvn_family=\(try await accounts.startSession(accountID: account.id).token)"]
            let tester = try fixture.app.testing()

            try await tester.test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("phiên bản 2: nhà trường đang ký (0/3)"), "a correction is being signed")
                #expect(html.contains("/gia-dinh/con/\(child)/hoc-ba/\(signed.id)"), "the signed version stays the family's meanwhile")
            }
            try await tester.test(.GET, "/gia-dinh/con/\(child)/hoc-ba/\(signed.id)", headers: family) { response in
                #expect(response.status == .ok && response.headers.contentType == .pdf)
                #expect(String(buffer: response.body).hasPrefix("%PDF"))
            }
            try await tester.test(.GET, "/gia-dinh/con/\(child)/hoc-ba/\(draft.id)", headers: family) { response in
                #expect(response.status == .notFound, "not signed yet")
            }
            try await tester.test(.GET, "/gia-dinh/con/\(fixture.outside.student)/hoc-ba/\(signed.id)", headers: family) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aGatewayThatIsDownIsSaidAndTheCodeIsVoid() async throws {
        try await ServerFixture.with(codeDelivery: UnreachableGateway()) { fixture in
            let (headers, body) = form("phone=\(Self.phone)")
            try await fixture.app.testing().test(.POST, "/gia-dinh/ma", headers: headers, body: body) { response in
                #expect(response.status == .serviceUnavailable && String(buffer: response.body).contains("Chưa gửi được mã"))
                #expect(!String(buffer: response.body).contains("không trả lời"), "the gateway's own answer stays in the log")
                #expect(response.headers.setCookie?["eduvn_code"] == nil)
            }
            let open = try await fixture.db.database.sql.raw("SELECT COUNT(*) AS n FROM sign_in_codes WHERE used_at IS NULL").first()!
                .decode(column: "n", as: Int.self)
            #expect(open == 0)
        }
    }

    @Test func withoutAGatewayGuardiansAreToldSigningInIsOff() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.app.testing().test(.GET, "/gia-dinh") { response in
                #expect(String(buffer: response.body).contains("chưa được bật"))
            }
        }
    }
}

/// Past years are shown in the labels of their time, to staff and to the family.
@Suite struct HistoricResultsPageTests {
    /// A family session for the guardian whose phone the school records for `student`.
    static func signedIn(_ fixture: ServerFixture, guardianOf student: Int, phone: String) async throws -> HTTPHeaders {
        let sql = fixture.db.database.sql
        try await sql.raw("UPDATE students SET guardian_phone = \(bind: phone) WHERE id = \(bind: student)").run()
        let accounts = FamilyAccountStore(sql, cipher: fixture.db.cipher)
        let challenge = try #require(try await accounts.requestCode(phone: PhoneNumber(phone)!, origin: "test"))
        let account = try #require(try await accounts.verify(challenge: challenge.token, code: challenge.code, origin: "test"))
        return ["Cookie": "eduvn_family=\(try await accounts.startSession(accountID: account.id).token)"]
    }

    @Test func theStudentPageShowsEarlierYearsWithTheirRuleSet() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            let student = fixture.inside.student
            let code = try #require(try await sql.raw("SELECT student_code FROM students WHERE id = \(bind: student)").first()?
                .decode(column: "student_code", as: String?.self))
            let row = HistoricRow(row: 2, nationalID: nil, studentCode: code, result: HistoricResult(
                schoolYear: "2019-2020", grade: 7, schoolName: "THCS Lê Lợi", regime: .tt58, learning: "Trung bình", conduct: "Khá",
                average: "6.1", outcome: "Lên lớp", award: nil))
            _ = try await HistoricResultsStore(sql, cipher: fixture.db.cipher).importRows([row], by: Actor(name: "t", origin: "t"))
            try await fixture.app.testing().test(.GET, "/students/\(student)", headers: fixture.headers(.departmentAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("THCS Lê Lợi") && html.contains(">Trung bình<") && html.contains("Thông tư 58/2011"))
            }
            let family = try await Self.signedIn(fixture, guardianOf: student, phone: "0912000333")
            try await fixture.app.testing().test(.GET, "/gia-dinh/con/\(student)", headers: family) { response in
                let html = response.body.string
                #expect(html.contains(">Trung bình<") && html.contains("Thông tư 58/2011"), "the family sees them too")
            }
        }
    }

    @Test func aPrimaryChildsYearIsShownByTT27() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql
            let child = fixture.inside.student, classID = fixture.inside.schoolClass
            try await sql.raw("UPDATE classes SET grade = 2 WHERE id = \(bind: classID)").run()
            try await sql.raw("UPDATE enrolments SET grade = 2 WHERE class_id = \(bind: classID)").run()
            try await fixture.db.database.transaction { tx in try await DemoYear.fill(classID: classID, tx) }
            try await sql.raw("UPDATE class_semesters SET status = 'confirmed' WHERE class_id = \(bind: classID) AND semester = 2").run()
            let family = try await Self.signedIn(fixture, guardianOf: child, phone: "0912000444")
            try await fixture.app.testing().test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in
                let html = response.body.string
                #expect(html.contains("Kết quả giáo dục") && html.contains("Tiếng Việt") && html.contains("Chăm chỉ") && html.contains("Chưa duyệt"))
                #expect(!html.contains("Kết quả học tập và rèn luyện"), "no TT22 table for a primary child")
                #expect(!html.contains("Hoàn thành chương trình"), "no result before the year is approved")
            }
            try await sql.raw("UPDATE class_semesters SET status = 'approved' WHERE class_id = \(bind: classID) AND semester = 2").run()
            let own = try #require(try await GradebookStore(sql).ownPrimaryYear(studentID: child, classID: classID))
            let result = try #require(own.result.result)
            try await fixture.app.testing().test(.GET, "/gia-dinh/con/\(child)", headers: family) { response in
                let html = response.body.string
                #expect(!html.contains("Chưa duyệt") && html.contains(">\(result.label)<") && html.contains(">Hoàn thành chương trình lớp học<"))
            }
        }
    }
}
