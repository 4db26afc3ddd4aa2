import Access
import Admissions
import EduCore
import SQLKit
import Storage
import Testing
import TestSupport

/// Campaigns on the database (SQLite here, PostgreSQL in the second half of scripts/test): applications and their
/// refusals, the allocation written back, publication with masked names, and enrolment that never over-fills a school.
@Suite struct AdmissionsStoreTests {
    private let staff = Actor(name: "so-gddt", origin: "test")

    private func schoolIDs(_ db: TestDatabase, _ count: Int, grade: Int) async throws -> [Int] {
        _ = try await db.loadDemo(students: 50)
        return try await db.schools(admitting: grade, count: count)
    }

    private func form(_ index: Int, _ preferences: [Int], name: String = "Nguyễn Văn An", consent: Bool = false) -> ApplicationForm {
        ApplicationForm(nationalID: NationalID(String(format: "0012%08d", index))!, fullName: name,
                        dateOfBirth: CalendarDate(year: 2011, month: 5, day: index % 28 + 1)!, preferences: preferences, consentToPublish: consent)
    }

    private func transaction<T: Sendable>(_ db: TestDatabase, _ body: @escaping @Sendable (AdmissionsStore) async throws -> T) async throws -> T {
        let cipher = db.cipher
        return try await db.database.transaction { try await body(AdmissionsStore($0, cipher: cipher)) }
    }

    /// The code of the refusal `body` meets, in a transaction of its own.
    private func refusal(_ db: TestDatabase, _ body: @escaping @Sendable (AdmissionsStore) async throws -> Void) async throws -> String {
        try await #require(throws: EduError.self) { try await transaction(db) { try await body($0) } }.code
    }

    /// A grade 10 exam campaign of two preferences, one place at each of `x` and `y`, an application per score (the
    /// i-th listing `preferences(i)`), open.
    private func twoPlaces(_ db: TestDatabase, _ x: Int, _ y: Int, scores: [String],
                           preferences: @escaping @Sendable (Int) -> [Int]) async throws -> (Campaign, [Int]) {
        let staff = self.staff
        return try await transaction(db) { store in
            let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2026-2027", entryGrade: 10, method: .exam, preferenceCount: 2), by: staff)
            try await store.setSchool(campaignID: campaign.id, schoolID: x, quota: 1, by: staff)
            try await store.setSchool(campaignID: campaign.id, schoolID: y, quota: 1, by: staff)
            var ids: [Int] = []
            for (index, score) in scores.enumerated() {
                let id = try await store.submit(self.form(index + 1, preferences(index)), campaignID: campaign.id, by: staff)
                try await store.recordScore(Points(score)!, applicationID: id, by: staff)
                ids.append(id)
            }
            return (campaign, ids)
        }
    }

