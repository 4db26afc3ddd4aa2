import EduCore
import Foundation
import Registry

/// Runs rules over records: which records break which rule. Uniqueness looks across all the records given (so give
/// it the whole set the rule is about, such as every student of the province).
public enum QualityCheck {
    /// The records are all of `entity`; only the rules about it run.
    public static func findings(_ records: [QualityRecord], of entity: QualityRule.Entity, rules: [QualityRule], today: CalendarDate) -> [QualityFinding] {
        var findings: [QualityFinding] = []
        for rule in rules where rule.entity == entity {
            let records = rule.when == nil ? records : records.filter(rule.applies)
            if case .unique(let fields) = rule.check {
                var groups: [[String]: [QualityRecord]] = [:]
                for record in records {
                    let key = fields.map { record.fields[$0] ?? "" }
                    guard !key.contains("") else { continue }
                    groups[key, default: []].append(record)
                }
                for group in groups.values where group.count > 1 {
                    findings += group.map { QualityFinding(recordID: $0.id, schoolID: $0.schoolID, ruleID: rule.id) }
                }
                continue
            }
            for record in records where breaks(rule.check, record, today: today) {
                findings.append(QualityFinding(recordID: record.id, schoolID: record.schoolID, ruleID: rule.id))
            }
        }
        return findings
    }

    static func breaks(_ check: QualityRule.Check, _ record: QualityRecord, today: CalendarDate) -> Bool {
        switch check {
        case .required(let field):
            return (record.fields[field] ?? "").trimmingCharacters(in: .whitespaces).isEmpty && !(field == "national_id" && record.nationalID != nil)
        case .personName:
            return PersonName.problem(record.fields["full_name"] ?? "") != nil
        case .ageBetween(let minimum, let maximum):
            guard let birth = record.dateOfBirth else { return true }
            let age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day) ? 1 : 0)
            return !(minimum...maximum).contains(age)
        case .phone(let field):
            let phone = (record.fields[field] ?? "").filter { !$0.isWhitespace && $0 != "." && $0 != "-" }
            return !phone.isEmpty && !(phone.count == 10 && phone.hasPrefix("0") && phone.allSatisfy(\.isASCII) && phone.allSatisfy(\.isNumber))
        case .nationalIDMatches:
            guard let id = record.nationalID else { return false }
            return record.dateOfBirth.map { id.encodedBirthYear != $0.year } == true || record.gender.map { id.encodedGender != $0 } == true
        case .unique:
            return false
        case .updatedWithinDays(let days):
            guard let updated = record.updatedOn else { return true }
            return today.daysSince(updated) > days
        case .numberBetween(let field, let minimum, let maximum):
            guard let number = record.fields[field].flatMap({ Int($0) }) else { return true }
            return minimum.map { number < $0 } == true || maximum.map { number > $0 } == true
        case .sameAs(let field, let other):
            let (value, otherValue) = (record.fields[field] ?? "", record.fields[other] ?? "")
            return !value.isEmpty && !otherValue.isEmpty && value != otherValue
        case .oneOf(let field, let values):
            let value = record.fields[field] ?? ""
            return !value.isEmpty && !values.contains(value)
        case .gradeFitsLevels:
            guard let grade = record.fields["grade"].flatMap({ Int($0) }), let levels = SchoolLevel.parseList(record.fields["levels"] ?? "") else { return true }
            return !levels.contains { $0.grades.contains(grade) }
        }
    }
}
