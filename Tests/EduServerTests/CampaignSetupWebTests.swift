import Access
import Admissions
import EduCore
@testable import EduServer
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The department sets a campaign's paper rules and catchments on its page, and records an application's papers and
/// claims on the application's own page, which the schools concerned can read and nobody else can.
@Suite struct CampaignSetupWebTests {
    @Test func rulesCatchmentsPapersAndClaimsFromThePages() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.lowerSecondary)
            let db = fixture.db.database, cipher = fixture.db.cipher
            let (inside, outside) = (fixture.inside.school, fixture.outside.school)
            let staff = Actor(name: "test", origin: "test")
            let (campaign, application) = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .combined), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: inside, quota: 5, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: outside, quota: 5, by: staff)
                let application = try await store.submit(ApplicationForm(nationalID: NationalID("031215000077")!, fullName: "Hà Minh Thư",
                                                                         dateOfBirth: CalendarDate(year: 2015, month: 7, day: 8)!, preferences: [inside]),
                                                         campaignID: campaign.id, by: staff)
                return (campaign, application)
            }
            let tester = try fixture.app.testing()
            let path = "/admissions/\(campaign.id)"
            let store = AdmissionsStore(db.sql, cipher: cipher)

            // Paper rules: rows without a subject dropped; a weight that is not 1–3 named.
            for (weight, problem) in [("x", "là một số nguyên từ 1 đến 3"), ("5", "Hệ số bài thi từ 1 đến 3")] {
                let (headers, body) = fixture.form(["subject1": "Toán", "weight1": weight, "minimum1": "0"], as: .departmentStaff)
                try await tester.test(.POST, path + "/rules", headers: headers, body: body) { response in
                    #expect(response.status == .unprocessableEntity && response.body.string.contains(problem), "\(weight)")
                }
            }
            #expect(try await store.rules(campaignID: campaign.id) == nil, "a refused form stores nothing")
            let (rules, rulesBody) = fixture.form(["subject1": "Toán", "weight1": "2", "minimum1": "0", "subject2": "Ngữ văn", "weight2": "",
                                                   "minimum2": "1", "subject3": "", "weight3": "1"], as: .departmentStaff)
            try await tester.test(.POST, path + "/rules", headers: rules, body: rulesBody) { response in #expect(response.status == .seeOther) }
            let stored = try #require(try await store.rules(campaignID: campaign.id))
            #expect(stored.papers == [CampaignRules.Paper(subject: "Toán", weight: 2, minimum: .zero),
                                      CampaignRules.Paper(subject: "Ngữ văn", weight: 1, minimum: Points(hundredths: 100))])

            // A catchment: one area a line, the whole commune or one of its villages; an unknown code is named.
            struct Code: Decodable { let code: String }
            let commune = try #require(try await db.sql.raw("SELECT u.code FROM schools s JOIN units u ON u.id = s.unit_id WHERE s.id = \(bind: inside)")
                .first(decoding: Code.self)).code
            let schoolCode = try #require(try await db.sql.raw("SELECT code FROM schools WHERE id = \(bind: inside)").first(decoding: Code.self)).code
            let (unknown, unknownBody) = fixture.form(["school_code": schoolCode, "areas": "99999; Thôn 1"], as: .departmentStaff)
            try await tester.test(.POST, path + "/catchment", headers: unknown, body: unknownBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("99999"))
            }
            let (catchment, catchmentBody) = fixture.form(["school_code": schoolCode, "areas": "\(commune); Thôn Đông\r\n\r\n\(commune)"], as: .departmentStaff)
            try await tester.test(.POST, path + "/catchment", headers: catchment, body: catchmentBody) { response in #expect(response.status == .seeOther) }
            let current = try #require(try await store.currentCatchments(campaignID: campaign.id)[inside])
            #expect(current.version == 1 && Set(current.areas) == [Residence(communeCode: commune, locality: "Thôn Đông"), Residence(communeCode: commune)])
            try await tester.test(.GET, path, headers: fixture.headers(.departmentStaff)) { response in
                let html = response.body.string
                #expect(html.contains("\(commune); Thôn Đông") && html.contains("name=\"subject3\"") && html.contains("/admissions/applications/\(application)"))
            }

            // Papers and claims on the application's page: the admission score follows the rules.
            let page = "/admissions/applications/\(application)"
            try await tester.test(.GET, page, headers: fixture.headers(.departmentStaff)) { response in
                let html = response.body.string
                #expect(response.status == .ok && html.contains("Hà Minh Thư") && html.contains("name=\"paper2\"") && html.contains("Toán (hệ số 2)"))
            }
            let subjects = ["subject1": "Toán", "subject2": "Ngữ văn"]
            let (badPaper, badPaperBody) = fixture.form(subjects.merging(["paper1": "tám", "paper2": "7"]) { $1 }, as: .departmentStaff)
            try await tester.test(.POST, page + "/papers", headers: badPaper, body: badPaperBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Không phải là số hợp lệ"))
            }
            let (stale, staleBody) = fixture.form(["subject1": "Ngữ văn", "subject2": "Toán", "paper1": "8.5", "paper2": "7"], as: .departmentStaff)
            try await tester.test(.POST, page + "/papers", headers: stale, body: staleBody) { response in
                #expect(response.status == .conflict && response.body.string.contains("vừa thay đổi"), "fields of other rules are not misread")
            }
            let (papers, papersBody) = fixture.form(subjects.merging(["paper1": "8.5", "paper2": "7"]) { $1 }, as: .departmentStaff)
            try await tester.test(.POST, page + "/papers", headers: papers, body: papersBody) { response in #expect(response.status == .seeOther) }
            let (claims, claimsBody) = fixture.form(["priority_group": "1", "prize": "first"], as: .departmentStaff)
            try await tester.test(.POST, page + "/claims", headers: claims, body: claimsBody) { response in #expect(response.status == .seeOther) }
            let detail = try #require(try await store.application(id: application, schools: nil))
            #expect(detail.summary.score == Points(hundredths: 2400) && detail.summary.priorityPoints == Points(hundredths: 350))
            #expect(detail.papers == ["Toán": Points(hundredths: 850), "Ngữ văn": Points(hundredths: 700)] && detail.priorityGroup == .group1)
            try await tester.test(.GET, page, headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.body.string.contains("27.50 (gồm 3.50 điểm ưu tiên, khuyến khích)"))
            }

            // The school the child lists reads the page without the forms; it cannot record; nobody outside sees it.
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.status == .ok && !response.body.string.contains("/papers"))
            }
            let (schoolPapers, schoolPapersBody) = fixture.form(["paper1": "10", "paper2": "10"], as: .schoolAdmin)
            try await tester.test(.POST, page + "/papers", headers: schoolPapers, body: schoolPapersBody) { response in #expect(response.status == .forbidden) }
            try await tester.test(.GET, page, headers: fixture.headers(.teacher)) { response in #expect(response.status == .forbidden) }
            try await db.sql.raw("DELETE FROM admission_preferences WHERE application_id = \(bind: application)").run()
            try await db.sql.raw("INSERT INTO admission_preferences (application_id, rank, school_id) VALUES (\(bind: application), 1, \(bind: outside))").run()
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.status == .notFound, "an application about another school only")
            }
            let reads = try await AuditLog(db.sql).entries(entity: "admission_application", entityID: String(application)).filter { $0.action == "read_application" }
            #expect(reads.count == 5, "each page shown, a refusal's too")
        }
    }

    /// The exam board's file scores the whole campaign: every bad row named and nothing stored, or every row stored,
    /// the ineligible ones with the paper named; the same through the API.
    @Test func aScoresFileScoresTheWholeCampaignOrNothing() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let db = fixture.db.database, cipher = fixture.db.cipher
            let staff = Actor(name: "test", origin: "test")
            let (campaign, ids) = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 10, method: .exam), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: fixture.inside.school, quota: 5, by: staff)
                try await store.setRules(try CampaignRules(papers: [.init(subject: "Toán", weight: 2), .init(subject: "Ngữ văn")]), campaignID: campaign.id, by: staff)
                var ids: [Int] = []
                for index in 1...3 {
                    ids.append(try await store.submit(ApplicationForm(nationalID: NationalID("03121200010\(index)")!, fullName: "Thí sinh \(index)",
                                                                      dateOfBirth: CalendarDate(year: 2012, month: 1, day: index)!, preferences: [fixture.inside.school]),
                                                      campaignID: campaign.id, by: staff))
                }
                return (campaign, ids)
            }
            let tester = try fixture.app.testing()
            let store = AdmissionsStore(db.sql, cipher: cipher)
            let path = "/admissions/\(campaign.id)/scores"
            let bad = "ma_ho_so,Toán,Ngữ văn\n\(ids[2]),9,9\nabc,8,8\n\(ids[0]),11,8\n\(ids[1]),8,8\n\(ids[1]),7,7\n"
            let (badHeaders, badBody) = fixture.upload(Array(bad.utf8), filename: "diem.csv", as: .departmentStaff)
            try await tester.test(.POST, path, headers: badHeaders, body: badBody) { response in
                let html = response.body.string
                #expect(response.status == .unprocessableEntity && html.contains("Mã hồ sơ là một số nguyên dương") && html.contains("Điểm bài thi từ 0 đến 10")
                        && html.contains("đã có ở dòng 5"))
                #expect(!html.contains("Đã nhập điểm"))
            }
            let (unknownHeaders, unknownBody) = fixture.upload(Array("ma_ho_so,Toán,Ngữ văn\n999999,8,8\n".utf8), filename: "diem.csv", as: .departmentStaff)
            try await tester.test(.POST, path, headers: unknownHeaders, body: unknownBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Không có hồ sơ mang mã này"))
            }
            let (missingHeaders, missingBody) = fixture.upload(Array("ma_ho_so,Toán\n\(ids[0]),8\n".utf8), filename: "diem.csv", as: .departmentStaff)
            try await tester.test(.POST, path, headers: missingHeaders, body: missingBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("ngữ văn"), "a paper's column missing is named")
            }
            #expect(try await store.application(id: ids[2], schools: nil)?.summary.score == nil, "not even the good row of a refused file")

            let good = "ma_ho_so,Họ tên,Toán,Ngữ văn\n\(ids[0]),A,\"9,5\",8\n\(ids[1]),B,7,\n\(ids[2]),C,0,5\n"
            let (goodHeaders, goodBody) = fixture.upload(Array(good.utf8), filename: "diem.csv", as: .departmentStaff)
            try await tester.test(.POST, path, headers: goodHeaders, body: goodBody) { response in
                #expect(response.status == .seeOther && response.headers.first(name: .location)?.hasSuffix("scored=3&ineligible=2") == true)
            }
            let first = try #require(try await store.application(id: ids[0], schools: nil))
            #expect(first.summary.score == Points(hundredths: 2700) && first.papers == ["Toán": Points(hundredths: 950), "Ngữ văn": Points(hundredths: 800)])
            let missing = try #require(try await store.application(id: ids[1], schools: nil))
            #expect(missing.summary.score == nil && missing.ineligible?.vi == "Thiếu điểm bài thi Ngữ văn")
            let audited = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id)).filter { $0.action == "scores_file" }
            #expect(audited.count == 1)

            // The API: the file is the body; a school cannot send one.
            var api = fixture.jsonHeaders(.departmentStaff)
            api.contentType = HTTPMediaType(type: "text", subType: "csv")
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign.id)/scores", headers: api,
                                  body: ByteBuffer(string: "ma_ho_so,toán,ngữ văn\n\(ids[1]),10,10\n")) { response in
                let body = try JSONBody.object(response)
                #expect(response.status == .ok && body["scored"] as? Int == 1 && body["ineligible"] as? Int == 0)
            }
            #expect(try await store.application(id: ids[1], schools: nil)?.summary.score == Points(hundredths: 3000))
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign.id)/scores", headers: api,
                                  body: ByteBuffer(string: "ma_ho_so,toán,ngữ văn\n\(ids[1]),x,10\n")) { response in
                let problems = try JSONBody.object(response)["problems"] as? [[String: Any]]
                #expect(response.status == .unprocessableEntity && problems?.first?["row"] as? Int == 2)
            }
            // Rules with scores recorded under them stay; a score out of range is refused; no file after publication.
            let changed = try await #require(throws: EduError.self) {
                try await db.transaction { tx in
                    try await AdmissionsStore(tx, cipher: cipher).setRules(try CampaignRules(papers: [.init(subject: "Toán")]), campaignID: campaign.id, by: staff)
                }
            }
            #expect(changed.code == "admissions.rules_in_use")
            try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                try await store.close(campaignID: campaign.id, by: staff)
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
            }
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign.id)/scores", headers: api,
                                  body: ByteBuffer(string: "ma_ho_so,toán,ngữ văn\n\(ids[1]),9,9\n")) { response in
                #expect(response.status == .conflict && response.body.string.contains("admissions.scores_published"))
            }
            var school = fixture.jsonHeaders(.schoolAdmin)
            school.contentType = HTTPMediaType(type: "text", subType: "csv")
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign.id)/scores", headers: school,
                                  body: ByteBuffer(string: "ma_ho_so,toán,ngữ văn\n\(ids[1]),1,1\n")) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
