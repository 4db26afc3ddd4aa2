import Access
import Foundation
import Admissions
import EduCore
import Quality
import SQLKit
import Storage
import Testing
import TestSupport

/// Grade 1 and 6 by catchment (tuyến): versioned catchments, residences stated and verified, the allocation that takes
/// a school's own children first, the days a campaign takes applications, and schools that teach the entry grade.
@Suite struct CatchmentTests {
    private let staff = Actor(name: "so-gddt", origin: "test")
    private let family = Actor(name: "family-1", origin: "test")

    private func transaction<T: Sendable>(_ db: TestDatabase, _ body: @escaping @Sendable (AdmissionsStore) async throws -> T) async throws -> T {
        let cipher = db.cipher
        return try await db.database.transaction { try await body(AdmissionsStore($0, cipher: cipher)) }
    }

    private func form(_ index: Int, _ preferences: [Int], residence: Residence? = nil) -> ApplicationForm {
        ApplicationForm(nationalID: NationalID(String(format: "0312%08d", index))!, fullName: "Lê Thị Hoa",
                        dateOfBirth: CalendarDate(year: 2020, month: 3, day: index)!, preferences: preferences, residence: residence)
    }

    private func commune(of school: Int, _ db: TestDatabase) async throws -> String {
        struct Row: Decodable { let code: String }
        return try await db.database.sql.raw("SELECT u.code FROM schools s JOIN units u ON u.id = s.unit_id WHERE s.id = \(bind: school)")
            .first(decoding: Row.self)!.code
    }

    private func refusal(_ db: TestDatabase, _ body: @escaping @Sendable (AdmissionsStore) async throws -> Void) async throws -> String {
        try await #require(throws: EduError.self) { try await transaction(db, body) }.code
    }

