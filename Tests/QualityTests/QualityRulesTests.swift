import EduCore
import Quality
import Foundation
import Testing

@Suite struct QualityRulesTests {
    private let today = CalendarDate(year: 2026, month: 11, day: 23)!

    private func record(_ id: Int, name: String = "Nguyễn Văn An", nationalID: String? = "031210123456", birth: String = "2010-05-01",
                        gender: Gender = .male, phone: String = "0912345678", ethnicity: String = "Kinh", updated: String = "2026-09-01") -> QualityRecord {
        QualityRecord(id: id, schoolID: 1,
                      fields: ["full_name": name, "name_key": PersonName.foldedKey(name), "date_of_birth": birth, "national_id": nationalID ?? "",
                               "guardian_phone": phone, "ethnicity": ethnicity, "birthplace": "Hải Phòng"],
                      nationalID: nationalID.flatMap(NationalID.init), dateOfBirth: CalendarDate(iso: birth), gender: gender,
                      updatedOn: CalendarDate(iso: updated))
    }

    @Test func eachRuleFiresOnlyOnItsProblem() throws {
        let rules = try QualityRule.standard()
        #expect(Set(rules.map(\.family)) == Set(QualityRule.Family.allCases), "the shipped rules cover all five families")
        let records = [
            record(1),
            record(2, name: "Trần Thị 8ình", nationalID: nil, birth: "2011-02-03", gender: .female),
            record(3, name: "Lê Văn Cường", nationalID: "031309123456", birth: "2010-06-07"),  // ID says a girl born 2009
            record(4, name: "Phạm Văn Dũng", birth: "2030-01-01", phone: "12345", ethnicity: " "),
            record(5, name: "Hoàng Văn Em", birth: "2012-01-01", updated: "2025-01-01"),
            record(6, name: "Nguyễn Văn An", nationalID: "031210654321"),  // same name and birth date as 1
        ]
        let findings = QualityCheck.findings(records, of: .student, rules: rules, today: today)
        let byRecord = Dictionary(grouping: findings, by: \.recordID).mapValues { Set($0.map(\.ruleID)) }
        #expect(byRecord[1] == ["student.name_birth.unique"])
        #expect(byRecord[6] == ["student.name_birth.unique"])
        #expect(byRecord[2] == ["student.national_id.present", "student.name.valid"])
        #expect(byRecord[3] == ["student.national_id.consistent"])
        #expect(byRecord[4] == ["student.birth.age", "student.guardian_phone.valid", "student.ethnicity.present", "student.national_id.consistent"])
        #expect(byRecord[5] == ["student.updated.recent", "student.national_id.consistent"])
    }

    @Test func rulesAreDataThatRoundTrip() throws {
        let rules = try QualityRule.standard()
        let decoded = try JSONDecoder().decode([QualityRule].self, from: JSONEncoder().encode(rules))
        #expect(decoded == rules)
        #expect(Set(rules.map(\.entity)) == [.student, .staff], "the shipped rules cover students and staff")
        let older = try JSONDecoder().decode([QualityRule].self, from: Data(
            #"[{"id":"x","family":"validity","severity":"error","check":{"kind":"person_name"},"message":{"vi":"a","en":"b"}}]"#.utf8))
        #expect(older.first?.entity == .student, "a rule written before staff had rules is about students")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([QualityRule].self, from: Data(#"[{"id":"x","family":"validity","severity":"error","check":{"kind":"magic"},"message":{"vi":"a","en":"b"}}]"#.utf8))
        }
    }
}
