import Access
import Admissions
import EduCore
@testable import EduServer
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Appeals against a published result: the family files one on its application's page, the schools concerned see it,
/// the department answers it on the campaign's page (or through the API), and the family reads the answer.
@Suite struct AppealHTTPTests {
    @Test func aFamilyAppealsAndTheDepartmentAnswers() async throws {
        try await ServerFixture.with { fixture in
            let db = fixture.db.database, cipher = fixture.db.cipher
            let (first, second) = (fixture.inside.school, fixture.outside.school)
            let staff = Actor(name: "test", origin: "test")
            let contest = try await AdmissionsContest(fixture, phone: "0912000333", child: [second, first], rival: [second])
            let (campaign, child, rival, family) = (contest.campaign, contest.child, contest.rival, contest.family)
            let tester = try fixture.app.testing()
            let page = "/gia-dinh/ho-so/\(child)"
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                #expect(!response.body.string.contains("/khieu-nai"), "no appeal before the results are out")
            }
            try await db.transaction { tx in try await AdmissionsStore(tx, cipher: cipher).publish(campaignID: campaign.id, by: staff) }
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                #expect(response.body.string.contains("\(page)/khieu-nai"))
            }
            let (empty, emptyBody) = fixture.form(["grounds": "  "], family: family)
            try await tester.test(.POST, page + "/khieu-nai", headers: empty, body: emptyBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("Hãy ghi nội dung khiếu nại"))
            }
            let (appeal, appealBody) = fixture.form(["grounds": "Đề nghị phúc khảo bài thi môn Toán"], family: family)
            try await tester.test(.POST, page + "/khieu-nai", headers: appeal, body: appealBody) { response in #expect(response.status == .seeOther) }
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                let html = response.body.string
                #expect(html.contains("Đề nghị phúc khảo bài thi môn Toán") && html.contains("đang chờ giải quyết"))
                #expect(!html.contains("\(page)/khieu-nai"), "one appeal at a time")
            }
            try await tester.test(.POST, page + "/khieu-nai", headers: appeal, body: appealBody) { response in #expect(response.status == .conflict) }
            let stranger = try await fixture.familySession("0987000444")
            let (foreign, foreignBody) = fixture.form(["grounds": "Khiếu nại"], family: stranger)
            try await tester.test(.POST, page + "/khieu-nai", headers: foreign, body: foreignBody) { response in #expect(response.status == .notFound) }
            let appealID = try #require(try await AdmissionsStore(db.sql, cipher: cipher).appeals(applicationID: child).first?.id)

            // The school concerned sees it and cannot decide it; the department decides it.
            let campaignPage = "/admissions/\(campaign.id)"
            try await tester.test(.GET, campaignPage, headers: fixture.headers(.schoolAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("Đề nghị phúc khảo bài thi môn Toán") && !html.contains("/admissions/appeals/\(appealID)/decision"))
            }
            let (schoolDecides, schoolDecidesBody) = fixture.form(["decision": "dismiss", "note": "Không"], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/appeals/\(appealID)/decision", headers: schoolDecides, body: schoolDecidesBody) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.GET, campaignPage, headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.body.string.contains("/admissions/appeals/\(appealID)/decision"))
            }
            struct Code: Decodable { let code: String }
            let secondCode = try #require(try await db.sql.raw("SELECT code FROM schools WHERE id = \(bind: second)").first(decoding: Code.self)).code
            let (unknown, unknownBody) = fixture.form(["decision": "uphold", "school_code": "NO-SUCH", "note": "Phúc khảo 30,5"], as: .departmentStaff)
            try await tester.test(.POST, "/admissions/appeals/\(appealID)/decision", headers: unknown, body: unknownBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("NO-SUCH"))
            }
            let (uphold, upholdBody) = fixture.form(["decision": "uphold", "school_code": secondCode, "note": "Phúc khảo: 30,5 điểm"], as: .departmentStaff)
            try await tester.test(.POST, "/admissions/appeals/\(appealID)/decision", headers: uphold, body: upholdBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, page, headers: ["Cookie": family.cookie]) { response in
                let html = response.body.string
                #expect(html.contains("Đơn khiếu nại số \(appealID) được chấp nhận: Phúc khảo: 30,5 điểm") && html.contains("Điều chỉnh: trúng tuyển"))
            }
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).placement(applicationID: child).schoolID == second)

            // Through the API: a paper appeal entered for the rival's family, dismissed; the list says what each became.
            let api = fixture.jsonHeaders(.departmentStaff)
            var paper = 0
            try await tester.test(.POST, "/api/v1/admissions/applications/\(rival)/appeals", headers: api,
                                  body: JSONBody.encode(["grounds": "Xin xem lại"])) { response in
                #expect(response.status == .created)
                paper = try #require(try JSONBody.object(response)["id"] as? Int)
            }
            let decisions: [([String: Any], HTTPStatus)] = [
                (["decision": "dismiss", "note": "Không", "school_id": second], .unprocessableEntity),
                (["decision": "uphold", "note": "Có", "school_id": 999_999], .unprocessableEntity),
                (["decision": "dismiss", "note": "Điểm đúng"], .ok), (["decision": "uphold", "note": "Lại"], .conflict),
            ]
            for (decision, status) in decisions {
                try await tester.test(.POST, "/api/v1/admissions/appeals/\(paper)/decision", headers: api, body: JSONBody.encode(decision)) { response in
                    #expect(response.status == status, "\(decision)")
                }
            }
            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign.id)/appeals", headers: api) { response in
                let appeals = try #require(try JSONBody.object(response)["appeals"] as? [[String: Any]])
                #expect(appeals.compactMap { $0["status"] as? String } == ["dismissed", "upheld"])
                #expect(appeals.last?["school_id"] as? Int == second)
            }
            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign.id)/appeals?status=pending", headers: api) { response in
                let appeals = try JSONBody.object(response)["appeals"] as? [Any]
                #expect(appeals?.isEmpty == true)
            }
            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign.id)/appeals?status=open", headers: api) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await tester.test(.GET, campaignPage, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(!response.body.string.contains("Xin xem lại"), "the rival listed only another school: not in this school's queue")
            }
            let reads = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id)).filter { $0.action == "read_appeals" }
            #expect(reads.count == 2)
            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign.id)/appeals", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .forbidden)
            }
        }
    }
}