    @Test func aCampaignFromApplicationsToPublishedResults() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 3, grade: 10)
            let (x, y, outside) = (schools[0], schools[1], schools[2])
            let staff = self.staff
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(
                    CampaignDraft(schoolYear: "2026-2027", entryGrade: 10, method: .exam, preferenceCount: 2, rankPenalty: Points(hundredths: 100)), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: x, quota: 1, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: y, quota: 2, by: staff)
                return campaign
            }
            let forms = [form(1, [x, y], name: "Trần Thị Bình", consent: true), form(2, [x]), form(3, [y, x]), form(4, [x, y])]
            var submitted: [Int] = []
            for form in forms { submitted.append(try await transaction(db) { try await $0.submit(form, campaignID: campaign.id, by: staff) }) }
            let ids = submitted

            // Refusals change nothing.
            let refusals: [(ApplicationForm, String)] = [
                (form(1, [y]), "admissions.duplicate"), (form(5, [x, y, x]), "admissions.preferences"),
                (form(6, [x, x]), "admissions.preferences"), (form(7, [outside]), "admissions.school"),
            ]
            for (form, code) in refusals {
                let error = try await #require(throws: EduError.self) {
                    try await transaction(db) { try await $0.submit(form, campaignID: campaign.id, by: staff) }
                }
                #expect(error.code == code)
            }
            let draft = CampaignDraft(schoolYear: "2026-2027", entryGrade: 10, method: .exam)
            #expect(try await #require(throws: EduError.self) { try await transaction(db) { try await $0.createCampaign(draft, by: staff) } }.code
                == "admissions.campaign_exists")

            // Scores: 1 → 30, 2 → 29.5, 3 → 31, 4 → 28. G = 1: X takes 1 (30) over 2 (29.5); Y takes 3 and 4.
            for (id, score) in zip(ids, ["30", "29.5", "31", "28"]) {
                try await transaction(db) { try await $0.recordScore(Points(score)!, applicationID: id, by: staff) }
            }
            #expect(try await #require(throws: EduError.self) { try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) } }.code
                == "admissions.status", "an open campaign is not allocated")
            try await transaction(db) { try await $0.close(campaignID: campaign.id, by: staff) }
            #expect(try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.submit(form(8, [x]), campaignID: campaign.id, by: staff) }
            }.code == "admissions.status")
            let allocation = try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) }
            #expect(allocation.placedCount == 3)
            _ = try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) }  // again: same result
            try await transaction(db) { try await $0.publish(campaignID: campaign.id, by: staff) }

            let schoolCodes = try await db.database.sql.raw("SELECT code FROM schools WHERE id IN (\(bind: x), \(bind: y)) ORDER BY id")
                .all(decoding: CodeRow.self).map(\.code)
            let results = try await transaction(db) { try await $0.publishedResults(campaignID: campaign.id) }
            #expect(results == [
                PublishedResult(applicationID: ids[0], name: "Trần Thị Bình", schoolCode: schoolCodes[0], preferenceRank: 1),
                PublishedResult(applicationID: ids[1], name: "N. V. A.", schoolCode: nil, preferenceRank: nil),
                PublishedResult(applicationID: ids[2], name: "N. V. A.", schoolCode: schoolCodes[1], preferenceRank: 1),
                PublishedResult(applicationID: ids[3], name: "N. V. A.", schoolCode: schoolCodes[1], preferenceRank: 2),
            ])
            #expect(try await transaction(db) { try await $0.status(applicationID: ids[1]) } == .unplaced)
            let audited = try await db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM audit_log WHERE entity IN ('admission_campaign', 'admission_application')
                """).first(decoding: IDRow.self)!.id
            // create, 2 quotas, 4 submissions, 4 scores, close, 2 allocations, publish.
            #expect(audited == 15)
        }
    }

    /// After the results: an unconfirmed place lapses and goes back, and the supplementary round gives it, by the same
    /// rules, to the best applicant placed nowhere who listed the school; nobody admitted or enrolled moves.
    @Test func unconfirmedPlacesGoToTheSupplementaryRound() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 2, grade: 10)
            let (x, y) = (schools[0], schools[1])
            let staff = self.staff
            let (campaign, ids) = try await twoPlaces(db, x, y, scores: ["30", "29", "28", "27"]) { $0 == 3 ? [x] : [x, y] }
            let round = try await #require(throws: EduError.self) { try await transaction(db) { try await $0.allocateSupplementary(campaignID: campaign.id, by: staff) } }
            #expect(round.code == "admissions.status", "only after the results are published")
            try await transaction(db) { store in
                try await store.close(campaignID: campaign.id, by: staff)
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
                try await store.confirmEnrolment(applicationID: ids[0], by: staff)   // 30 at X, enrolled
            }
            // 29 at Y never confirms; 28 (X, Y) and 27 (X only) are placed nowhere.
            let today = CalendarDate.today, tomorrow = try #require(CalendarDate.today.adding(days: 1))
            let early = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.releaseUnconfirmed(campaignID: campaign.id, deadline: today, today: today, by: staff) }
            }
            #expect(early.code == "admissions.deadline", "not before the deadline has passed")
            let yesterday = try #require(today.adding(days: -1))
            let none = try await transaction(db) { try await $0.releaseUnconfirmed(campaignID: campaign.id, deadline: yesterday, today: tomorrow, by: staff) }
            #expect(none == 0, "places offered after a deadline keep their own time to confirm")
            let lapsed = try await transaction(db) { try await $0.releaseUnconfirmed(campaignID: campaign.id, deadline: today, today: tomorrow, by: staff) }
            #expect(lapsed == 1)
            #expect(try await transaction(db) { try await $0.status(applicationID: ids[1]) } == .lapsed)
            let supplementary = try await transaction(db) { try await $0.allocateSupplementary(campaignID: campaign.id, by: staff) }
            #expect(supplementary.placedCount == 1)
            func statuses() async throws -> [ApplicationStatus] {
                try await transaction(db) { store in
                    var statuses: [ApplicationStatus] = []
                    for id in ids { statuses.append(try await store.status(applicationID: id)) }
                    return statuses
                }
            }
            #expect(try await statuses() == [.enrolled, .lapsed, .admitted, .unplaced], "Y's place goes to 28; 27 listed only X, which is full")
            struct Row: Decodable { let placedSchoolId: Int?; let explanationVi: String }
            let third = try #require(try await db.database.sql.raw("SELECT placed_school_id, explanation_vi FROM admission_applications WHERE id = \(bind: ids[2])")
                .first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase))
            #expect(third.placedSchoolId == y && third.explanationVi.hasPrefix("Xét tuyển bổ sung: ") && third.explanationVi.contains("nguyện vọng 2"))
            let again = try await transaction(db) { try await $0.allocateSupplementary(campaignID: campaign.id, by: staff) }
            #expect(again.placedCount == 0 && again.problem.applicantCount == 1, "the place 28 holds, admitted, is not offered again")
            #expect(try await statuses() == [.enrolled, .lapsed, .admitted, .unplaced])
            try await transaction(db) { try await $0.confirmEnrolment(applicationID: ids[2], by: staff) }
            await #expect(throws: EduError.self, "a lapsed place cannot be confirmed") {
                try await transaction(db) { try await $0.confirmEnrolment(applicationID: ids[1], by: staff) }
            }
            let events = try await db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM admission_events WHERE application_id = \(bind: ids[3]) AND kind = 'result'
                """).first(decoding: IDRow.self)!.id
            #expect(events == 3, "the published result and each round's, told to the family")
        }
    }

    /// The deadline kept with the campaign: not in the past, not before an allocation; due the day after it; released
    /// once (by itself or by hand), and due again only for a new deadline.
    @Test func aStoredDeadlineReleasesItsPlacesOnce() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 1, grade: 6)
            let staff = self.staff
            let today = CalendarDate.today, tomorrow = try #require(CalendarDate.today.adding(days: 1))
            let dayAfter = try #require(today.adding(days: 2)), yesterday = try #require(today.adding(days: -1))
            let (campaign, ids) = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[0], quota: 3, by: staff)
                var ids: [Int] = []
                for index in 0..<3 { ids.append(try await store.submit(self.form(index, [schools[0]]), campaignID: campaign.id, by: staff)) }
                return (campaign, ids)
            }
            let early = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.setConfirmationDeadline(tomorrow, campaignID: campaign.id, by: staff) }
            }
            #expect(early.code == "admissions.status", "only once there are places to confirm")
            try await transaction(db) { store in
                try await store.close(campaignID: campaign.id, by: staff)
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
            }
            let past = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.setConfirmationDeadline(yesterday, campaignID: campaign.id, by: staff) }
            }
            #expect(past.code == "admissions.deadline_past")
            let set = try await transaction(db) { try await $0.setConfirmationDeadline(today, campaignID: campaign.id, by: staff) }
            #expect(set.confirmBy == today)
            let late = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.publish(campaignID: campaign.id, today: tomorrow, by: staff) }
            }
            #expect(late.code == "admissions.deadline_past", "no publication that leaves families no day to confirm")
            // A score recorded after the allocation sends the campaign back to be allocated again.
            try await transaction(db) { try await $0.recordScore(Points(hundredths: 2500), applicationID: ids[2], by: staff) }
            #expect(try await transaction(db) { try await $0.campaign(id: campaign.id) }.status == .closed)
            try await transaction(db) { store in
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
                try await store.confirmEnrolment(applicationID: ids[0], by: staff)
            }
            #expect(try await transaction(db) { try await $0.campaignsDueForRelease(today: today) }.isEmpty, "not on the deadline day")
            #expect(try await transaction(db) { try await $0.campaignsDueForRelease(today: tomorrow) } == [campaign.id])
            let lapsed = try await transaction(db) { try await $0.releaseIfDue(campaignID: campaign.id, today: tomorrow, by: staff) }
            #expect(lapsed == 2, "the two admitted and not enrolled")
            #expect(try await transaction(db) { try await $0.status(applicationID: ids[1]) } == .lapsed)
            let again = try await transaction(db) { try await $0.releaseIfDue(campaignID: campaign.id, today: dayAfter, by: staff) }
            let due = try await transaction(db) { try await $0.campaignsDueForRelease(today: dayAfter) }
            #expect(again == nil && due.isEmpty, "once")
            // A new deadline (a supplementary round's places) is due in its turn.
            try await transaction(db) { try await $0.setConfirmationDeadline(tomorrow, campaignID: campaign.id, by: staff) }
            #expect(try await transaction(db) { try await $0.campaignsDueForRelease(today: dayAfter) } == [campaign.id])
            _ = try await transaction(db) { try await $0.releaseUnconfirmed(campaignID: campaign.id, deadline: tomorrow, today: dayAfter, by: staff) }
            #expect(try await transaction(db) { try await $0.campaignsDueForRelease(today: dayAfter) }.isEmpty, "released by hand counts too")
            let releases = try await db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM audit_log WHERE action = 'release_unconfirmed' AND entity_id = \(bind: String(campaign.id))
                """).first(decoding: IDRow.self)!.id
            #expect(releases == 2)
        }
    }

    /// An appeal against a published result: once per application at a time, never for an enrolled child nor after the
    /// confirmation deadline; the department decides it with a note, and an upheld one may place the child (an adjustment).
    @Test func appealsAreFiledOnceAndDecidedWithANote() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 2, grade: 10)
            let (x, y) = (schools[0], schools[1])
            let staff = self.staff
            let (campaign, ids) = try await twoPlaces(db, x, y, scores: ["30", "29", "28"]) { $0 == 2 ? [y] : [x, y] }
            try await transaction(db) { store in
                try await store.close(campaignID: campaign.id, by: staff)
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
            }
            let refused1 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[2], grounds: "Điểm thấp", by: staff) }
            #expect(refused1 == "admissions.status", "not before the results are out")
            try await transaction(db) { store in
                _ = try await store.setConfirmationDeadline(.today, campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
                try await store.confirmEnrolment(applicationID: ids[0], by: staff)
            }
            let refused2 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[2], grounds: "  ", by: staff) }
            #expect(refused2 == "admissions.appeal_grounds")
            let refused3 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[0], grounds: "Muốn đổi", by: staff) }
            #expect(refused3 == "admissions.appeal_enrolled")
            let tomorrow = try #require(CalendarDate.today.adding(days: 1))
            let refused4 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[2], grounds: "Muộn", today: tomorrow, by: staff) }
            #expect(refused4 == "admissions.appeals_closed")
            let refused5 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[2], grounds: String(repeating: "a", count: 2001), by: staff) }
            #expect(refused5 == "admissions.appeal_length")

            let first = try await transaction(db) { try await $0.fileAppeal(applicationID: ids[2], grounds: "Đề nghị phúc khảo bài Toán", by: staff) }
            let refused6 = try await refusal(db) { _ = try await $0.fileAppeal(applicationID: ids[2], grounds: "Lần nữa", by: staff) }
            #expect(refused6 == "admissions.appeal_pending")
            let refused7 = try await refusal(db) { try await $0.decideAppeal(first, upheld: false, schoolID: y, note: "Không", by: staff) }
            #expect(refused7 == "admissions.appeal_placement")
            let refused8 = try await refusal(db) { try await $0.decideAppeal(first, upheld: true, note: " ", by: staff) }
            #expect(refused8 == "admissions.appeal_note")
            let refused9 = try await refusal(db) { try await $0.decideAppeal(first + 100, upheld: false, note: "Không", by: staff) }
            #expect(refused9 == "admissions.not_found")
            let waiting = try await transaction(db) { try await $0.appeals(campaignID: campaign.id, schools: nil, status: .pending) }
            #expect(waiting.map(\.id) == [first] && waiting.first?.grounds == "Đề nghị phúc khảo bài Toán")
            let unmoved = try await transaction(db) { try await $0.status(applicationID: ids[2]) }
            #expect(unmoved == .unplaced, "refusals changed nothing")

            // Upheld: re-marked, the child is placed at Y; the decision and the adjustment are in the family's history.
            try await transaction(db) { try await $0.decideAppeal(first, upheld: true, schoolID: y, note: "Phúc khảo: 29,5 điểm", by: staff) }
            let refused10 = try await refusal(db) { try await $0.decideAppeal(first, upheld: false, note: "Lại", by: staff) }
            #expect(refused10 == "admissions.appeal_decided")
            let placed = try await transaction(db) { try await $0.placement(applicationID: ids[2]) }
            #expect(placed.schoolID == y)
            let upheldStatus = try await transaction(db) { try await $0.status(applicationID: ids[2]) }
            #expect(upheldStatus == .admitted)
            struct Event: Decodable { let kind: String; let detailVi: String }
            let events = try await db.database.sql.raw("""
                SELECT kind, detail_vi FROM admission_events WHERE application_id = \(bind: ids[2]) ORDER BY id
                """).all(decoding: Event.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(events.map(\.kind) == ["submitted", "result", "appealed", "appeal_decided", "adjusted"])
            #expect(events[3].detailVi == "Đơn khiếu nại số \(first) được chấp nhận: Phúc khảo: 29,5 điểm")

            // A second appeal, once the first is decided; dismissed, it moves nobody.
            let second = try await transaction(db) { try await $0.fileAppeal(applicationID: ids[1], grounds: "Xin vào trường X", by: staff) }
            try await transaction(db) { try await $0.decideAppeal(second, upheld: false, note: "Điểm thấp hơn điểm chuẩn", by: staff) }
            let stays = try await transaction(db) { try await $0.placement(applicationID: ids[1]) }
            #expect(stays.schoolID == y)
            let all = try await transaction(db) { try await $0.appeals(campaignID: campaign.id, schools: nil) }
            #expect(all.map(\.status) == [.dismissed, .upheld] && all.last?.schoolID == y)
            let atX = try await transaction(db) { try await $0.appeals(campaignID: campaign.id, schools: [x]) }
            let atY = try await transaction(db) { try await $0.appeals(campaignID: campaign.id, schools: [y]) }
            #expect(atX.map(\.id) == [second] && atY.count == 2, "a school sees the appeals of the applications in its queue only")
            let audited = try await db.database.sql.raw("""
                SELECT COUNT(*) AS id FROM audit_log WHERE action IN ('appeal', 'appeal_upheld', 'appeal_dismissed', 'adjust')
                """).first(decoding: IDRow.self)!.id
            #expect(audited == 5)

            // Filed, then decided, from several instances at once: one of each goes through.
            func race(_ attempt: @escaping @Sendable (AdmissionsStore) async throws -> Void) async throws -> [String: Int] {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<6 {
                        group.addTask {
                            do { try await transaction(db) { try await attempt($0) }; return "done" } catch let error as EduError { return error.code }
                        }
                    }
                    return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
                }
            }
            let filings = try await race { _ = try await $0.fileAppeal(applicationID: ids[1], grounds: "Xin xem lại", by: staff) }
            #expect(filings == ["done": 1, "admissions.appeal_pending": 5])
            let third = try #require(try await transaction(db) { try await $0.appeals(campaignID: campaign.id, schools: nil, status: .pending) }.first)
            let decisions = try await race { try await $0.decideAppeal(third.id, upheld: false, note: "Giữ nguyên", by: staff) }
            #expect(decisions == ["done": 1, "admissions.appeal_decided": 5])
        }
    }

    /// New preferences for the supplementary round: only while registration is open, only for those placed nowhere,
    /// only schools with a place left; the round ranks them instead of the first list and closes registration.
    @Test func supplementaryPreferencesReplaceTheFirstList() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 3, grade: 10)
            let (x, y, z) = (schools[0], schools[1], schools[2])
            let staff = self.staff
            let (campaign, ids) = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2026-2027", entryGrade: 10, method: .exam, preferenceCount: 2), by: staff)
                for school in [x, y, z] { try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 1, by: staff) }
                var ids: [Int] = []
                for (index, score) in ["30", "29", "28"].enumerated() {
                    let id = try await store.submit(self.form(index + 1, [x]), campaignID: campaign.id, by: staff)
                    try await store.recordScore(Points(score)!, applicationID: id, by: staff)
                    ids.append(id)
                }
                try await store.close(campaignID: campaign.id, by: staff)
                _ = try await store.allocate(campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
                return (campaign, ids)
            }
            let closed = try await refusal(db) { try await $0.registerSupplementaryPreferences([z], applicationID: ids[1], by: staff) }
            #expect(closed == "admissions.supplementary_closed")
            let opened = try await transaction(db) { try await $0.openSupplementaryPreferences(until: .today, campaignID: campaign.id, by: staff) }
            #expect(opened.supplementaryUntil == .today && opened.takesSupplementaryPreferences(on: .today))
            let placed = try await refusal(db) { try await $0.registerSupplementaryPreferences([y], applicationID: ids[0], by: staff) }
            let full = try await refusal(db) { try await $0.registerSupplementaryPreferences([z, x], applicationID: ids[1], by: staff) }
            let late = try await refusal(db) { store in
                try await store.registerSupplementaryPreferences([z], applicationID: ids[1], today: CalendarDate.today.adding(days: 1)!, by: staff)
            }
            #expect([placed, full, late] == ["admissions.supplementary_placed", "admissions.no_place_left", "admissions.supplementary_closed"])
            try await db.database.sql.raw("UPDATE admission_applications SET ineligible_vi = 'Thiếu bài' WHERE id = \(bind: ids[2])").run()
            let ineligible = try await refusal(db) { try await $0.registerSupplementaryPreferences([z], applicationID: ids[2], by: staff) }
            #expect(ineligible == "admissions.supplementary_ineligible", "a paper keeps it out of every round")
            try await db.database.sql.raw("UPDATE admission_applications SET ineligible_vi = NULL WHERE id = \(bind: ids[2])").run()
            try await transaction(db) { try await $0.registerSupplementaryPreferences([y], applicationID: ids[1], by: staff) }
            try await transaction(db) { try await $0.registerSupplementaryPreferences([z], applicationID: ids[1], by: staff) }
            let registered = try await transaction(db) { try await $0.application(id: ids[1], schools: nil)?.summary.supplementaryPreferences }
            let queueAtZ = try await transaction(db) { try await $0.applications(campaignID: campaign.id, schools: [z]) }
            #expect(registered == [z] && queueAtZ.map(\.id) == [ids[1]], "registering again replaces; the school listed sees it")

            // The first's place at x comes free (moved to y): the second, whose first list is [x], registered [z] instead.
            try await transaction(db) { try await $0.adjust(applicationID: ids[0], schoolID: y, reason: "Đổi trường", by: staff) }
            let early = try await refusal(db) { _ = try await $0.allocateSupplementary(campaignID: campaign.id, by: staff) }
            #expect(early == "admissions.registration_open", "the round waits for the end of the day families were told")
            try await transaction(db) { try await $0.closeSupplementaryPreferences(campaignID: campaign.id, by: staff) }
            let round = try await transaction(db) { try await $0.allocateSupplementary(campaignID: campaign.id, by: staff) }
            #expect(round.placedCount == 2)
            let second = try await transaction(db) { try await $0.application(id: ids[1], schools: nil) }
            #expect(second?.summary.placedSchoolID == z && second?.summary.placedRank == 1 && second?.summary.placedFromSupplementaryList == true,
                    "the registered list replaced the first, where x had a place")
            #expect(second?.events.map(\.kind).contains(.supplementaryPreferences) == true)
            let third = try await transaction(db) { try await $0.application(id: ids[2], schools: nil) }
            #expect(third?.summary.placedSchoolID == x && third?.summary.placedFromSupplementaryList == false, "no registration: the first list")
        }
    }

    /// More applications than one statement writes: every placement and explanation lands, in chunks, and agrees
    /// with the engine's result.
    @Test func aLargeCampaignIsWrittenBackWhole() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 2, grade: 10)
            let staff = self.staff
            let count = AdmissionsStore.placementsPerStatement * 2 + 3
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2026-2027", entryGrade: 10, method: .exam), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[0], quota: 400, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[1], quota: 300, by: staff)
                for index in 1...count {
                    let id = try await store.submit(form(index, index.isMultiple(of: 2) ? [schools[0], schools[1]] : [schools[1]]),
                                                    campaignID: campaign.id, by: staff)
                    try await store.recordScore(Points(hundredths: Int64(index % 97) * 25), applicationID: id, by: staff)
                }
                try await store.close(campaignID: campaign.id, by: staff)
                return campaign
            }
            let allocation = try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) }
            struct Row: Decodable { let status: String; let placedSchoolId: Int?; let placedRank: Int?; let explanationVi: String? }
            let rows = try await db.database.sql.raw("""
                SELECT status, placed_school_id, placed_rank, explanation_vi FROM admission_applications WHERE campaign_id = \(bind: campaign.id) ORDER BY id
                """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(rows.count == count && allocation.placedCount == 700)
            #expect(rows.filter { $0.status == "admitted" }.count == 700 && rows.filter { $0.status == "unplaced" }.count == count - 700)
            #expect(rows.filter { $0.placedSchoolId == schools[0] }.count == 400, "the last chunk's placements too")
            #expect(rows.allSatisfy { $0.explanationVi?.isEmpty == false })
            let ordered = schools.sorted()
            #expect(rows.indices.allSatisfy { index in
                rows[index].placedSchoolId == allocation.school(of: index).map { ordered[Int($0)] }
                    && rows[index].placedRank == allocation.placement(of: index).map { Int($0.rank) }
            }, "every row is the engine's placement of its applicant, in every chunk")
        }
    }

    /// Two instances at once: an allocation asked for while another instance's publication is still in its transaction
    /// waits for it (the campaign's row is held), then finds the campaign published and changes nothing. Without the
    /// hold it would read "allocated", rewrite the placements and set the campaign back to allocated.
    @Test func aStepWaitsForAnotherInstancesStepOnTheSameCampaign() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 2, grade: 6)
            let staff = self.staff
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[0], quota: 2, by: staff)
                for index in 0..<4 { _ = try await store.submit(form(index, [schools[0]]), campaignID: campaign.id, by: staff) }
                try await store.close(campaignID: campaign.id, by: staff)
                try await store.allocate(campaignID: campaign.id, by: staff)
                return campaign
            }
            let (published, publishedSignal) = AsyncStream<Void>.makeStream()
            let (release, releaseSignal) = AsyncStream<Void>.makeStream()
            let publication = Task {
                // Finished however the transaction ends, so a failing publication fails the test instead of hanging it.
                defer { publishedSignal.finish() }
                try await transaction(db) { store in
                    try await store.publish(campaignID: campaign.id, by: staff)
                    publishedSignal.yield()
                    for await _ in release { break }
                }
            }
            for await _ in published { break }
            let allocation = Task { try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) } }
            // Let the allocation reach the campaign's row (where it waits) before the publication commits.
            try await Task.sleep(for: .milliseconds(300))
            releaseSignal.yield()
            try await publication.value
            let refused = await #expect(throws: EduError.self) { _ = try await allocation.value }
            #expect(refused?.code == "admissions.status")
            #expect(try await transaction(db) { try await $0.campaign(id: campaign.id) }.status == .published)
        }
    }

    /// Twelve children offered the last three places of a school confirm at once: exactly three are enrolled; the
    /// others are refused and stay admitted, and the school's count never passes its quota.
    @Test func concurrentConfirmationsNeverOverfillASchool() async throws {
        try await TestDatabase.with { db in
            let schools = try await schoolIDs(db, 2, grade: 6)
            let staff = self.staff
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[0], quota: 3, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: schools[1], quota: 20, by: staff)
                return campaign
            }
            var submitted: [Int] = []
            for index in 0..<12 {
                let form = form(index, [schools[1]])
                submitted.append(try await transaction(db) { try await $0.submit(form, campaignID: campaign.id, by: staff) })
            }
            let ids = submitted
            try await transaction(db) { try await $0.close(campaignID: campaign.id, by: staff) }
            try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) }
            try await transaction(db) { try await $0.publish(campaignID: campaign.id, by: staff) }
            // A supplementary offer of the first school's three places to all twelve, first come first served.
            for id in ids {
                try await transaction(db) { try await $0.adjust(applicationID: id, schoolID: schools[0], reason: "Xét tuyển bổ sung", by: staff) }
            }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for id in ids {
                    group.addTask {
                        do {
                            try await transaction(db) { try await $0.confirmEnrolment(applicationID: id, by: staff) }
                            return "enrolled"
                        } catch let error as EduError {
                            return error.code
                        }
                    }
                }
                return try await group.reduce(into: [String: Int]()) { $0[$1, default: 0] += 1 }
            }
            #expect(outcomes == ["enrolled": 3, "admissions.full": 9])
            #expect(try await transaction(db) { try await $0.enrolled(campaignID: campaign.id, schoolID: schools[0]) } == 3)
            var statuses: [ApplicationStatus: Int] = [:]
            for id in ids { statuses[try await transaction(db) { try await $0.status(applicationID: id) }, default: 0] += 1 }
            #expect(statuses == [.enrolled: 3, .admitted: 9])
            let enrolled = try #require(try await transaction(db) { try await $0.applications(campaignID: campaign.id, schools: nil) }
                .first { $0.status == .enrolled }).id
            let stays = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.adjust(applicationID: enrolled, schoolID: schools[0], reason: "Giữ nguyên", by: staff) }
            }
            #expect(stays.code == "admissions.enrolled_there")
            // Moved (an appeal upheld after the family confirmed): the seat goes back, the child confirms at the new school.
            try await transaction(db) { try await $0.adjust(applicationID: enrolled, schoolID: schools[1], reason: "Phúc khảo", by: staff) }
            let left = try await transaction(db) { try await $0.enrolled(campaignID: campaign.id, schoolID: schools[0]) }
            let movedStatus = try await transaction(db) { try await $0.status(applicationID: enrolled) }
            #expect(left == 2 && movedStatus == .admitted)
            try await transaction(db) { try await $0.confirmEnrolment(applicationID: enrolled, by: staff) }
            let arrived = try await transaction(db) { try await $0.enrolled(campaignID: campaign.id, schoolID: schools[1]) }
            #expect(arrived == 1)
            let twice = try await #require(throws: EduError.self) {
                try await transaction(db) { try await $0.confirmEnrolment(applicationID: enrolled, by: staff) }
            }
            #expect(twice.code == "admissions.not_admitted", "a place is confirmed once")
        }
    }
}

private struct CodeRow: Decodable { let code: String }
