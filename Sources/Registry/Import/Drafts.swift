import EduCore

/// A validated row, ready to be matched against what is stored. Reading one never touches
/// the database; references (school codes, classes) are checked against `References`.
protocol Draft: Sendable, Equatable {
    static var sheet: RegistrySheet { get }
    static func read(_ fields: inout RowFields) -> Self?
    /// Keys that must be unique within one file, with the column to blame.
    var fileKeys: [(column: String, key: String)] { get }
    /// The school whose records the row changes (nil for the schools sheet itself).
    var owningSchoolCode: String? { get }
    /// The record as a reader of the file would name it: codes and name, never a personal ID.
    var label: String { get }
}

extension Draft {
    var owningSchoolCode: String? { nil }
}

extension ClassDraft { var owningSchoolCode: String? { schoolCode } }
extension StudentDraft { var owningSchoolCode: String? { schoolCode } }
extension StaffDraft { var owningSchoolCode: String? { schoolCode } }

struct SchoolDraft: Draft {
    static let sheet = RegistrySheet.schools
    let code: String, name: String, levels: [SchoolLevel], ownership: Ownership
    let unitCode: String, address: String
    /// nil: the cell was empty (`RowFields.status`).
    let status: SchoolStatus?

    static func read(_ f: inout RowFields) -> SchoolDraft? {
        let code = f.code("school_code"), name = f.required("name")
        let levels = f.required("levels").flatMap { text -> [SchoolLevel]? in
            let parsed = SchoolLevel.parseList(text)
            if parsed == nil { f.fail("levels", "Cấp học không hợp lệ (Mầm non, Tiểu học, THCS, THPT, GDTX)",
                                      "Unknown level (preschool, primary, lower_secondary, upper_secondary, continuing)") }
            return parsed
        }
        let ownership = f.required("ownership").flatMap { text -> Ownership? in
            let parsed = Ownership(parsing: text)
            if parsed == nil { f.fail("ownership", "Loại hình là Công lập hoặc Tư thục", "Ownership is public or private") }
            return parsed
        }
        let unitCode = f.code("unit_code"), address = f.freeText("address")
        let status = f.status("status", as: SchoolStatus.self)
        guard let code, let name, let levels, let ownership, let unitCode, f.problems.isEmpty else { return nil }
        return SchoolDraft(code: code, name: PersonName.normalized(name), levels: levels, ownership: ownership,
                           unitCode: unitCode, address: address, status: status)
    }

    var fileKeys: [(column: String, key: String)] { [("school_code", code)] }
    var label: String { "\(code) \(name)" }
}

struct ClassDraft: Draft {
    static let sheet = RegistrySheet.classes
    let schoolCode: String, schoolYear: String, grade: Int, name: String, homeroomCode: String?

    static func read(_ f: inout RowFields) -> ClassDraft? {
        let schoolCode = f.code("school_code"), year = f.schoolYear("school_year", required: true)
        let grade = f.integer("grade", in: 0...12, required: true), name = f.required("class_name")
        let homeroom = f.code("homeroom_teacher_code", required: false)
        guard let schoolCode, let year, let grade, let name, f.problems.isEmpty else { return nil }
        return ClassDraft(schoolCode: schoolCode, schoolYear: year, grade: grade, name: PersonName.normalized(name),
                          homeroomCode: homeroom)
    }

    /// Class names match without regard to case or accents ("10a1" is "10A1"), as in `References`.
    var fileKeys: [(column: String, key: String)] { [("class_name", "\(schoolCode)|\(schoolYear)|\(PersonName.foldedKey(name))")] }
    var label: String { "\(schoolCode) \(schoolYear) \(name)" }
}

/// Fields shared by students and staff: a person with a name, birth date, gender and maybe a personal ID.
struct PersonFields: Sendable, Equatable {
    let fullName: String, dateOfBirth: CalendarDate, gender: Gender, nationalID: NationalID?

    static func read(_ f: inout RowFields) -> PersonFields? {
        let name = f.name("full_name"), dob = f.date("date_of_birth"), gender = f.gender("gender")
        if let dob, dob > f.today {
            f.fail("date_of_birth", "Ngày sinh ở tương lai", "The date of birth is in the future")
        } else if let dob, dob.year < 1930 {
            f.fail("date_of_birth", "Năm sinh không hợp lý", "Implausible year of birth")
        }
        let id = f.nationalID("national_id", birthYear: dob?.year, gender: gender)
        guard let name, let dob, let gender else { return nil }
        return PersonFields(fullName: name, dateOfBirth: dob, gender: gender, nationalID: id)
    }
}

