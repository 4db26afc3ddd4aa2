import Access
import Admissions
import EduCore
import EduServer
import Foundation
import Registry
import SQLKit
import Storage
import Testing
import Vapor
import VaporTesting

/// The admissions API and public pages end to end: department staff run a campaign, a school records an enrolment,
/// anyone reads the published results with names masked, and nothing is public before publication.
@Suite struct AdmissionsHTTPTests {
    @Test func aCampaignThroughTheAPIAndThePublicPage() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let tester = try fixture.app.testing()
            let (school, other) = (fixture.inside.school, fixture.outside.school)
            let staff = fixture.jsonHeaders(.departmentStaff)

            var campaign = 0
            let draft = try JSONBody.encode(["school_year": "2026-2027", "entry_grade": 10, "method": "thi_tuyen", "preference_count": 2, "rank_penalty": "1.5"])
            try await tester.test(.POST, "/api/v1/admissions/campaigns", headers: fixture.jsonHeaders(.principal), body: draft) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns", headers: staff, body: draft) { response in
                #expect(response.status == .created)
                let body = try JSONBody.object(response)
                campaign = try #require(body["id"] as? Int)
                #expect(body["rank_penalty"] as? String == "1.50")
                #expect(body["status"] as? String == "open")
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns", headers: staff, body: draft) { response in
                #expect(response.status == .conflict)
            }
            for (id, quota) in [(school, 1), (other, 1)] {
                try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/schools/\(id)", headers: staff, body: JSONBody.encode(["quota": quota])) { response in
                    #expect(response.status == .ok)
                }
            }

            var applications: [Int] = []
            let children: [(String, String, [Int], Bool, String)] = [
                ("001211000001", "Lê Minh Châu", [school, other], true, "31.25"),
                ("001211000002", "Phạm Gia Huy", [school], false, "30"),
                ("001211000003", "Đỗ Thu Hà", [school, other], false, "29"),
            ]
            for (id, name, preferences, consent, _) in children {
                let body = try JSONBody.encode(["national_id": id, "full_name": name, "date_of_birth": "2011-03-04", "preferences": preferences,
                                     "consent_to_publish": consent])
                try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/applications", headers: staff, body: body) { response in
                    #expect(response.status == .created)
                    applications.append(try #require(try JSONBody.object(response)["id"] as? Int))
                }
            }
            let bad = try JSONBody.encode(["national_id": "12345", "full_name": " ", "date_of_birth": "4/3/2011", "preferences": [school], "priority_points": "1,5"])
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/applications", headers: staff, body: bad) { response in
                #expect(response.status == .unprocessableEntity)
                let problems = try #require(try JSONBody.object(response)["problems"] as? [[String: Any]])
                #expect(problems.compactMap { $0["column"] as? String } == ["national_id", "date_of_birth", "full_name", "priority_points"])
            }
            for (application, child) in zip(applications, children) {
                try await tester.test(.PUT, "/api/v1/admissions/applications/\(application)/score", headers: staff, body: JSONBody.encode(["score": child.4])) { response in
                    #expect(response.status == .ok)
                }
            }
            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign)/results") { response in
                #expect(response.status == .notFound, "nothing is public before publication")
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/compare", headers: staff,
                                  body: JSONBody.encode(["rank_penalties": ["0", "1.5"]])) { response in
                #expect(response.status == .ok)
                let rows = try #require(JSONBody.object(response)["rows"] as? [[String: Any]])
                #expect(rows.map { $0["rank_penalty"] as? String } == ["0.00", "1.50"])
                #expect(rows.map { $0["placed"] as? Int } == [2, 2])
                #expect(rows.map { $0["could_gain_by_reordering"] as? Int } == [0, 0])
            }
            for step in ["close", "allocate", "publish"] {
                try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/\(step)", headers: staff) { response in
                    #expect(response.status == .ok, "\(step)")
                    if step == "allocate" {
                        let placed = try JSONBody.object(response)["placed"] as? Int
                        #expect(placed == 2)
                    }
                }
            }

            try await tester.test(.GET, "/api/v1/admissions/campaigns/\(campaign)/results") { response in
                #expect(response.status == .ok)
                let body = try JSONBody.object(response)
                let results = try #require(body["results"] as? [[String: Any]])
                #expect(results.map { $0["name"] as? String } == ["Lê Minh Châu", "P. G. H.", "Đ. T. H."])
                #expect(results.map { $0["school_code"] as? String } == [fixture.inside.schoolCode, nil, fixture.outside.schoolCode])
                #expect(results[2]["preference_rank"] as? Int == 2)
                #expect(!String(buffer: response.body).contains("001211"), "no personal ID in public results")
                let cutoffs = try #require(body["cutoffs"] as? [[String: Any]])
                #expect(cutoffs.contains { $0["school_code"] as? String == fixture.inside.schoolCode && $0["cutoff_score"] as? String == "31.25" })
            }
            try await tester.test(.GET, "/tuyen-sinh/\(campaign)?ma=\(applications[1])") { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("P. G. H."))
                #expect(html.contains("Không trúng tuyển"))
                #expect(html.contains("31.25"))
                #expect(!html.contains("Phạm Gia Huy"))
            }
            try await tester.test(.GET, "/tuyen-sinh") { response in
                #expect(String(buffer: response.body).contains("/tuyen-sinh/\(campaign)"))
            }

            // Enrolment: the placed school's principal may record it, once; a principal elsewhere may not.
            try await tester.test(.POST, "/api/v1/admissions/applications/\(applications[2])/enrol", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .forbidden, "placed at the other school")
            }
            try await tester.test(.POST, "/api/v1/admissions/applications/\(applications[0])/enrol", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.POST, "/api/v1/admissions/applications/\(applications[0])/enrol", headers: fixture.jsonHeaders(.principal)) { response in
                #expect(response.status == .conflict)
            }

            // The deadline kept with the campaign: not in the past; the family's page names it.
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/confirmation-deadline", headers: staff,
                                  body: try JSONBody.encode(["deadline": CalendarDate.today.adding(days: -1)!.iso])) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/confirmation-deadline", headers: staff,
                                  body: try JSONBody.encode(["deadline": CalendarDate.today.iso])) { response in
                let confirmBy = try JSONBody.object(response)["confirm_by"] as? String
                #expect(response.status == .ok && confirmBy == CalendarDate.today.iso)
            }

            // The confirmation period ends: the unconfirmed place lapses; the supplementary round has the one child placed
            // nowhere, who listed only the full school.
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/release-unconfirmed", headers: fixture.jsonHeaders(.principal),
                                  body: try JSONBody.encode(["deadline": "2000-01-01"])) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/release-unconfirmed", headers: staff,
                                  body: try JSONBody.encode(["deadline": "20/7/2027"])) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/release-unconfirmed", headers: staff,
                                  body: try JSONBody.encode(["deadline": CalendarDate.today.iso])) { response in
                #expect(response.status == .conflict, "the deadline is today: not passed yet")
            }
            // The places were offered today: a deadline that passed yesterday is not theirs; this one is moved back a day.
            try await fixture.db.database.sql.raw("""
                UPDATE admission_applications SET updated_at = '2000-01-01T00:00:00.000Z' WHERE campaign_id = \(bind: campaign) AND status = 'admitted'
                """).run()
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/release-unconfirmed", headers: staff,
                                  body: try JSONBody.encode(["deadline": CalendarDate.today.adding(days: -1)!.iso])) { response in
                #expect(response.status == .ok)
                let released = try JSONBody.object(response)["released"] as? Int
                #expect(released == 1)
            }
            try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/supplementary", headers: staff) { response in
                let body = try JSONBody.object(response)
                #expect(response.status == .ok && body["applicants"] as? Int == 1 && body["placed"] as? Int == 0)
            }
            try await tester.test(.POST, "/api/v1/admissions/applications/\(applications[2])/enrol", headers: staff) { response in
                #expect(response.status == .conflict, "a lapsed place cannot be confirmed")
            }
            let audited = try await fixture.db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM audit_log WHERE entity = 'admission_application' AND action = 'read_public'
                """).first(decoding: IDRow.self)!.id
            #expect(audited == 1, "the public lookup by code is audited")
        }
    }
}

/// Scores from the campaign's rules through the API: papers in, the exam score out (or ineligible with the paper
/// named), claims accepted into priority points, and the ineligible left out of the allocation with the reason.
@Suite struct CampaignRulesHTTPTests {
    @Test func papersAndClaimsMakeTheAdmissionScore() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let tester = try fixture.app.testing()
            let staff = fixture.jsonHeaders(.departmentStaff)
            var campaign = 0
            try await tester.test(.POST, "/api/v1/admissions/campaigns", headers: staff,
                                  body: try JSONBody.encode(["school_year": "2027-2028", "entry_grade": 10, "method": "thi_tuyen"])) { response in
                campaign = try #require(try JSONBody.object(response)["id"] as? Int)
            }
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/schools/\(fixture.inside.school)", headers: staff,
                                  body: try JSONBody.encode(["quota": 5])) { response in #expect(response.status == .ok) }
            let rules = try JSONBody.encode(["papers": [["subject": "Toán"], ["subject": "Ngữ văn"], ["subject": "Tiếng Anh", "weight": 2]]])
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/rules", headers: fixture.jsonHeaders(.principal), body: rules) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.PUT, "/api/v1/admissions/campaigns/\(campaign)/rules", headers: staff, body: rules) { response in
                #expect(response.status == .ok)
            }
            var applications: [Int] = []
            for (index, name) in ["Lê Văn Hùng", "Phạm Thị Hoa"].enumerated() {
                let body = try JSONBody.encode(["national_id": "03121000000\(index)", "full_name": name, "date_of_birth": "2012-05-0\(index + 1)",
                                                "preferences": [fixture.inside.school]])
                try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/applications", headers: staff, body: body) { response in
                    applications.append(try #require(try JSONBody.object(response)["id"] as? Int))
                }
            }
            try await tester.test(.PUT, "/api/v1/admissions/applications/\(applications[0])/papers", headers: staff,
                                  body: try JSONBody.encode(["papers": ["Toán": "8.25", "Ngữ văn": "7.5", "Tiếng Anh": "6.75"]])) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.PUT, "/api/v1/admissions/applications/\(applications[1])/papers", headers: staff,
                                  body: try JSONBody.encode(["papers": ["Toán": "9", "Ngữ văn": "0", "Tiếng Anh": "9"]])) { response in
                #expect(response.status == .ok)
            }
            try await tester.test(.PUT, "/api/v1/admissions/applications/\(applications[1])/papers", headers: staff,
                                  body: try JSONBody.encode(["papers": ["Vật lí": "9"]])) { response in
                #expect(response.status == .unprocessableEntity, "a paper the campaign does not have")
            }
            try await tester.test(.PUT, "/api/v1/admissions/applications/\(applications[0])/claims", headers: staff,
                                  body: try JSONBody.encode(["priority_group": "3", "prize": "first"])) { response in #expect(response.status == .ok) }
            let cipher = fixture.db.cipher
            let summaries = try await AdmissionsStore(fixture.db.database.sql, cipher: cipher).applications(campaignID: campaign, schools: nil)
            #expect(summaries[0].score == Points("29.25") && summaries[0].priorityPoints == Points("2.5"))
            #expect(summaries[1].score == nil, "ineligible: no score")
            for step in ["close", "allocate", "publish"] {
                try await tester.test(.POST, "/api/v1/admissions/campaigns/\(campaign)/\(step)", headers: staff) { response in #expect(response.status == .ok) }
            }
            let placed = try await AdmissionsStore(fixture.db.database.sql, cipher: cipher).applications(campaignID: campaign, schools: nil)
            #expect(placed[0].status == .admitted && placed[1].status == .unplaced)
            let explanation = try await fixture.db.database.sql.raw("SELECT explanation_vi FROM admission_applications WHERE id = \(bind: applications[1])")
                .first()!.decode(column: "explanation_vi", as: String.self)
            #expect(explanation.contains("Không đủ điều kiện") && explanation.contains("Ngữ văn"))
        }
    }
}
