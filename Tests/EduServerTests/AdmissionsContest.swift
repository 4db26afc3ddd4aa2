import Access
import Admissions
import EduCore
import Testing
import Vapor
import VaporTesting

/// A grade 10 exam campaign over the two fixture schools, one place each: a family's typed child applying from the
/// family's pages, and a rival entered by staff who scores higher; both scored, the campaign closed and allocated (not
/// yet published).
struct AdmissionsContest {
    let campaign: Campaign
    let child: Int
    let rival: Int
    let family: (cookie: String, csrf: String)

    init(_ fixture: ServerFixture, phone: String, child childPreferences: [Int], rival rivalPreferences: [Int]) async throws {
        try await fixture.teach(.upperSecondary)
        let db = fixture.db.database, cipher = fixture.db.cipher
        let staff = Actor(name: "test", origin: "test")
        let campaign = try await db.transaction { tx in
            let store = AdmissionsStore(tx, cipher: cipher)
            let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 10, method: .exam), by: staff)
            for school in [fixture.inside.school, fixture.outside.school] { try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 1, by: staff) }
            return campaign
        }
        let family = try await fixture.familySession(phone)
        var fields = ["child": "", "national_id": "031212000444", "full_name": "Lê Bảo Ngọc", "date_of_birth": "01/02/2012"]
        for (index, school) in childPreferences.enumerated() { fields["nv\(index + 1)"] = String(school) }
        let (apply, applyBody) = fixture.form(fields, family: family)
        var applied = 0
        try await fixture.app.testing().test(.POST, "/gia-dinh/tuyen-sinh/\(campaign.id)", headers: apply, body: applyBody) { response in
            #expect(response.status == .seeOther)
            applied = Int(response.headers.first(name: .location)?.split(separator: "/").last ?? "") ?? 0
        }
        let child = applied
        rival = try await db.transaction { tx in
            let store = AdmissionsStore(tx, cipher: cipher)
            let rival = try await store.submit(ApplicationForm(nationalID: NationalID("031212000555")!, fullName: "Trần Văn Nam",
                                                               dateOfBirth: CalendarDate(year: 2012, month: 3, day: 3)!, preferences: rivalPreferences),
                                               campaignID: campaign.id, by: staff)
            try await store.recordScore(Points(hundredths: 3000), applicationID: rival, by: staff)
            try await store.recordScore(Points(hundredths: 2900), applicationID: child, by: staff)
            try await store.close(campaignID: campaign.id, by: staff)
            _ = try await store.allocate(campaignID: campaign.id, by: staff)
            return rival
        }
        self.campaign = campaign
        self.child = child
        self.family = family
    }
}
