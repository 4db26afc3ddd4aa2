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
        #expect(Set(rules.map(\.entity)) == Set(QualityRule.Entity.allCases), "the shipped rules cover students, staff, classes and schools")
        #expect(rules.contains { $0.when != nil }, "a condition round-trips too")
        let older = try JSONDecoder().decode([QualityRule].self, from: Data(
            #"[{"id":"x","family":"validity","severity":"error","check":{"kind":"person_name"},"message":{"vi":"a","en":"b"}}]"#.utf8))
        #expect(older.first?.entity == .student, "a rule written before staff had rules is about students")
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([QualityRule].self, from: Data(#"[{"id":"x","family":"validity","severity":"error","check":{"kind":"magic"},"message":{"vi":"a","en":"b"}}]"#.utf8))
        }
    }

    private func unitRecord(_ id: Int, school: Int = 1, updated: String = "2026-09-01", _ fields: [String: String]) -> QualityRecord {
        QualityRecord(id: id, schoolID: school, fields: fields, nationalID: nil, dateOfBirth: nil, gender: nil, updatedOn: CalendarDate(iso: updated))
    }

    private func schoolClass(_ id: Int, grade: Int, levels: String = "primary;lower_secondary", students: Int = 30, homeroom: Int? = 5,
                             homeroomSchool: Int? = 1, homeroomStatus: String = "active") -> QualityRecord {
        unitRecord(id, ["school_id": "1", "grade": String(grade), "levels": levels, "students": String(students),
                        "homeroom_staff_id": homeroom.map(String.init) ?? "", "homeroom_school_id": homeroomSchool.map(String.init) ?? "",
                        "homeroom_status": homeroom == nil ? "" : homeroomStatus])
    }

    @Test func classRulesCheckSizeByLevelHomeroomAndGrade() throws {
        let classes = [
            schoolClass(1, grade: 3),
            schoolClass(2, grade: 3, students: 36),
            schoolClass(3, grade: 7, students: 45),
            schoolClass(4, grade: 10, levels: "upper_secondary", students: 46),
            schoolClass(5, grade: 4, students: 0, homeroom: nil),
            schoolClass(6, grade: 5, homeroomSchool: 2, homeroomStatus: "left"),
            schoolClass(7, grade: 6, levels: "primary"),
            schoolClass(8, grade: 0, levels: "preschool", students: 60),
        ]
        let findings = QualityCheck.findings(classes, of: .schoolClass, rules: try QualityRule.standard(), today: today)
        let byClass = Dictionary(grouping: findings, by: \.recordID).mapValues { Set($0.map(\.ruleID)) }
        #expect(byClass[1] == nil && byClass[3] == nil, "35 and 45 are allowed at their levels")
        #expect(byClass[2] == ["class.size.primary"])
        #expect(byClass[4] == ["class.size.secondary"])
        #expect(byClass[5] == ["class.homeroom.present", "class.students.present"])
        #expect(byClass[6] == ["class.homeroom.same_school", "class.homeroom.active"])
        #expect(byClass[7] == ["class.grade.fits_school"])
        #expect(byClass[8] == nil, "no shipped size limit for preschool groups")
    }

    @Test func schoolRulesCheckTheSchoolItself() throws {
        func school(_ id: Int, unit: Int = 10, name: String = "Trường Tiểu học Kim Đồng", address: String = "Số 1 Lạch Tray", staff: Int = 20,
                    students: Int = 400, unitStatus: String = "current", updated: String = "2026-09-01") -> QualityRecord {
            unitRecord(id, school: id, updated: updated, ["name_key": PersonName.foldedKey(name), "address": address, "unit_id": String(unit),
                                                          "active_staff": String(staff), "students": String(students), "unit_status": unitStatus])
        }
        let schools = [
            school(1),
            school(2, unit: 13, address: " ", staff: 0, students: 0, unitStatus: "ended", updated: "2025-01-01"),
            school(3, unit: 11, name: "Trường THCS Lê Lợi"),
            school(4, unit: 11, name: "TRƯỜNG THCS LÊ LỢI"),
            school(5, unit: 12, name: "Trường THCS Lê Lợi"),
        ]
        let findings = QualityCheck.findings(schools, of: .school, rules: try QualityRule.standard(), today: today)
        let bySchool = Dictionary(grouping: findings, by: \.recordID).mapValues { Set($0.map(\.ruleID)) }
        #expect(bySchool[1] == nil)
        #expect(bySchool[2] == ["school.address.present", "school.staff.present", "school.students.present", "school.unit.current",
                                "school.updated.recent"])
        #expect(bySchool[3] == ["school.name.unique"] && bySchool[4] == ["school.name.unique"], "one name twice in one commune")
        #expect(bySchool[5] == nil, "the same name in another commune is another school")
        #expect(findings.allSatisfy { $0.schoolID == $0.recordID }, "a school's findings count for the school")
    }

    @Test func aConditionLimitsWhichRecordsARuleIsAbout() throws {
        let rule = try JSONDecoder().decode(QualityRule.self, from: Data(#"""
            {"id": "x", "entity": "class", "family": "validity", "severity": "error", "when": {"field": "grade", "in": ["9"]},
             "check": {"kind": "number_between", "field": "students", "minimum": 10, "maximum": 20}, "message": {"vi": "a", "en": "b"}}
            """#.utf8))
        let classes = [schoolClass(1, grade: 9, students: 9), schoolClass(2, grade: 9, students: 21), schoolClass(3, grade: 9, students: 15),
                       schoolClass(4, grade: 8, students: 9)]
        #expect(Set(QualityCheck.findings(classes, of: .schoolClass, rules: [rule], today: today).map(\.recordID)) == [1, 2])
        #expect(classes.filter(rule.applies).map(\.id) == [1, 2, 3])
    }
}
