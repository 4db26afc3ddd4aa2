import Access
import EduCore
import Registry
import SQLKit
import Testing
import TestSupport
import VaporTesting
@testable import EduServer

/// `PATCH /api/v1/{sheet}/{id}`: some fields of one record change, the others stay, through the import's checks.
@Suite struct RecordChangeAPITests {
    typealias Outcome = (status: HTTPResponseStatus, problems: [[String: Any]], updated: Int)

    func patch(_ fixture: ServerFixture, _ path: String, _ fields: [String: String], as role: Role = .schoolAdmin) async throws -> Outcome {
        var result: Outcome = (.internalServerError, [], 0)
        try await fixture.app.testing().test(.PATCH, path, headers: fixture.jsonHeaders(role), body: JSONBody.encode(fields)) { response in
            let outcome = (try? JSONBody.object(response)["outcome"] as? [String: Any]) ?? [:]
            result = (response.status, outcome["problems"] as? [[String: Any]] ?? [], outcome["updated"] as? Int ?? 0)
        }
        return result
    }

    func student(_ fixture: ServerFixture, _ id: Int) async throws -> [String: String] {
        try #require(try await RegistryExporter(fixture.db.database.sql, cipher: fixture.db.cipher).record(.students, id: id)?.fields)
    }

    /// One field changes and the rest of the record stays; a bad value is named and changes nothing.
    @Test func aStudentsAddressChangesAndNothingElse() async throws {
        try await ServerFixture.with { fixture in
            let id = fixture.inside.student, path = "/api/v1/students/\(id)", before = try await student(fixture, id)
            let changed = try await patch(fixture, path, ["address": "Số 5 ngõ 12 phố Lạch Tray"])
            #expect(changed.status == .ok && changed.updated == 1)
            var expected = before
            expected["address"] = "Số 5 ngõ 12 phố Lạch Tray"
            #expect(try await student(fixture, id) == expected)
            let entries = try await AuditLog(fixture.db.database.sql).entries(entity: "student", entityID: String(id))
            #expect(entries.last { $0.action == "update" }?.after?.contains("Lạch Tray") == true)

            let bad = try await patch(fixture, path, ["date_of_birth": "31/02/2015", "address": "khác"])
            #expect(bad.status == .unprocessableEntity && bad.problems.map { $0["column"] as? String } == ["date_of_birth"])
            #expect(try await student(fixture, id) == expected)
            #expect(try await patch(fixture, path, [:]).updated == 0, "nothing to change is a change of nothing")
        }
    }

    /// The personal ID and the student code are what a change by id may correct; another student's are refused.
    @Test func aStudentsKeysAreCorrectedButNeverTakenFromAnother() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql, id = fixture.inside.student, path = "/api/v1/students/\(id)"
            let count = { try await sql.raw("SELECT COUNT(*) AS id FROM students").first(decoding: IDRow.self)!.id }
            let students = try await count()
            let corrected = try await patch(fixture, path, ["national_id": "031215009876", "student_code": "HS-SUA-01"])
            #expect(corrected.status == .ok && corrected.updated == 1, "\(corrected.problems)")
            let after = try await student(fixture, id)
            #expect(after["national_id"] == "031215009876" && after["student_code"] == "HS-SUA-01")
            #expect(try await count() == students, "corrected, not created")

