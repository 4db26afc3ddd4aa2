import Access
import Admissions
import EduCore
@testable import EduServer
import Foundation
import Registry
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Staff's admissions pages: each sees the applications of the schools in their scope, the department runs the steps,
/// a school enrols the children placed there (a family-typed child after checking the papers).
@Suite struct AdmissionsStaffWebTests {
    @Test func eachSeesTheirSchoolsAndTheDepartmentRunsTheSteps() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.lowerSecondary)
            let db = fixture.db.database, cipher = fixture.db.cipher
            let inside = fixture.inside.school, outside = fixture.outside.school
            let staff = Actor(name: "test", origin: "test")
            let (campaign, mine, theirs) = try await db.transaction { tx in
                let store = AdmissionsStore(tx, cipher: cipher)
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: inside, quota: 5, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: outside, quota: 5, by: staff)
                let mine = try await store.submit(ApplicationForm(nationalID: NationalID("031215000001")!, fullName: "Phạm Minh Khôi",
                                                                  dateOfBirth: CalendarDate(year: 2015, month: 3, day: 4)!, preferences: [inside]),
                                                  campaignID: campaign.id, identity: .typed, by: staff)
                let theirs = try await store.submit(ApplicationForm(nationalID: NationalID("031215000002")!, fullName: "Đỗ Thị Lan",
                                                                    dateOfBirth: CalendarDate(year: 2015, month: 5, day: 6)!, preferences: [outside]),
                                                    campaignID: campaign.id, by: staff)
                return (campaign, mine, theirs)
            }
            let tester = try fixture.app.testing()
            let path = "/admissions/\(campaign.id)"

            try await tester.test(.GET, "/admissions", headers: fixture.headers(.teacher)) { response in #expect(response.status == .forbidden) }
            for (role, seesTheirs) in [(Role.schoolAdmin, false), (.communeOfficer, false), (.departmentStaff, true)] {
                try await tester.test(.GET, path, headers: fixture.headers(role)) { response in
                    let html = response.body.string
                    #expect(response.status == .ok && html.contains("Phạm Minh Khôi"), "\(role)")
                    #expect(html.contains("Đỗ Thị Lan") == seesTheirs, "\(role) sees only the schools in scope")
                }
            }
            let reads = try await AuditLog(db.sql).entries(entity: "admission_campaign", entityID: String(campaign.id)).filter { $0.action == "read_applications" }
            #expect(reads.count == 3)

            let (schoolClose, schoolCloseBody) = fixture.form([:], as: .schoolAdmin)
            try await tester.test(.POST, path + "/close", headers: schoolClose, body: schoolCloseBody) { response in #expect(response.status == .forbidden) }
            let (check, checkBody) = fixture.form([:], as: .departmentStaff)
            try await tester.test(.POST, path + "/residences", headers: check, body: checkBody) { response in
                #expect(response.status == .serviceUnavailable && response.body.string.contains("EDUVN_REGISTER_URL"),
                        "no register configured: said at once, nothing queued")
            }
            #expect(try await fixture.app.context.jobs.hasPending(kind: ResidenceCheckJobs.kind) == false)
            for step in ["close", "allocate"] {
                let (headers, body) = fixture.form([:], as: .departmentStaff)
                try await tester.test(.POST, "\(path)/\(step)", headers: headers, body: body) { response in #expect(response.status == .seeOther, "\(step)") }
            }
            let (early, earlyBody) = fixture.form([:], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/applications/\(mine)/enrol", headers: early, body: earlyBody) { response in
                #expect(response.status == .conflict, "no enrolment before the results are published")
            }
            try await tester.test(.POST, "/admissions/applications/999999/enrol", headers: early, body: earlyBody) { response in
                #expect(response.status == .notFound)
            }
            let (publish, publishBody) = fixture.form([:], as: .departmentStaff)
            try await tester.test(.POST, "\(path)/publish", headers: publish, body: publishBody) { response in #expect(response.status == .seeOther) }
            let (past, pastBody) = fixture.form(["deadline": CalendarDate.today.adding(days: -1)!.iso], as: .departmentStaff)
            try await tester.test(.POST, "\(path)/deadline", headers: past, body: pastBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("đã qua"))
            }
            let (deadline, deadlineBody) = fixture.form(["deadline": CalendarDate.today.iso], as: .departmentStaff)
            try await tester.test(.POST, "\(path)/deadline", headers: deadline, body: deadlineBody) { response in #expect(response.status == .seeOther) }
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).campaign(id: campaign.id).confirmBy == CalendarDate.today)
            try await tester.test(.GET, path, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.body.string.contains("Đã đối chiếu giấy tờ: nhập học"), "a family-typed child is enrolled after the papers")
            }
            let (enrolOther, enrolOtherBody) = fixture.form([:], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/applications/\(theirs)/enrol", headers: enrolOther, body: enrolOtherBody) { response in
                #expect(response.status == .forbidden, "another school's child")
            }
            let (enrol, enrolBody) = fixture.form([:], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions/applications/\(mine)/enrol", headers: enrol, body: enrolBody) { response in
                #expect(response.status == .seeOther)
            }
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).status(applicationID: mine) == .enrolled)
            try await tester.test(.POST, "/admissions/applications/\(mine)/enrol", headers: enrol, body: enrolBody) { response in
                #expect(response.status == .conflict, "once")
            }

            // The worker's minute chore, the day after the deadline: the place not confirmed goes back, once.
            let context = AppContext(database: db, cipher: cipher)
            #expect(try await AdmissionsDeadlines.releaseIfDue(context: context, at: Date()) == false, "not on the deadline day")
            let dayAfter = Date().addingTimeInterval(86_400)
            #expect(try await AdmissionsDeadlines.releaseIfDue(context: context, at: dayAfter))
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).status(applicationID: theirs) == .lapsed)
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).status(applicationID: mine) == .enrolled)
            #expect(try await AdmissionsDeadlines.releaseIfDue(context: context, at: dayAfter) == false, "once")

            // An appeal upheld for the child whose place lapsed: a manual adjustment, with its reason, on the page.
            for (fields, reason) in [(["application": String(theirs), "school_code": fixture.inside.schoolCode, "reason": ""], "no reason"),
                                     (["application": "999999", "school_code": fixture.inside.schoolCode, "reason": "Phúc khảo"], "another campaign's")] {
                let (headers, body) = fixture.form(fields, as: .departmentStaff)
                try await tester.test(.POST, "\(path)/adjust", headers: headers, body: body) { response in
                    #expect(response.status == .unprocessableEntity, "\(reason)")
                }
            }
            let (adjust, adjustBody) = fixture.form(["application": String(theirs), "school_code": fixture.inside.schoolCode, "reason": "Phúc khảo được chấp nhận"],
                                                    as: .departmentStaff)
            try await tester.test(.POST, "\(path)/adjust", headers: adjust, body: adjustBody) { response in #expect(response.status == .seeOther) }
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).placement(applicationID: theirs).schoolID == inside)
            #expect(try await AdmissionsStore(db.sql, cipher: cipher).status(applicationID: theirs) == .admitted)
        }
    }

    /// The department makes a campaign and sets its days and its schools' quotas on the pages; bad input is named,
    /// others refused.
    @Test func theDepartmentMakesACampaignAndSetsItsSchools() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.teach(.upperSecondary)
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/admissions", headers: fixture.headers(.schoolAdmin)) { response in
                #expect(!response.body.string.contains("name=\"school_year\""), "a school does not make campaigns")
            }
            let (school, schoolBody) = fixture.form(["school_year": "2027-2028", "entry_grade": "10", "method": "thi_tuyen"], as: .schoolAdmin)
            try await tester.test(.POST, "/admissions", headers: school, body: schoolBody) { response in #expect(response.status == .forbidden) }
            let (bad, badBody) = fixture.form(["school_year": "2027", "entry_grade": "10", "method": "thi_tuyen"], as: .departmentStaff)
            try await tester.test(.POST, "/admissions", headers: bad, body: badBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("class=\"error\""))
            }
            let (badPenalty, badPenaltyBody) = fixture.form(["school_year": "2027-2028", "entry_grade": "10", "method": "thi_tuyen", "rank_penalty": "-1"],
                                                            as: .departmentStaff)
            try await tester.test(.POST, "/admissions", headers: badPenalty, body: badPenaltyBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("37.75"), "the penalty's format is said")
            }
            let (emptied, emptiedBody) = fixture.form(["school_year": "2027-2028", "entry_grade": "10", "method": "thi_tuyen", "preference_count": "x"],
                                                      as: .departmentStaff)
            try await tester.test(.POST, "/admissions", headers: emptied, body: emptiedBody) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("số nguyên"), "a number field that is not a number")
            }
            var path = ""
            let (create, createBody) = fixture.form(["school_year": "2027-2028", "entry_grade": "10", "method": "thi_tuyen",
                                                     "preference_count": "2", "rank_penalty": "1.5"], as: .departmentStaff)
            try await tester.test(.POST, "/admissions", headers: create, body: createBody) { response in
                #expect(response.status == .seeOther)
                path = response.headers.first(name: .location) ?? ""
            }
            let campaignID = try #require(Int(path.dropFirst("/admissions/".count)))
            let campaign = try await AdmissionsStore(fixture.db.database.sql, cipher: fixture.db.cipher).campaign(id: campaignID)
            #expect(campaign.entryGrade == 10 && campaign.preferenceCount == 2 && campaign.rankPenalty == Points("1.5")! && campaign.status == .open)
            try await tester.test(.GET, path, headers: fixture.headers(.departmentStaff)) { response in
                #expect(response.body.string.contains("\(path)/school"))
            }
            for (fields, reason) in [(["school_code": "NO-SUCH", "quota": "5"], "unknown school"),
                                     (["school_code": fixture.inside.schoolCode, "quota": "-1"], "negative quota"),
                                     (["school_code": fixture.inside.schoolCode, "quota": ""], "no quota")] {
                let (headers, body) = fixture.form(fields, as: .departmentStaff)
                try await tester.test(.POST, "\(path)/school", headers: headers, body: body) { response in
                    #expect(response.status == .unprocessableEntity, "\(reason)")
                }
            }
            for (fields, reason) in [(["opens_on": "2027-06-10", "closes_on": "2027-06-01"], "closing before opening"),
                                     (["opens_on": "10/6/2027", "closes_on": ""], "not a day")] {
                let (headers, body) = fixture.form(fields, as: .departmentStaff)
                try await tester.test(.POST, "\(path)/schedule", headers: headers, body: body) { response in
                    #expect(response.status == .unprocessableEntity, "\(reason)")
                }
            }
            let (days, daysBody) = fixture.form(["opens_on": "2027-06-01", "closes_on": "2027-06-10"], as: .departmentStaff)
            try await tester.test(.POST, "\(path)/schedule", headers: days, body: daysBody) { response in #expect(response.status == .seeOther) }
            let scheduled = try await AdmissionsStore(fixture.db.database.sql, cipher: fixture.db.cipher).campaign(id: campaignID).schedule
            #expect(scheduled == CampaignSchedule(opensOn: CalendarDate(iso: "2027-06-01"), closesOn: CalendarDate(iso: "2027-06-10")))
            let (set, setBody) = fixture.form(["school_code": fixture.inside.schoolCode, "quota": "40", "specialised": "1"], as: .departmentStaff)
            try await tester.test(.POST, "\(path)/school", headers: set, body: setBody) { response in #expect(response.status == .seeOther) }
            struct Row: Decodable { let schoolId: Int; let quota: Int; let specialised: Int }
            let rows = try await fixture.db.database.sql.raw("SELECT school_id, quota, specialised FROM admission_schools WHERE campaign_id = \(bind: campaignID)")
                .all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(rows.map(\.schoolId) == [fixture.inside.school] && rows.first?.quota == 40 && rows.first?.specialised == 1)
        }
    }
}
