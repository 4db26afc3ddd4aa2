import Access
import Admissions
import EduCore
import Foundation
import Registry
import SQLKit
import Storage
import Testing
import Vapor
import VaporTesting

/// Grade 1 by catchment over HTTP: the department sets the days and the catchments through the API; an officer in
/// scope verifies or refuses a family's stated residence on the staff page (a refusal needs a note, someone out of
/// scope is refused); the register check says plainly when no register is configured.
@Suite struct CatchmentHTTPTests {
    @Test func theDepartmentSetsCatchmentsAndOfficersDecideResidences() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.primary)
            let db = fixture.db.database, cipher = fixture.db.cipher
            let inside = fixture.inside.school, outside = fixture.outside.school
            struct Code: Decodable { let code: String }
            let commune = try await db.sql.raw("SELECT u.code FROM schools s JOIN units u ON u.id = s.unit_id WHERE s.id = \(bind: inside)")
                .first(decoding: Code.self)!.code
            let staff = Actor(name: "test", origin: "test")
            let (campaign, mine, theirs) = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: inside, quota: 5, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: outside, quota: 5, by: staff)
                let typed = { (id: String, school: Int, locality: String) in
                    ApplicationForm(nationalID: NationalID(id)!, fullName: "Vũ Gia Bảo", dateOfBirth: CalendarDate(year: 2021, month: 2, day: 3)!,
                                    preferences: [school], residence: Residence(communeCode: commune, locality: locality))
                }
                let mine = try await store.submit(typed("031221000001", inside, "Tổ 4"), campaignID: campaign.id, identity: .typed, by: staff)
                // Lives in the commune, outside the inside school's catchment (Tổ 4, Tổ 5 below), and lists the other school.
                let theirs = try await store.submit(typed("031221000002", outside, "Tổ 9"), campaignID: campaign.id, identity: .typed, by: staff)
                return (campaign, mine, theirs)
            }
            let tester = try fixture.app.testing()
            let api = "/api/v1/admissions/campaigns/\(campaign.id)"

            // Days and catchments through the API.
            try await tester.test(.PUT, api + "/schedule", headers: fixture.jsonHeaders(.departmentStaff),
                                  body: try JSONBody.encode(["opens_on": "2027-06-01", "closes_on": "1/6/2027"])) { response in
                #expect(response.status == .unprocessableEntity)
                let problems = try #require(try JSONBody.object(response)["problems"] as? [[String: Any]])
                #expect(problems.compactMap { $0["column"] as? String } == ["closes_on"])
            }
            try await tester.test(.PUT, api + "/schedule", headers: fixture.jsonHeaders(.schoolAdmin),
                                  body: try JSONBody.encode(["opens_on": "2027-06-01"])) { response in #expect(response.status == .forbidden) }
            try await tester.test(.PUT, api + "/schedule", headers: fixture.jsonHeaders(.departmentStaff),
                                  body: try JSONBody.encode(["opens_on": "2020-06-01", "closes_on": "2099-06-10"])) { response in
                let body = try JSONBody.object(response)
                #expect(response.status == .ok && body["closes_on"] as? String == "2099-06-10")
            }
            let catchment = api + "/schools/\(inside)/catchment"
            try await tester.test(.PUT, catchment, headers: fixture.jsonHeaders(.departmentStaff),
                                  body: try JSONBody.encode(["areas": [["commune_code": "NOWHERE"]]])) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("NOWHERE"))
            }
            try await tester.test(.PUT, catchment, headers: fixture.jsonHeaders(.departmentStaff),
                                  body: try JSONBody.encode(["areas": [["commune_code": commune, "locality": "Tổ 4"], ["commune_code": commune, "locality": "Tổ 5"]]])) { response in
                let body = try JSONBody.object(response)
                #expect(response.status == .ok && body["version"] as? Int == 1)
            }
            try await tester.test(.GET, catchment, headers: fixture.headers(.departmentStaff)) { response in
                let versions = try #require(try JSONBody.object(response)["versions"] as? [[String: Any]])
                #expect(versions.count == 1)
                #expect((versions.first?["areas"] as? [[String: Any]])?.compactMap { $0["locality"] as? String } == ["Tổ 4", "Tổ 5"])
            }

            // The officers' queue: the commune officer sees the waiting residence with the decision form.
            let queue = "/admissions/\(campaign.id)?residence=pending"
            try await tester.test(.GET, queue, headers: fixture.headers(.communeOfficer)) { response in
                let html = response.body.string
                #expect(html.contains("/admissions/applications/\(mine)/residence"))
                #expect(html.contains("/admissions/applications/\(theirs)/residence"), "a child living in the commune, applying elsewhere")
                #expect(html.contains("hồ sơ chờ xác minh nơi cư trú: 2"))
            }
            try await tester.test(.GET, queue, headers: fixture.headers(.schoolAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("/admissions/applications/\(mine)/residence"), "the school decides for its own catchment")
                #expect(html.contains("hồ sơ chờ xác minh nơi cư trú: 1"), "the count is the school's queue's, not the campaign's")
            }
            let (bogus, bogusBody) = fixture.form(["decision": "maybe"], as: .communeOfficer)
            try await tester.test(.POST, "/admissions/applications/\(mine)/residence", headers: bogus, body: bogusBody) { response in
                #expect(response.status == .badRequest)
            }
            let (refuse, refuseBody) = fixture.form(["decision": "refuse", "note": ""], as: .communeOfficer)
            try await tester.test(.POST, "/admissions/applications/\(mine)/residence", headers: refuse, body: refuseBody) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("Cần ghi lý do không xác nhận nơi cư trú"))
            }
            let (other, otherBody) = fixture.form(["decision": "verify"], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/applications/\(theirs)/residence", headers: other, body: otherBody) { response in
                #expect(response.status == .forbidden, "a school decides only for children living in its catchment")
            }
            let (verify, verifyBody) = fixture.form(["decision": "verify"], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/applications/\(mine)/residence", headers: verify, body: verifyBody) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.POST, "/api/v1/admissions/applications/\(theirs)/residence", headers: fixture.jsonHeaders(.departmentStaff),
                                  body: try JSONBody.encode(["verified": false, "note": "Không có giấy xác nhận cư trú"])) { response in
                #expect(response.status == .ok)
            }
            struct Row: Decodable { let id: Int; let residenceStatus: String }
            let statuses = Dictionary(uniqueKeysWithValues: try await db.sql.raw("SELECT id, residence_status FROM admission_applications")
                .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.id, $0.residenceStatus) })
            #expect(statuses == [mine: "verified", theirs: "refused"])

            try await tester.test(.POST, api + "/residences/check", headers: fixture.jsonHeaders(.departmentStaff)) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.body.string.contains("EDUVN_REGISTER_URL"))
            }
        }
    }
}