            let other = try await sql.raw("""
                SELECT id FROM students WHERE school_id = \(bind: fixture.inside.school) AND id <> \(bind: id)
                    AND student_code IS NOT NULL AND national_id_enc IS NOT NULL ORDER BY id LIMIT 1
                """).first(decoding: IDRow.self)!.id
            let otherRecord = try await student(fixture, other)
            let takenID = try await patch(fixture, path, ["national_id": otherRecord["national_id"]!])
            #expect(takenID.status == .unprocessableEntity && takenID.problems.map { $0["column"] as? String } == ["national_id"])
            let takenCode = try await patch(fixture, path, ["student_code": otherRecord["student_code"]!])
            #expect(takenCode.status == .unprocessableEntity && takenCode.problems.map { $0["column"] as? String } == ["student_code"])
            let (mine, theirs) = (try await student(fixture, id), try await student(fixture, other))
            #expect(mine == after && theirs == otherRecord)
        }
    }

    /// Outside the reach, or no such record: 404; a school may only move to a school the caller changes.
    @Test func onlyRecordsTheCallerChangesAreFound() async throws {
        try await ServerFixture.with { fixture in
            #expect(try await patch(fixture, "/api/v1/students/\(fixture.outside.student)", ["address": "x"]).status == .notFound)
            #expect(try await patch(fixture, "/api/v1/students/99999999", ["address": "x"]).status == .notFound)
            #expect(try await patch(fixture, "/api/v1/staff/\(fixture.outside.staff)", ["position": "x"]).status == .notFound)
            let moved = try await patch(fixture, "/api/v1/students/\(fixture.inside.student)", ["school_code": fixture.outside.schoolCode])
            #expect(moved.status == .forbidden)
            #expect(try await patch(fixture, "/api/v1/schools/\(fixture.inside.school)", ["address": "x"]).status == .forbidden,
                    "schools are the department's")
        }
    }

    /// Staff, classes and schools change the same way; a class or school cannot take another's name or code.
    @Test func staffClassesAndSchoolsChangeByID() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql, exporter = RegistryExporter(sql, cipher: fixture.db.cipher)
            let staff = try await patch(fixture, "/api/v1/staff/\(fixture.inside.staff)", ["position": "Tổ trưởng chuyên môn"])
            #expect(staff.status == .ok && staff.updated == 1)
            #expect(try await exporter.record(.staff, id: fixture.inside.staff)?.fields["position"] == "Tổ trưởng chuyên môn")

            let classID = fixture.inside.schoolClass
            let stored = try #require(try await exporter.record(.classes, id: classID)?.fields)
            let sibling = "Lớp bên cạnh"
            try await fixture.app.testing().test(.POST, "/api/v1/classes", headers: fixture.jsonHeaders(.schoolAdmin), body: JSONBody.encode([
                "school_code": stored["school_code"]!, "school_year": stored["school_year"]!, "grade": stored["grade"]!, "class_name": sibling,
            ])) { response in
                #expect(response.status == .ok)
            }
            let clash = try await patch(fixture, "/api/v1/classes/\(classID)", ["class_name": sibling])
            #expect(clash.status == .unprocessableEntity && clash.problems.map { $0["column"] as? String } == ["class_name"])
            let renamed = try await patch(fixture, "/api/v1/classes/\(classID)", ["class_name": "Lớp đổi tên"])
            #expect(renamed.status == .ok && renamed.updated == 1)
            #expect(try await exporter.record(.classes, id: classID)?.fields["class_name"] == "Lớp đổi tên")

            let year = try await patch(fixture, "/api/v1/classes/\(classID)", ["school_year": "2024-2025"])
            #expect(year.status == .unprocessableEntity && year.problems.map { $0["column"] as? String } == ["school_year"],
                    "a class stays in its year: its pupils' enrolments hang on it")
            let moved = try await patch(fixture, "/api/v1/classes/\(classID)", ["school_code": fixture.outside.schoolCode], as: .departmentStaff)
            #expect(moved.status == .unprocessableEntity && moved.problems.map { $0["column"] as? String } == ["school_code"])

            let school = "/api/v1/schools/\(fixture.inside.school)"
            let address = try await patch(fixture, school, ["address": "Số 1 đường Trần Phú"], as: .departmentStaff)
            #expect(address.status == .ok && address.updated == 1)
            let code = try await patch(fixture, school, ["school_code": fixture.outside.schoolCode], as: .departmentStaff)
            #expect(code.status == .unprocessableEntity && code.problems.map { $0["column"] as? String } == ["school_code"])
            #expect(try await exporter.record(.schools, id: fixture.inside.school)?.fields["school_code"] == fixture.inside.schoolCode)
        }
    }

    /// A student moved to another school keeps their enrolment history; the change names only the school.
    @Test func aStudentMovesSchoolAndKeepsTheirHistory() async throws {
        try await ServerFixture.with { fixture in
            let sql = fixture.db.database.sql, id = fixture.inside.student
            let enrolments = { try await sql.raw("SELECT school_id AS id FROM enrolments WHERE student_id = \(bind: id) ORDER BY school_year")
                .all(decoding: IDRow.self).map(\.id) }
            let before = try await enrolments()
            let moved = try await patch(fixture, "/api/v1/students/\(id)", ["school_code": fixture.outside.schoolCode], as: .departmentStaff)
            #expect(moved.status == .ok && moved.updated == 1, "\(moved.problems)")
            #expect(try await student(fixture, id)["school_code"] == fixture.outside.schoolCode)
            #expect(try await enrolments() == before, "the history is left as it was")
        }
    }

    /// A change read before another one was written is refused, not laid over it: the other change stays.
    @Test func aChangeThatCameBetweenIsNotUndone() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 50)
            let sql = db.database.sql, exporter = RegistryExporter(sql, cipher: db.cipher)
            let id = try #require(try await sql.raw("SELECT id FROM students ORDER BY id LIMIT 1").first(decoding: IDRow.self)).id
            let read = try #require(try await exporter.record(.students, id: id))
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            var other = read.fields
            other["address"] = "Số 1 phố Điện Biên Phủ"
            #expect(try await importer.importRecord(other, sheet: .students, actor: .commandLine, reach: nil, replacing: read.pin).updated == 1)
            var mine = read.fields
            mine["guardian_phone"] = "0911222333"
            let late = try await importer.importRecord(mine, sheet: .students, actor: .commandLine, reach: nil, replacing: read.pin)
            #expect(late.problems.map(\.column) == ["id"] && late.updated == 0)
            #expect(try await exporter.record(.students, id: id)?.fields["address"] == "Số 1 phố Điện Biên Phủ")
        }
    }
}
