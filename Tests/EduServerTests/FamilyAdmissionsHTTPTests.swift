import Access
import Admissions
import EduCore
@testable import EduServer
import Foundation
import Quality
import Registry
import SQLKit
import Testing
import Vapor
import TestSupport
import VaporTesting

/// Guardians apply online with what the registry knows, follow the application, see the result once published, and
/// confirm the place; another family sees none of it.
@Suite struct FamilyAdmissionsHTTPTests {
    func form(_ body: String, cookie: String) -> (HTTPHeaders, ByteBuffer) {
        var headers: HTTPHeaders = ["Cookie": cookie]
        headers.contentType = .urlEncodedForm
        return (headers, ByteBuffer(string: body))
    }

    func signIn(_ phone: String, _ fixture: ServerFixture) async throws -> (cookie: String, csrf: String) {
        try await fixture.familySession(phone)
    }

    /// Grade 1: the form asks where the child lives, suggests the catchments' localities, shows the days; the stated
    /// residence waits for the register or an officer, and the family sees that in its history.
    @Test func aFamilyStatesWhereTheChildLives() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.primary)
            let db = fixture.db.database, sql = db.sql, cipher = fixture.db.cipher
            let school = fixture.inside.school
            let commune = try await sql.raw("SELECT u.code FROM schools s JOIN units u ON u.id = s.unit_id WHERE s.id = \(bind: school)")
                .first(decoding: Code.self)!.code
            let staff = Actor(name: "test", origin: "test")
            let campaign = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 3, by: staff)
                try await store.setCatchment(campaignID: campaign.id, schoolID: school, areas: [Residence(communeCode: commune, locality: "Tổ \"Bắc\" 2")], by: staff)
                return campaign
            }
            let family = try await signIn("0912000222", fixture)
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/gia-dinh/tuyen-sinh", headers: ["Cookie": family.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("name=\"residence_commune\"") && html.contains("value=\"\(commune)\""))
                #expect(html.contains("<option value=\"Tổ &quot;Bắc&quot; 2\">"), "the catchment's locality suggested, escaped")
                #expect(html.contains("Chưa định ngày nhận hồ sơ"))
            }
            let apply = "csrf=\(family.csrf)&child=&national_id=031221000077&full_name=L%C3%AA%20B%C3%A9&date_of_birth=01%2F02%2F2021"
                + "&nv1=\(school)&residence_commune=\(commune)&residence_locality=T%E1%BB%95%202"
            let (headers, body) = form(apply, cookie: family.cookie)
            var location = ""
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                location = response.headers.first(name: .location) ?? ""
            }
            let id = try #require(Int(location.dropFirst("/gia-dinh/ho-so/".count)))
            struct Row: Decodable { let residenceCommune: String?; let residenceLocality: String; let residenceStatus: String? }
            let row = try #require(try await sql.raw("SELECT residence_commune, residence_locality, residence_status FROM admission_applications WHERE id = \(bind: id)")
                .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            #expect(row.residenceCommune == commune && row.residenceLocality == "Tổ 2" && row.residenceStatus == "pending")
            try await db.transaction { tx in
                try await AdmissionsStore(tx, cipher: cipher).decideResidence(applicationID: id, verified: false, note: "Cần giấy xác nhận cư trú", by: staff)
            }
            try await tester.test(.GET, location, headers: ["Cookie": family.cookie]) { response in
                #expect(String(buffer: response.body).contains("Nơi cư trú không được xác nhận: Cần giấy xác nhận cư trú"), "told before any result")
            }
        }
    }

    @Test func aFamilyAppliesFollowsTheResultAndConfirmsThePlace() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let db = fixture.db.database, sql = db.sql, cipher = fixture.db.cipher
            let child = fixture.inside.student, first = fixture.inside.school, second = fixture.outside.school
            try await sql.raw("UPDATE students SET guardian_phone = '0912000111' WHERE id = \(bind: child)").run()
            let staff = Actor(name: "test", origin: "test")
            let campaign = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 10, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: first, quota: 1, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: second, quota: 1, by: staff)
                return campaign
            }
            let family = try await signIn("0912000111", fixture)
            let tester = try fixture.app.testing()

            try await tester.test(.GET, "/gia-dinh/tuyen-sinh", headers: ["Cookie": family.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Tuyển sinh lớp 10 năm học 2027-2028") && html.contains("value=\"\(child)\"") && html.contains("name=\"nv3\""))
            }
            var location = ""
            let apply = "csrf=\(family.csrf)&child=\(child)&national_id=&full_name=&date_of_birth=&nv1=\(first)&nv2=\(second)&nv3="
            let (headers, body) = form(apply, cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                location = response.headers.first(name: .location) ?? ""
            }
            let id = try #require(Int(location.dropFirst("/gia-dinh/ho-so/".count)))
            let sameChild = try await sql.raw("""
                SELECT COUNT(*) AS n FROM admission_applications a JOIN students s ON s.national_id_hash = a.national_id_hash
                WHERE a.id = \(bind: id) AND s.id = \(bind: child) AND a.family_account_id IS NOT NULL
                """).first()!.decode(column: "n", as: Int.self)
            #expect(sameChild == 1, "the personal ID came from the registry")

            let (againHeaders, againBody) = form(apply, cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: againHeaders, body: againBody) { response in
                #expect(response.status == .unprocessableEntity && String(buffer: response.body).contains("đã có hồ sơ"))
            }
            let (typedHeaders, typedBody) = form("csrf=\(family.csrf)&child=&national_id=0312&full_name=Lê%20Bé&date_of_birth=01%2F02%2F2012&nv1=\(first)",
                                                 cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: typedHeaders, body: typedBody) { response in
                #expect(response.status == .unprocessableEntity && String(buffer: response.body).contains("12 chữ số"))
            }
            let (forgedHeaders, forgedBody) = form(apply.replacingOccurrences(of: family.csrf, with: "forged"), cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: forgedHeaders, body: forgedBody) { response in
                #expect(response.status == .forbidden)
            }

            let stranger = try await signIn("0987000222", fixture)
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": stranger.cookie]) { response in
                #expect(response.status == .notFound)
            }
            let childID = try cipher.open(try #require(try await sql.raw("SELECT national_id_enc FROM students WHERE id = \(bind: child)").first()?
                .decode(column: "national_id_enc", as: String.self)))
            let (typedHeaders2, typedBody2) = form("csrf=\(stranger.csrf)&child=&national_id=\(childID)&full_name=A&date_of_birth=01%2F01%2F2012&nv1=\(second)",
                                                   cookie: stranger.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: typedHeaders2, body: typedBody2) { response in
                #expect(response.status == .unprocessableEntity && String(buffer: response.body).contains("Không nộp được hồ sơ trực tuyến"),
                        "a stranger who knows another family's child's personal ID cannot apply for the child")
            }
            let (ownTypedHeaders, ownTypedBody) = form("csrf=\(stranger.csrf)&child=&national_id=031212000999&full_name=L%C3%AA%20B%C3%A9"
                                                       + "&date_of_birth=01%2F02%2F2012&nv1=\(first)", cookie: stranger.cookie)
            var typedID = 0
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: ownTypedHeaders, body: ownTypedBody) { response in
                #expect(response.status == .seeOther)
                typedID = Int(response.headers.first(name: .location)?.split(separator: "/").last ?? "") ?? 0
            }
            let (strangerHeaders, strangerBody) = form(apply.replacingOccurrences(of: family.csrf, with: stranger.csrf), cookie: stranger.cookie)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: strangerHeaders, body: strangerBody) { response in
                #expect(response.status == .notFound, "another family cannot apply with this child's registry record")
            }

            try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                try await store.recordScore(Points(hundredths: 3000), applicationID: id, by: staff)
                try await store.close(campaignID: campaign.id, by: staff)
                try await store.allocate(campaignID: campaign.id, by: staff)
            }
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": family.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã nộp hồ sơ") && html.contains("chờ kết quả"))
                #expect(!html.contains("Trúng tuyển nguyện vọng") && !html.contains("nhap-hoc"), "nothing of the allocation before publication")
            }
            let deadline = CalendarDate.today.adding(days: 5)!
            try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                try await store.publish(campaignID: campaign.id, by: staff)
                try await store.setConfirmationDeadline(deadline, campaignID: campaign.id, by: staff)
            }
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": family.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Trúng tuyển nguyện vọng 1") && html.contains("/gia-dinh/ho-so/\(id)/nhap-hoc"))
                #expect(html.contains("Hạn xác nhận nhập học: hết ngày \(deadline.vietnamese)"), "the family is told the deadline")
            }
            try await tester.test(.GET, "/gia-dinh/ho-so/\(typedID)", headers: ["Cookie": stranger.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Không trúng tuyển") || html.contains("đối chiếu giấy tờ"))
                #expect(!html.contains("/nhap-hoc"), "a typed child's place is confirmed by the school")
            }
            let (strangerConfirm, strangerConfirmBody) = form("csrf=\(stranger.csrf)", cookie: stranger.cookie)
            try await tester.test(.POST, "/gia-dinh/ho-so/\(id)/nhap-hoc", headers: strangerConfirm, body: strangerConfirmBody) { response in
                #expect(response.status == .notFound)
            }
            let (noCSRF, noCSRFBody) = form("csrf=", cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/ho-so/\(id)/nhap-hoc", headers: noCSRF, body: noCSRFBody) { response in
                #expect(response.status == .forbidden)
            }
            let (confirmHeaders, confirmBody) = form("csrf=\(family.csrf)", cookie: family.cookie)
            try await tester.test(.POST, "/gia-dinh/ho-so/\(id)/nhap-hoc", headers: confirmHeaders, body: confirmBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": family.cookie]) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Đã xác nhận nhập học tại") && !html.contains("/nhap-hoc\""))
            }
            try await tester.test(.POST, "/gia-dinh/ho-so/\(id)/nhap-hoc", headers: confirmHeaders, body: confirmBody) { response in
                #expect(response.status == .conflict, "a place is confirmed once")
            }
            #expect(try await AdmissionsStore(sql, cipher: cipher).enrolled(campaignID: campaign.id, schoolID: first) == 1)

            // The school records a new guardian phone: the application moves with the child's record.
            try await sql.raw("UPDATE students SET guardian_phone = '0987000222' WHERE id = \(bind: child)").run()
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": family.cookie]) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.GET, "/gia-dinh/ho-so/\(id)", headers: ["Cookie": stranger.cookie]) { response in
                #expect(response.status == .ok)
            }
        }
    }

    /// A child placed nowhere: the department opens registration, the family lists a school with a place left (a full
    /// one is refused), and the supplementary round places the child there.
    @Test func aFamilyRegistersNewPreferencesForTheSupplementaryRound() async throws {
        try await ServerFixture.with { fixture in
            let (first, second) = (fixture.inside.school, fixture.outside.school)
            let contest = try await AdmissionsContest(fixture, phone: "0912000555", child: [first], rival: [first])
            let (campaign, child, family) = (contest.campaign, contest.child, contest.family)
            try await fixture.db.database.transaction { tx in
                try await AdmissionsStore(tx, cipher: fixture.db.cipher).publish(campaignID: campaign.id, by: Actor(name: "test", origin: "test"))
            }
            let tester = try fixture.app.testing()
            let page = "/gia-dinh/ho-so/\(child)"
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                #expect(!response.body.string.contains("nguyen-vong-bo-sung"), "not before the department opens registration")
            }
            let (open, openBody) = fixture.form(["deadline": CalendarDate.today.iso], as: .departmentStaff)
            try await tester.test(.POST, "/admissions/\(campaign.id)/registration", headers: open, body: openBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                let html = response.body.string
                #expect(html.contains("\(page)/nguyen-vong-bo-sung") && html.contains("còn 1 chỗ") && !html.contains("value=\"\(first)\""),
                        "only the schools with a place left are offered")
            }
            let (full, fullBody) = fixture.form(["nv1": String(first)], family: family)
            try await tester.test(.POST, page + "/nguyen-vong-bo-sung", headers: full, body: fullBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("đã hết chỗ"))
            }
            let (register, registerBody) = fixture.form(["nv1": String(second)], family: family)
            try await tester.test(.POST, page + "/nguyen-vong-bo-sung", headers: register, body: registerBody) { response in
                #expect(response.status == .seeOther)
            }
            let (round, roundBody) = fixture.form([:], as: .departmentStaff)
            try await tester.test(.POST, "/admissions/\(campaign.id)/supplementary", headers: round, body: roundBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("Đang nhận đăng ký nguyện vọng bổ sung"))
            }
            for step in ["close_registration", "supplementary"] {
                let (headers, body) = fixture.form([:], as: .departmentStaff)
                try await tester.test(.POST, "/admissions/\(campaign.id)/\(step)", headers: headers, body: body) { response in
                    #expect(response.status == .seeOther, "\(step)")
                }
            }
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                let html = response.body.string
                #expect(html.contains("Đăng ký nguyện vọng xét tuyển bổ sung: 1.") && html.contains("Xét tuyển bổ sung: Trúng tuyển nguyện vọng 1"))
                #expect(!html.contains("\(page)/nguyen-vong-bo-sung"), "placed, and registration closed")
            }
        }
    }

    /// While applications are taken the family changes the preferences (by the rules of a new application); once
    /// the campaign closes the form is gone and a change is refused.
    @Test func aFamilyChangesThePreferencesWhileApplicationsAreTaken() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let db = fixture.db.database, cipher = fixture.db.cipher, staff = Actor(name: "test", origin: "test")
            let (first, second) = (fixture.inside.school, fixture.outside.school)
            let campaign = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 10, method: .exam, preferenceCount: 2), by: staff)
                for school in [first, second] { try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 1, by: staff) }
                return campaign
            }
            let family = try await fixture.familySession("0912000444")
            let tester = try fixture.app.testing()
            let (apply, applyBody) = fixture.form(["child": "", "national_id": "031212000321", "full_name": "Mai Anh", "date_of_birth": "01/02/2012",
                                                   "nv1": String(first)], family: family)
            var location = ""
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: apply, body: applyBody) { response in
                location = response.headers.first(name: .location) ?? ""
            }
            let id = try #require(Int(location.split(separator: "/").last ?? ""))
            try await tester.test(.GET, location, headers: ["Cookie": family.cookie]) { response in
                #expect(response.body.string.contains("<option value=\"\(first)\" selected=\"selected\">"), "the form shows the current list")
            }
            let (twice, twiceBody) = fixture.form(["nv1": String(second), "nv2": String(second)], family: family)
            try await tester.test(.POST, location + "/nguyen-vong", headers: twice, body: twiceBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("chọn hai lần"))
            }
            let (change, changeBody) = fixture.form(["nv1": String(second), "nv2": String(first)], family: family)
            try await tester.test(.POST, location + "/nguyen-vong", headers: change, body: changeBody) { response in #expect(response.status == .seeOther) }
            let changed = try await AdmissionsStore(db.sql, cipher: cipher).application(id: id, schools: nil)
            #expect(changed?.summary.preferences == [second, first] && changed?.events.last?.detail.vi.hasPrefix("Đã sửa nguyện vọng: 1.") == true)
            try await db.transaction { tx in try await AdmissionsStore(tx, cipher: cipher).close(campaignID: campaign.id, by: staff) }
            try await tester.test(.GET, location, headers: ["Cookie": family.cookie]) { response in
                #expect(!response.body.string.contains("/nguyen-vong\""))
            }
            try await tester.test(.POST, location + "/nguyen-vong", headers: change, body: changeBody) { response in #expect(response.status == .conflict) }
        }
    }

    /// With a population register: a typed child's particulars are checked as the family applies (a typo is caught
    /// there), a confirmed child's family confirms the place itself, and the residence is the register's, verified.
    @Test func theRegisterConfirmsATypedChildAndGivesTheResidence() async throws {
        try await TestDatabase.with { registerDB in
            _ = try await registerDB.loadDemo(students: 10)
            let communeCode = try #require(try await registerDB.database.sql.raw("SELECT code FROM units WHERE kind = 'ward' ORDER BY code LIMIT 1")
                .first(decoding: Code.self)).code
            let child = RegisterDataset.Person(nationalID: "031221000088", fullName: "Lê Bảo Châu", dateOfBirth: "2021-02-01", gender: "female",
                                               residence: RegisteredResidence(communeCode: communeCode, locality: "Tổ 2"))
            try await PopulationRegisterHTTPTests.withSimulator(RegisterDataset(persons: [child])) { port in
                try await ServerFixture.with(register: NightlyReconciliation(registerURL: "http://127.0.0.1:\(port)")) { fixture in
                    try await fixture.teach(.primary)
                    let db = fixture.db.database, cipher = fixture.db.cipher
                    let school = fixture.inside.school, staff = Actor(name: "test", origin: "test")
                    let commune = try #require(try await db.sql.raw("SELECT code FROM units WHERE code = \(bind: communeCode)").first(decoding: Code.self)).code
                    let campaign = try await db.transaction { tx in
                        let store = AdmissionsStore(tx, cipher: cipher)
                        let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                        try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 3, by: staff)
                        return campaign
                    }
                    let family = try await fixture.familySession("0912000888")
                    let tester = try fixture.app.testing()
                    try await tester.test(.GET, "/gia-dinh/tuyen-sinh", headers: ["Cookie": family.cookie]) { response in
                        #expect(response.body.string.contains("<option value=\"register\" selected=\"selected\">"))
                    }
                    var fields = ["child": "", "national_id": child.nationalID, "full_name": "Lê Bảo Trâm", "date_of_birth": "01/02/2021",
                                  "nv1": String(school), "residence_commune": "register"]
                    let (typo, typoBody) = fixture.form(fields, family: family)
                    try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: typo, body: typoBody) { response in
                        #expect(response.status == .unprocessableEntity && response.body.string.contains("không khớp CSDL quốc gia về dân cư"))
                    }
                    fields["full_name"] = child.fullName
                    let (apply, applyBody) = fixture.form(fields, family: family)
                    var location = ""
                    try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: apply, body: applyBody) { response in
                        #expect(response.status == .seeOther)
                        location = response.headers.first(name: .location) ?? ""
                    }
                    let id = try #require(Int(location.split(separator: "/").last ?? ""))
                    let detail = try #require(try await AdmissionsStore(db.sql, cipher: cipher).application(id: id, schools: nil))
                    #expect(detail.summary.identity == .register && detail.summary.residence == Residence(communeCode: commune, locality: "Tổ 2")
                            && detail.summary.residenceStatus == .verified)
                    try await tester.test(.GET, location, headers: ["Cookie": family.cookie]) { response in
                        let html = response.body.string
                        #expect(html.contains("Nơi cư trú đã được xác minh theo CSDL quốc gia về dân cư.") && !html.contains("Tổ 2"),
                                "verified, without the address the register holds")
                    }
                    let asked = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id)).filter { $0.action == "ask_register" }
                    #expect(asked.count == 2 && asked.contains { $0.after?.hasSuffix(": mismatch") == true } && asked.contains { $0.after?.hasSuffix(": verified") == true })

                    // Asking is limited a day per account: the register is no directory to search.
                    var stranger = fields
                    stranger["full_name"] = "Người Khác"
                    stranger["national_id"] = "031221000077"
                    var statuses: [HTTPStatus] = [], retryAfter: String?
                    for _ in 0..<AdmissionsStore.registerLookupsPerDay {
                        let (again, againBody) = fixture.form(stranger, family: family)
                        try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: again, body: againBody) {
                            statuses.append($0.status)
                            retryAfter = $0.headers.first(name: .retryAfter)
                        }
                    }
                    #expect(statuses.filter { $0 == .unprocessableEntity }.count == AdmissionsStore.registerLookupsPerDay - 2 && statuses.last == .tooManyRequests)
                    #expect(retryAfter.flatMap(Int.init).map { (1...86_400).contains($0) } == true, "told when to try again")
                    let other = try await fixture.familySession("0912000889")
                    let (closed, closedBody) = fixture.form(stranger, family: other)
                    try await db.transaction { tx in try await AdmissionsStore(tx, cipher: cipher).close(campaignID: campaign.id, by: staff) }
                    let askedBefore = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id))
                        .filter { $0.action == "ask_register" }.count
                    try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: closed, body: closedBody) { response in
                        #expect(response.status == .unprocessableEntity && !response.body.string.contains("không khớp"))
                    }
                    let askedAfter = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id))
                        .filter { $0.action == "ask_register" }.count
                    #expect(askedAfter == askedBefore, "nothing is asked about an application that could not go in")

                    // Admitted, the register-confirmed child is enrolled by the school after the papers, not by the family.
                    try await db.transaction { tx in
                        let store = AdmissionsStore(tx, cipher: cipher)
                        _ = try await store.allocate(campaignID: campaign.id, by: staff)
                        try await store.publish(campaignID: campaign.id, by: staff)
                    }
                    try await tester.test(.GET, location, headers: ["Cookie": family.cookie]) { response in
                        let html = response.body.string
                        #expect(html.contains("Trúng tuyển") && !html.contains("/nhap-hoc") && html.contains("đối chiếu giấy tờ"),
                                "knowing a child's particulars makes nobody its guardian")
                    }
                }
            }
        }
    }

    /// A register that does not answer: a typed child is taken as typed (the school checks the papers), and a family
    /// that asked for the register's residence is asked to choose the commune.
    @Test func withoutAnAnswerTheFamilyStatesTheResidence() async throws {
        try await ServerFixture.with(register: NightlyReconciliation(registerURL: "http://127.0.0.1:1")) { fixture in
            try await fixture.teach(.primary)
            let db = fixture.db.database, cipher = fixture.db.cipher, school = fixture.inside.school
            let campaign = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher), staff = Actor(name: "test", origin: "test")
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 3, by: staff)
                return campaign
            }
            let family = try await fixture.familySession("0912000999")
            let tester = try fixture.app.testing()
            var fields = ["child": "", "national_id": "031221000099", "full_name": "Lê Bảo Anh", "date_of_birth": "01/02/2021",
                          "nv1": String(school), "residence_commune": "register"]
            let (asked, askedBody) = fixture.form(fields, family: family)
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: asked, body: askedBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("hãy chọn xã, phường"))
            }
            fields["residence_commune"] = ""
            let (typed, typedBody) = fixture.form(fields, family: family)
            var location = ""
            try await tester.test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: typed, body: typedBody) { response in
                #expect(response.status == .seeOther)
                location = response.headers.first(name: .location) ?? ""
            }
            let id = try #require(Int(location.split(separator: "/").last ?? ""))
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).application(id: id, schools: nil)?.summary.identity == .typed)
        }
    }
}

private struct Code: Decodable { let code: String }