struct StudentDraft: Draft {
    static let sheet = RegistrySheet.students
    let schoolCode: String, studentCode: String?, person: PersonFields
    let className: String?, grade: Int?, schoolYear: String?
    let ethnicity: String, birthplace: String, address: String, guardianName: String, guardianPhone: String
    let status: StudentStatus?

    static func read(_ f: inout RowFields) -> StudentDraft? {
        let schoolCode = f.code("school_code"), studentCode = f.code("student_code", required: false)
        let person = PersonFields.read(&f)
        let className = f.optional("class_name").map(PersonName.normalized)
        let grade = f.integer("grade", in: 0...12, required: false)
        let year = f.schoolYear("school_year", required: className != nil)
        if person?.nationalID == nil && studentCode == nil && f.optional("national_id") == nil {
            f.fail("student_code", "Cần số định danh hoặc mã học sinh để nhận ra học sinh khi nhập lại",
                   "A personal ID or a student code is needed to recognise the student on re-import")
        }
        let draft = StudentDraft(
            schoolCode: schoolCode ?? "", studentCode: studentCode, person: person ?? .placeholder,
            className: className, grade: grade, schoolYear: year,
            ethnicity: f.freeText("ethnicity", limit: 50), birthplace: f.freeText("birthplace"),
            address: f.freeText("address", limit: 300), guardianName: f.freeText("guardian_name", limit: 100),
            guardianPhone: f.phone("guardian_phone"), status: f.status("status", as: StudentStatus.self))
        return schoolCode != nil && person != nil && f.problems.isEmpty ? draft : nil
    }

    var fileKeys: [(column: String, key: String)] {
        var keys: [(String, String)] = []
        if let id = person.nationalID { keys.append(("national_id", "id|\(id.digits)")) }
        if let code = studentCode { keys.append(("student_code", "code|\(schoolCode)|\(code)")) }
        return keys
    }

    var label: String { [schoolCode, studentCode, person.fullName].compactMap { $0 }.joined(separator: " ") }
}

struct StaffDraft: Draft {
    static let sheet = RegistrySheet.staff
    let schoolCode: String, staffCode: String?, person: PersonFields
    let position: String, subjects: String, qualification: String, status: StaffStatus?

    static func read(_ f: inout RowFields) -> StaffDraft? {
        let schoolCode = f.code("school_code"), staffCode = f.code("staff_code", required: false)
        let person = PersonFields.read(&f)
        if person?.nationalID == nil && staffCode == nil && f.optional("national_id") == nil {
            f.fail("staff_code", "Cần số định danh hoặc mã cán bộ", "A personal ID or a staff code is needed")
        }
        let draft = StaffDraft(schoolCode: schoolCode ?? "", staffCode: staffCode, person: person ?? .placeholder,
                               position: f.freeText("position", limit: 100), subjects: f.list("subjects", limit: 200),
                               qualification: f.list("qualification", limit: 300), status: f.status("status", as: StaffStatus.self))
        return schoolCode != nil && person != nil && f.problems.isEmpty ? draft : nil
    }

    var fileKeys: [(column: String, key: String)] {
        var keys: [(String, String)] = []
        if let id = person.nationalID { keys.append(("national_id", "id|\(id.digits)")) }
        if let code = staffCode { keys.append(("staff_code", "code|\(schoolCode)|\(code)")) }
        return keys
    }

    var label: String { [schoolCode, staffCode, person.fullName].compactMap { $0 }.joined(separator: " ") }
}

extension PersonFields {
    /// Stands in while a row with problems is still read to the end for more problems; never stored.
    static let placeholder = PersonFields(fullName: "", dateOfBirth: CalendarDate(year: 2000, month: 1, day: 1)!,
                                          gender: .male, nationalID: nil)
}

extension Draft {
    /// The columns whose stored values this row keeps: those its file left out, and the status when its cell is empty.
    func keptColumns(leftOut: Set<String>, status: (some RecordStatus)?) -> Set<String> {
        status == nil ? leftOut.union(["status"]) : leftOut
    }
}