    @Test func aSchoolTakesTheChildrenOfItsCatchmentFirst() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let schools = try await db.schools(admitting: 1, count: 2)
            let (a, b) = (schools[0], schools[1])
            let (communeA, communeB) = (try await commune(of: a, db), try await commune(of: b, db))
            let staff = self.staff, family = self.family
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: a, quota: 1, by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: b, quota: 1, by: staff)
                try await store.setCatchment(campaignID: campaign.id, schoolID: a, areas: [Residence(communeCode: communeA)], by: staff)
                try await store.setCatchment(campaignID: campaign.id, schoolID: b, areas: [Residence(communeCode: communeB, locality: "Thôn 5")], by: staff)
                // The second version replaces the first; both stay on record.
                try await store.setCatchment(campaignID: campaign.id, schoolID: b, areas: [
                    Residence(communeCode: communeB, locality: "Thôn 3"), Residence(communeCode: communeB, locality: "  thôn   3 "),
                    Residence(communeCode: communeB, locality: "Thôn Đông"),
                ], by: staff)
                return campaign
            }
            let versions = try await transaction(db) { try await $0.catchments(campaignID: campaign.id, schoolID: b) }
            #expect(versions.map(\.version) == [1, 2])
            #expect(versions.map { $0.areas.map(\.locality) } == [["Thôn 5"], ["Thôn 3", "Thôn Đông"]])
            #expect(versions.last?.contains(Residence(communeCode: communeB, locality: "THÔN 3")) == true)
            // Diacritics tell places apart: Thôn Đồng is not Thôn Đông, "thon 3" is not Thôn 3.
            #expect(versions.last?.contains(Residence(communeCode: communeB, locality: "Thôn Đồng")) == false)
            #expect(versions.last?.contains(Residence(communeCode: communeB, locality: "thon 3")) == false)
            #expect(versions.last?.contains(Residence(communeCode: communeB, locality: "Thôn 5")) == false)
            #expect(versions.last?.contains(Residence(communeCode: communeA, locality: "Thôn 3")) == false)

            // Refused: an unknown commune, a school outside the campaign, nothing written.
            #expect(try await refusal(db) { try await $0.setCatchment(campaignID: campaign.id, schoolID: a, areas: [Residence(communeCode: "X999")], by: staff) }
                == "admissions.commune")
            let upper = try await db.schools(admitting: 10, count: 1)[0]
            #expect(try await refusal(db) { try await $0.setCatchment(campaignID: campaign.id, schoolID: upper, areas: [], by: staff) } == "admissions.school")
            #expect(try await refusal(db) { try await $0.setSchool(campaignID: campaign.id, schoolID: upper, quota: 3, by: staff) } == "admissions.school_level")
            #expect(try await transaction(db) { try await $0.catchments(campaignID: campaign.id, schoolID: a) }.count == 1)

            // A family states a residence in A's catchment: it waits; staff who saw the papers enter one in B's, verified.
            let typed = try await transaction(db) {
                try await $0.submit(form(1, [a, b], residence: Residence(communeCode: communeA, locality: "Tổ 2")), campaignID: campaign.id,
                                    familyAccountID: nil, identity: .typed, by: family)
            }
            let home = try await transaction(db) {
                try await $0.submit(form(2, [a, b], residence: Residence(communeCode: communeB, locality: "thôn 3")), campaignID: campaign.id, by: staff)
            }
            let outsider = try await transaction(db) { try await $0.submit(form(3, [a, b]), campaignID: campaign.id, by: staff) }
            #expect(try await refusal(db) {
                _ = try await $0.submit(form(4, [a], residence: Residence(communeCode: "X999")), campaignID: campaign.id, by: staff)
            } == "admissions.commune")
            #expect(try await transaction(db) { try await $0.pendingResidences(campaignID: campaign.id) } == 1)
            #expect(try await refusal(db) { try await $0.decideResidence(applicationID: typed, verified: false, note: " ", by: staff) }
                == "admissions.residence_reason")
            #expect(try await refusal(db) { try await $0.decideResidence(applicationID: outsider, verified: true, note: "", by: staff) }
                == "admissions.no_residence")
            try await transaction(db) { try await $0.close(campaignID: campaign.id, by: staff) }
            #expect(try await refusal(db) { try await $0.allocate(campaignID: campaign.id, by: staff) } == "admissions.residences_pending")
            try await transaction(db) { try await $0.decideResidence(applicationID: typed, verified: false, note: "Chưa có giấy tờ", by: staff) }
            #expect(try await transaction(db) { try await $0.pendingResidences(campaignID: campaign.id) } == 0)
            // A stale page (it still showed the residence waiting) cannot override the decision made meanwhile.
            #expect(try await refusal(db) { try await $0.decideResidence(applicationID: typed, verified: true, note: "", by: staff) }
                == "admissions.residence_changed")
            try await transaction(db) { try await $0.allocate(campaignID: campaign.id, by: staff) }
            // The papers came after all: reversing the decision sends the allocation back, to be run again before publication.
            try await transaction(db) {
                try await $0.decideResidence(applicationID: typed, verified: true, note: "Giấy xác nhận cư trú", from: .refused, by: staff)
            }
            #expect(try await transaction(db) { try await $0.campaign(id: campaign.id) }.status == .closed)
            #expect(try await refusal(db) { try await $0.publish(campaignID: campaign.id, by: staff) } == "admissions.status")
            try await transaction(db) { store in
                try await store.allocate(campaignID: campaign.id, by: staff)
                try await store.publish(campaignID: campaign.id, by: staff)
            }
            // Each school took its own child, whatever the lottery; the outsider is told why.
            struct Placed: Decodable { let id: Int; let placedSchoolId: Int?; let explanationEn: String? }
            let placed = Dictionary(uniqueKeysWithValues: try await db.database.sql.raw("""
                SELECT id, placed_school_id, explanation_en FROM admission_applications WHERE campaign_id = \(bind: campaign.id)
                """).all(decoding: Placed.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.id, $0) })
            #expect(placed[typed]?.placedSchoolId == a)
            #expect(placed[outsider]?.placedSchoolId == nil)
            #expect(placed[outsider]?.explanationEn?.contains("places all went to children living in its catchment") == true)
            #expect(placed[home]?.placedSchoolId == b)
            let cutoffs = try await transaction(db) { try await $0.publishedCutoffs(campaignID: campaign.id) }
            #expect(cutoffs.allSatisfy { $0.catchmentOnly && $0.cutoff == nil }, "each school's one place went to its own child")

            // The family saw the decision on their residence before the results.
            let events = try await transaction(db) { try await $0.application(id: typed, familyAccountID: 0, childIDHashes: [db.cipher.lookupHash("031200000001")]) }
            #expect(events?.events.map(\.detail.en).contains { $0.hasPrefix("Residence not accepted: Chưa có giấy tờ") } == true)
            #expect(events?.events.map(\.detail.en).contains("Residence verified. Giấy xác nhận cư trú") == true)
            // After publication the catchments and residences are settled.
            #expect(try await refusal(db) { try await $0.setCatchment(campaignID: campaign.id, schoolID: a, areas: [], by: staff) } == "admissions.status")
            #expect(try await refusal(db) { try await $0.decideResidence(applicationID: typed, verified: false, note: "x", by: staff) } == "admissions.status")
        }
    }

    @Test func aCampaignTakesApplicationsOnItsDaysOnly() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let school = try await db.schools(admitting: 6, count: 1)[0]
            let staff = self.staff
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 5, by: staff)
                return campaign
            }
            let opens = CalendarDate(year: 2027, month: 6, day: 1)!
            let closes = CalendarDate(year: 2027, month: 6, day: 10)!
            let backwards = CampaignSchedule(opensOn: closes, closesOn: opens), schedule = CampaignSchedule(opensOn: opens, closesOn: closes)
            #expect(try await refusal(db) { try await $0.setSchedule(backwards, campaignID: campaign.id, by: staff) } == "admissions.schedule_order")
            #expect(try await transaction(db) { try await $0.setSchedule(schedule, campaignID: campaign.id, by: staff) }.schedule == schedule)
            for day in [CalendarDate(year: 2027, month: 5, day: 31)!, CalendarDate(year: 2027, month: 6, day: 11)!] {
                #expect(try await refusal(db) { _ = try await $0.submit(form(1, [school]), campaignID: campaign.id, on: day, by: staff) } == "admissions.schedule")
            }
            for (index, day) in [opens, closes].enumerated() {
                _ = try await transaction(db) { try await $0.submit(form(index + 1, [school]), campaignID: campaign.id, on: day, by: staff) }
            }
            let count = try await db.database.sql.raw("SELECT COUNT(*) AS n FROM admission_applications").first(decoding: CountRow.self)?.n
            #expect(count == 2)
        }
    }

    /// The register confirms what it can; the rest waits for an officer with the register's answer beside it, and the
    /// family hears once. A second run changes nothing it need not.
    @Test func thePopulationRegisterConfirmsResidencesAndQueuesTheRest() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let school = try await db.schools(admitting: 6, count: 1)[0]
            let home = try await commune(of: school, db)
            let staff = self.staff, family = self.family
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 6, method: .review), by: staff)
                try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 5, by: staff)
                return campaign
            }
            let person = { (index: Int, residence: RegisteredResidence?) in
                let id = String(format: "0312%08d", index)
                return RegisterDataset.Person(nationalID: id, fullName: "Lê Thị Hoa", dateOfBirth: CalendarDate(year: 2020, month: 3, day: index)!.iso,
                                              gender: NationalID(id)!.encodedGender.rawValue, residence: residence)
            }
            let register = DatasetRegister(dataset: RegisterDataset(persons: [
                person(1, RegisteredResidence(communeCode: home, locality: "Tổ 7")), person(2, RegisteredResidence(communeCode: "X999")),
                person(4, RegisteredResidence(communeCode: home)).with(fullName: "Lê Thị Hồng"), person(5, RegisteredResidence(communeCode: home)),
            ]))
            var ids: [Int] = []
            for index in 1...5 {
                let id = try await transaction(db) {
                    try await $0.submit(form(index, [school], residence: Residence(communeCode: home, locality: index == 1 ? "tổ  7" : "")),
                                        campaignID: campaign.id, identity: .typed, by: family)
                }
                ids.append(id)
            }
            // An officer decided the fifth before the register was asked: the register does not overwrite it.
            let moved = ids[4]
            try await transaction(db) { try await $0.decideResidence(applicationID: moved, verified: false, note: "Đã chuyển đi", by: staff) }

            let check = ResidenceCheck(database: db.database, cipher: db.cipher, register: register)
            #expect(try await check.run(campaignID: campaign.id, by: staff) == ResidenceCheck.Tally(verified: 1, queued: 3))
            #expect(try await check.run(campaignID: campaign.id, by: staff) == ResidenceCheck.Tally(verified: 0, queued: 3))

            struct Row: Decodable { let id: Int; let residenceStatus: String; let residenceNote: String? }
            let rows = Dictionary(uniqueKeysWithValues: try await db.database.sql.raw("""
                SELECT id, residence_status, residence_note FROM admission_applications ORDER BY id
                """).all(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase).map { ($0.id, $0) })
            #expect(ids.map { rows[$0]?.residenceStatus } == ["verified", "pending", "pending", "pending", "refused"])
            #expect(rows[ids[1]]?.residenceNote?.contains("X999") == true)
            #expect(rows[ids[2]]?.residenceNote?.contains("not in the population register") == true)
            #expect(rows[ids[3]]?.residenceNote?.contains("họ tên") == true)
            #expect(rows[ids[4]]?.residenceNote == "Đã chuyển đi")
            let events = try await db.database.sql.raw("""
                SELECT COUNT(*) AS n FROM admission_events WHERE application_id = \(bind: ids[1]) AND kind = 'residence'
                """).first(decoding: CountRow.self)?.n
            #expect(events == 1)
            #expect(try await transaction(db) { try await $0.pendingResidences(campaignID: campaign.id) } == 3)
        }
    }

    /// The department's file: every school named gets a new version, all or nothing; each problem by row and column.
    @Test func catchmentsFromTheDepartmentsFile() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let schools = try await db.schools(admitting: 1, count: 3)
            let staff = self.staff
            struct Code: Decodable { let code: String; let commune: String }
            var codes: [Code] = []
            for school in schools {
                codes.append(try await db.database.sql.raw("""
                    SELECT s.code, u.code AS commune FROM schools s JOIN units u ON u.id = s.unit_id WHERE s.id = \(bind: school)
                    """).first(decoding: Code.self)!)
            }
            let campaign = try await transaction(db) { store in
                let campaign = try await store.createCampaign(CampaignDraft(schoolYear: "2027-2028", entryGrade: 1, method: .review), by: staff)
                for school in schools.prefix(2) { try await store.setSchool(campaignID: campaign.id, schoolID: school, quota: 5, by: staff) }
                return campaign
            }
            let header = ["ma_truong", "ma_xa", "thon_to"]
            let bad = try CatchmentFile.read(try TestDatabase.csv(header, [
                [codes[0].code, codes[0].commune, "Tổ 1"], [codes[2].code, codes[2].commune, ""], [codes[1].code, "X999", ""],
                [codes[1].code, codes[1].commune, String(repeating: "Thôn ", count: 30)],
            ]))
            let rejected = try await #require(throws: InputRejected.self) {
                try await transaction(db) { try await $0.importCatchments(bad, campaignID: campaign.id, dryRun: false, by: staff) }
            }
            #expect(rejected.problems.map { "\($0.row):\($0.column)" } == ["3:ma_truong", "4:ma_xa", "5:thon_to"])
            #expect(try await transaction(db) { try await $0.currentCatchments(campaignID: campaign.id) }.isEmpty, "nothing written")

            let good = try CatchmentFile.read(try TestDatabase.csv(header, [
                [codes[0].code, codes[0].commune, "Tổ 1"], [codes[0].code, codes[0].commune, "Tổ 2"], [codes[1].code, codes[1].commune, ""],
            ]))
            let dry = try await transaction(db) { try await $0.importCatchments(good, campaignID: campaign.id, dryRun: true, by: staff) }
            #expect(dry == (2, 3))
            #expect(try await transaction(db) { try await $0.currentCatchments(campaignID: campaign.id) }.isEmpty, "a dry run writes nothing")
            _ = try await transaction(db) { try await $0.importCatchments(good, campaignID: campaign.id, dryRun: false, by: staff) }
            let current = try await transaction(db) { try await $0.currentCatchments(campaignID: campaign.id) }
            #expect(current[schools[0]]?.areas.map(\.locality) == ["Tổ 1", "Tổ 2"])
            #expect(current[schools[1]]?.areas == [Residence(communeCode: codes[1].commune)])
            #expect(throws: InputRejected.self, "a row without its commune") {
                try CatchmentFile.read(try TestDatabase.csv(header, [[codes[0].code, "", "Tổ 1"]]))
            }
        }
    }

    /// A register that knows only the commune leaves the locality out; the answer still reads.
    @Test func aRegisterAnswerWithoutALocalityReads() throws {
        let verdict = try JSONDecoder().decode(RegisterVerdict.self, from: Data("""
            {"status": "verified", "register": {}, "residence": {"commune_code": "X031001"}}
            """.utf8))
        #expect(verdict.residence == RegisteredResidence(communeCode: "X031001", locality: ""))
    }
}

/// A population register that answers from a dataset, a few people at a time.
private struct DatasetRegister: PopulationRegister {
    let dataset: RegisterDataset
    var batchLimit: Int { 2 }

    func verify(_ batch: [RegisterQuery]) async throws -> [RegisterVerdict] {
        dataset.verdicts(batch)
    }
}
