import EduCore
import Registry
import SQLKit
import Storage

/// What a học bạ says besides the results: the student, the class, the school, who signs.
struct HocBaFacts {
    let department: String
    let school: String
    let schoolCode: String
    let studentName: String
    let dateOfBirth: String
    let gender: String
    let studentCode: String?
    let className: String
    let grade: Int
    let schoolYear: String
    let homeroomTeacher: String
    let principal: String
    let homeroomComment: String

    /// The position that marks a school's principal in the staff list (hiệu trưởng).
    static let principalPosition = "Hiệu trưởng"

    /// `commentOf`: the semester whose homeroom comment the document carries (the record of semester I: 1); nil, the latest.
    static func read(studentID: Int, classID: Int, commentOf semester: Int? = nil, _ db: any SQLDatabase) async throws -> HocBaFacts {
        struct Row: Decodable {
            let fullName: String, dateOfBirth: String, gender: String, studentCode: String?
            let className: String, grade: Int, schoolYear: String, schoolId: Int, schoolName: String, schoolCode: String
            let homeroom: String?
        }
        guard let row = try await db.raw("""
            SELECT s.full_name, s.date_of_birth, s.gender, s.student_code, c.name AS class_name, c.grade, c.school_year,
                   sc.id AS school_id, sc.name AS school_name, sc.code AS school_code, h.full_name AS homeroom
            FROM enrolments e JOIN students s ON s.id = e.student_id JOIN classes c ON c.id = e.class_id
            JOIN schools sc ON sc.id = c.school_id LEFT JOIN staff h ON h.id = c.homeroom_staff_id
            WHERE e.student_id = \(bind: studentID) AND e.class_id = \(bind: classID)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)
        else { throw EduError("hoc_ba.not_in_class", vi: "Học sinh không thuộc lớp này", en: "The student is not in this class") }
        let principal = try await db.raw("""
            SELECT full_name FROM staff WHERE school_id = \(bind: row.schoolId) AND position = \(bind: principalPosition)
                AND status = \(bind: StaffStatus.active.rawValue) ORDER BY id LIMIT 1
            """).first().map { try $0.decode(column: "full_name", as: String.self) }
        let comment = try await db.raw("""
            SELECT comment FROM conduct_records WHERE class_id = \(bind: classID) AND student_id = \(bind: studentID)
            AND semester <= \(bind: semester ?? 2) ORDER BY semester DESC LIMIT 1
            """).first().map { try $0.decode(column: "comment", as: String.self) }
        return HocBaFacts(
            department: try await RegistryDirectory.department(db)?.name ?? "", school: row.schoolName, schoolCode: row.schoolCode,
            studentName: row.fullName, dateOfBirth: CalendarDate(iso: row.dateOfBirth).map(Self.vietnamese) ?? row.dateOfBirth,
            gender: Gender(rawValue: row.gender)?.vietnamese ?? row.gender,
            studentCode: row.studentCode, className: row.className, grade: row.grade, schoolYear: row.schoolYear,
            homeroomTeacher: row.homeroom ?? "", principal: principal ?? "", homeroomComment: comment ?? "")
    }

    /// The staff members holding the principal's position at the school, at work there: one who retired or moved keeps
    /// the position on their record, but neither signs nor is named any more.
    static func principalIDs(schoolID: Int, _ db: any SQLDatabase) async throws -> Set<Int> {
        Set(try await db.raw("""
            SELECT id FROM staff WHERE school_id = \(bind: schoolID) AND position = \(bind: principalPosition)
                AND status = \(bind: StaffStatus.active.rawValue)
            """).all(decoding: IDRow.self).map(\.id))
    }

    /// dd/mm/yyyy, as Vietnamese documents write dates.
    static func vietnamese(_ date: CalendarDate) -> String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(two(date.day))/\(two(date.month))/\(date.year)"
    }

    /// A secondary year's document (TT22); with `firstSemesterOnly`, the record of semester I a student takes to another
    /// school (`absences` then that semester's), HK II and the year left empty.
    func document(_ result: StudentYearResult, of year: StudentYear, version: Int, link: String, firstSemesterOnly: Bool = false,
                  absences: Int?) -> HocBa {
        // HK I, HK II, the year: a record of semester I keeps the first.
        func kept(_ values: [String?]) -> [String?] { firstSemesterOnly ? [values[0], nil, nil] : values }
        var document = HocBa(
            regime: "TT22", department: department, school: school, schoolCode: schoolCode, studentName: studentName,
            dateOfBirth: dateOfBirth, gender: gender, studentCode: studentCode, className: className, grade: grade,
            schoolYear: schoolYear,
            subjects: result.subjects.map {
                let values = kept([$0.semesters[0]?.description, $0.semesters[1]?.description, $0.year?.description])
                let retest = result.summer != nil && result.retestSubjects.contains($0.name) ? year.summer?.retests[$0.name]?.description : nil
                return HocBa.Subject(name: $0.name, firstSemester: values[0], secondSemester: values[1], year: values[2], retest: retest)
            },
            learning: kept((result.learning + [result.learningYear]).map { $0?.label }),
            conduct: kept((year.conduct + [result.conductYear]).map { $0?.label }), absences: absences,
            outcome: firstSemesterOnly ? nil : result.outcome?.label, award: firstSemesterOnly ? nil : result.award?.label,
            homeroomComment: homeroomComment, homeroomTeacher: homeroomTeacher, principal: principal, version: version,
            link: link)
        document.semesters = firstSemesterOnly ? 1 : nil
        document.summer = firstSemesterOnly ? nil : result.summer.map {
            HocBa.Summer(learning: $0.learning?.label, conduct: $0.conduct?.label, outcome: $0.outcome?.label)
        }
        return document
    }

    /// A primary year's document (TT27): its own part holds the year; the TT22 fields stay empty. With
    /// `firstSemesterOnly`, the record of semester I a student takes to another school: the middle and the end of HK I,
    /// the later points, the result and the outcome left empty.
    func document(_ result: PrimaryStudentResult, version: Int, link: String, firstSemesterOnly: Bool = false) -> HocBa {
        let later = [AssessmentPoint.midSecond, .endOfYear].map(\.rawValue)
        func kept<Value>(_ values: [Value?]) -> [Value?] {
            firstSemesterOnly ? values.indices.map { later.contains($0) ? nil : values[$0] } : values
        }
        let primary = HocBa.Primary(
            subjects: result.subjects.map { HocBa.Primary.Subject(name: $0.name, levels: kept($0.levels.map { $0?.rawValue }), tests: kept($0.tests)) },
            qualities: result.qualities.map { HocBa.Primary.Quality(name: $0.name, levels: kept($0.levels.map { $0?.rawValue })) },
            result: firstSemesterOnly ? nil : result.result?.label)
        var document = HocBa(
            regime: "TT27", department: department, school: school, schoolCode: schoolCode, studentName: studentName,
            dateOfBirth: dateOfBirth, gender: gender, studentCode: studentCode, className: className, grade: grade,
            schoolYear: schoolYear, subjects: [], learning: [nil, nil, nil], conduct: [nil, nil, nil], absences: nil,
            outcome: firstSemesterOnly ? nil : result.outcome, award: firstSemesterOnly ? nil : result.result?.award,
            homeroomComment: homeroomComment, homeroomTeacher: homeroomTeacher, principal: principal, version: version, link: link,
            primary: primary)
        document.semesters = firstSemesterOnly ? 1 : nil
        return document
    }
}
