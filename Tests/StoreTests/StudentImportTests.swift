import Access
import EduCore
import Foundation
import Registry
import SQLKit
import Storage
import Testing
import TestSupport

/// Imports against a demo province, on SQLite and (with EDUVN_DATABASE_URL) PostgreSQL.
@Suite struct StudentImportTests {
    static let header = RegistrySheet.students.englishHeader

    /// A student row in the import shape; `fields` overrides columns by name.
    static func row(_ fields: [String: String]) -> [String] {
        let base = ["school_code": "03120001", "full_name": "Nguyễn Văn An", "date_of_birth": "2017-03-04", "gender": "Nam",
                    "student_code": "T0001", "national_id": "031217000001"]
        let merged = base.merging(fields) { $1 }
        return header.map { merged[$0] ?? "" }
    }

    func importer(_ db: TestDatabase) -> RegistryImporter { RegistryImporter(database: db.database, cipher: db.cipher) }

    func count(_ db: TestDatabase) async throws -> Int {
        try await db.database.sql.raw("SELECT COUNT(*) AS n FROM students").first(decoding: CountRow.self)!.n
    }

    @Test func createsThenLeavesUnchangedOnReimport() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let path = try TestDatabase.csv(Self.header, [Self.row([:]), Self.row(["student_code": "T0002", "national_id": "031317000002", "full_name": "Trần Thị Bình", "gender": "Nữ"])])
            let first = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(first.summaryLine == "created 2, updated 0, unchanged 0, rejected 0")
            let second = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(second.summaryLine == "created 0, updated 0, unchanged 2, rejected 0")
        }
    }

    @Test func oneBadRowRejectsTheWholeFileAndNamesRowColumnReason() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let before = try await count(db)
            let path = try TestDatabase.csv(Self.header, [
                Self.row([:]),
                Self.row(["student_code": "T0002", "national_id": "", "date_of_birth": "31/02/2017"]),
                Self.row(["student_code": "T0003", "national_id": "12345", "gender": "x"]),
            ])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.summaryLine == "created 0, updated 0, unchanged 0, rejected 2")
            #expect(outcome.problems.contains { $0.row == 3 && $0.column == "date_of_birth" && $0.value == "31/02/2017" })
            #expect(outcome.problems.contains { $0.row == 4 && $0.column == "national_id" && !$0.reason.vi.isEmpty && !$0.reason.en.isEmpty })
            #expect(outcome.problems.contains { $0.row == 4 && $0.column == "gender" })
            #expect(try await count(db) == before)
        }
    }

    @Test func dryRunCountsExactlyAndWritesNothing() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let before = try await count(db)
            let path = try TestDatabase.csv(Self.header, [Self.row([:])])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: true, actor: .commandLine)
            #expect(outcome.created == 1 && outcome.dryRun)
            #expect(try await count(db) == before)
            #expect(try await AuditLog(db.database.sql).verify() == .intact(entries: try await auditCount(db)))
        }
    }

    /// A dry run lists each row's effect in file order, naming the columns an update would change, and no personal ID.
    @Test func dryRunListsWhatEachRowWouldDo() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let stored = Self.row(["student_code": "T0002", "national_id": "031317000002", "full_name": "Trần Thị Bình", "gender": "Nữ"])
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [Self.row([:]), stored]), sheet: .students,
                                                  dryRun: false, actor: .commandLine)
            let path = try TestDatabase.csv(Self.header, [
                Self.row(["address": "12 Lạch Tray", "guardian_phone": "0912345678"]), stored,
                Self.row(["student_code": "T0003", "national_id": "", "full_name": "Lê Văn Cường"]),
            ])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: true, actor: .commandLine)
            #expect(outcome.changes == [
                RowChange(row: 2, action: .update, record: "03120001 T0001 Nguyễn Văn An", columns: ["address", "guardian_phone"]),
                RowChange(row: 3, action: .unchanged, record: "03120001 T0002 Trần Thị Bình"),
                RowChange(row: 4, action: .create, record: "03120001 T0003 Lê Văn Cường"),
            ])
            #expect(outcome.unlistedChanges == 0)
            #expect(outcome.changes[0].line == "dòng 2: cập nhật / update: 03120001 T0001 Nguyễn Văn An (address, guardian_phone)")
            let real = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(real.changes.isEmpty && real.summaryLine == "created 1, updated 1, unchanged 1, rejected 0")
        }
    }

    /// A report stored with its job before dry runs listed their rows still reads.
    @Test func aReportStoredBeforeRowListsStillReads() throws {
        let old = #"{"created":1,"updated":2,"unchanged":3,"rejected":0,"dryRun":true,"problems":[],"warnings":[]}"#
        let outcome = try JSONDecoder().decode(ImportOutcome.self, from: Data(old.utf8))
        #expect(outcome.summaryLine == "created 1, updated 2, unchanged 3, rejected 0" && outcome.dryRun && outcome.changes.isEmpty)
        #expect(outcome.unlistedChanges == 6)
    }

    func auditCount(_ db: TestDatabase) async throws -> Int {
        try await db.database.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first(decoding: CountRow.self)!.n
    }

    @Test func changedRowIsAnAuditedUpdate() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [Self.row([:])]), sheet: .students,
                                                  dryRun: false, actor: .commandLine)
            let renamed = try TestDatabase.csv(Self.header, [Self.row(["full_name": "Nguyễn Văn Ân", "national_id": ""])])
            let outcome = try await importer(db).importFile(renamed, sheet: .students, dryRun: false, actor: Actor(name: "user:x", origin: "t"))
            #expect(outcome.summaryLine == "created 0, updated 1, unchanged 0, rejected 0")
            let entries = try await db.database.sql.raw("SELECT * FROM audit_log WHERE action = 'update' AND entity = 'student'")
                .all(decoding: AuditLog.Entry.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(entries.count == 1)
            #expect(entries[0].before?.contains("Nguyễn Văn An") == true)
            #expect(entries[0].after?.contains("Nguyễn Văn Ân") == true)
            #expect(entries[0].actor == "user:x")
            // The row without an ID kept the stored one, readable.
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])
            let stored = try await store.students(matching: "031217000001", in: everything)
            #expect(stored.map(\.fullName) == ["Nguyễn Văn Ân"])
            let detail = try await store.student(id: stored[0].id, in: everything, by: .commandLine)
            #expect(detail?.nationalID == "031217000001")
        }
    }

    @Test func duplicatesInsideTheFileAreRejected() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let path = try TestDatabase.csv(Self.header, [Self.row([:]), Self.row(["student_code": "T0009"])])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.rejected == 1)
            #expect(outcome.problems.contains { $0.row == 3 && $0.column == "national_id" && $0.reason.en.contains("row 2") })
        }
    }

    @Test func unknownAndMissingColumnsAreReportedOnRowOne() async throws {
        try await TestDatabase.with { db in
            let path = try TestDatabase.csv(["school_code", "full_name", "shoe_size"], [["03120001", "A", "40"]])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.rejected == 1)
            #expect(outcome.problems.contains { $0.row == 1 && $0.column == "shoe_size" })
            #expect(outcome.problems.contains { $0.row == 1 && $0.column == "date_of_birth" })
            #expect(outcome.problems.contains { $0.row == 1 && $0.column == "gender" })
        }
    }

    @Test func vietnameseHeadersAreAccepted() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let path = try TestDatabase.csv(["Mã trường", "Họ và tên", "Ngày sinh", "Giới tính", "Mã học sinh"],
                                            [["03120001", "Lê Thị Cúc", "04/03/2017", "Nữ", "T0100"]])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.summaryLine == "created 1, updated 0, unchanged 0, rejected 0")
        }
    }

    /// A writer limited to one school cannot pull in another school's student by personal ID.
    @Test func aRowCannotTakeOverARecordOutsideTheReach() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [Self.row(["school_code": "03120002"])]),
                                                  sheet: .students, dryRun: false, actor: .commandLine)
            let store = RegistryStore(db.database.sql, cipher: db.cipher)
            let found = try await store.schoolID(code: "03120001")
            let target = try #require(found)
            let reach = Reach(allSchools: false, schools: [target], classes: [], writableAll: false, writableSchools: [target])
            let path = try TestDatabase.csv(Self.header, [Self.row(["student_code": "X9"])])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine, reach: reach)
            #expect(outcome.rejected == 1)
            #expect(!outcome.problems.contains { $0.reason.en.contains("exists") })
            let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: false, writableSchools: [])
            let stayed = try await store.students(matching: "031217000001", in: everything)
            let original = try await store.schoolID(code: "03120002")
            #expect(stayed.count == 1 && stayed[0].schoolId == original)
        }
    }

    @Test func aStudentCodeHeldByAnotherStudentIsARowProblem() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [
                Self.row([:]), Self.row(["student_code": "T0002", "national_id": "", "full_name": "Lê Văn Bảo"]),
            ]), sheet: .students, dryRun: false, actor: .commandLine)
            // The first student (by ID) would take the second one's code.
            let clash = try TestDatabase.csv(Self.header, [Self.row(["student_code": "T0002"])])
            let outcome = try await importer(db).importFile(clash, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.rejected == 1)
            #expect(outcome.problems.first?.column == "student_code" && outcome.problems.first?.row == 2)
        }
    }

    /// The students' and enrolments' indexes, as the database describes them.
    static func indexes(_ sql: any SQLDatabase) async throws -> [String] {
        let query: SQLQueryString = Dialect(sql) == .sqlite
            ? "SELECT name || ': ' || COALESCE(sql, '') AS text FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('students', 'enrolments') ORDER BY name"
            : """
              SELECT indexname || ': ' || indexdef AS text FROM pg_indexes
              WHERE schemaname = current_schema() AND tablename IN ('students', 'enrolments') ORDER BY indexname
              """
        return try await sql.raw(query).all().map { try $0.decode(column: "text", as: String.self) }
    }

    /// A large import (here, from two rows on) sets the secondary indexes aside on SQLite and builds them again before
    /// it commits; one refused while writing leaves them, and the rows, as they were.
    @Test func aLargeImportLeavesTheIndexesAsTheyWere() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let sql = db.database.sql, before = try await Self.indexes(sql), stored = try await count(db)
            #expect(before.contains { $0.hasPrefix("students_name_id") } && before.contains { $0.hasPrefix("enrolments_class") })
            let large = RegistryImporter(database: db.database, cipher: db.cipher, largeImport: 2)
            let rows = (1...400).map { Self.row(["student_code": "L\($0)", "national_id": "03121701" + String(format: "%04d", $0), "full_name": "Đỗ Thị Lan"]) }
            // Its last row gives one stored student another's code: refused while writing.
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [
                Self.row([:]), Self.row(["student_code": "T0002", "national_id": "", "full_name": "Lê Văn Bảo"]),
            ]), sheet: .students, dryRun: false, actor: .commandLine)
            let refused = try await large.importFile(try TestDatabase.csv(Self.header, rows + [Self.row(["student_code": "T0002"])]),
                                                     sheet: .students, dryRun: false, actor: .commandLine)
            #expect(refused.rejected == 1 && refused.problems.first?.column == "student_code", "\(refused.summaryLine) \(refused.problems.prefix(3))")
            let afterRefusal = try await Self.indexes(sql), countAfterRefusal = try await count(db)
            #expect(afterRefusal == before && countAfterRefusal == stored + 2)

            let outcome = try await large.importFile(try TestDatabase.csv(Self.header, rows), sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.created == 400, "\(outcome.summaryLine) \(outcome.problems.prefix(3))")
            #expect(try await Self.indexes(sql) == before)
            let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: true, writableSchools: [])
            let found = try await RegistryStore(sql, cipher: db.cipher).students(matching: "do thi lan", in: everything, limit: 500)
            #expect(found.count == 400, "found by name through the rebuilt index: \(found.count)")
        }
    }

    /// The bar climbs through every stage (the audit entries too, which come after the last row) and reaches its end
    /// once, when the import has ended: stored, or refused.
    @Test func progressClimbsThroughTheStagesAndEndsOnce() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let rows = (1...2_500).map { Self.row(["student_code": "P\($0)", "national_id": "03121702" + String(format: "%04d", $0)]) }
            let importer = RegistryImporter(database: db.database, cipher: db.cipher, largeImport: 2)
            let reports = ProgressReports()
            let outcome = try await importer.importFile(try TestDatabase.csv(Self.header, rows), sheet: .students, dryRun: false,
                                                        actor: .commandLine, progress: reports.add)
            #expect(outcome.created == 2_500, "\(outcome.summaryLine) \(outcome.problems.prefix(3))")
            let values = reports.values
            #expect(values == values.sorted(), "never goes back")
            #expect(values.last == 1 && values.filter { $0 == 1 }.count == 1, "ends once, at the end: \(values.suffix(5))")
            for (stage, span) in [("checking", 0.0...0.25), ("writing", 0.25...0.7), ("audit", 0.8...0.95)] {
                #expect(values.contains { span.contains($0) && $0 > span.lowerBound }, "\(stage) is reported: \(values)")
            }
            #expect(values.contains(0.8), "the indexes are reported built")

            let refusals = ProgressReports()
            let refused = try await importer.importFile(try TestDatabase.csv(Self.header, [Self.row(["gender": "?"])]), sheet: .students,
                                                        dryRun: false, actor: .commandLine, progress: refusals.add)
            #expect(refused.rejected == 1 && refusals.values.last == 1, "a refused file ends the bar too: \(refusals.values)")
        }
    }

    @Test func unknownSchoolAndClassAreReported() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let path = try TestDatabase.csv(Self.header, [
                Self.row(["school_code": "NOPE"]),
                Self.row(["student_code": "T2", "national_id": "031217000002", "class_name": "9Z9", "school_year": "2025-2026"]),
                Self.row(["school_code": "NOPE2", "student_code": "T3", "national_id": "031217000003", "date_of_birth": "31/02/2017"]),
            ])
            let outcome = try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.problems.contains { $0.row == 2 && $0.column == "school_code" })
            #expect(outcome.problems.contains { $0.row == 3 && $0.column == "class_name" })
            // A row with another problem still has its unknown school reported, in the same report.
            #expect(outcome.problems.filter { $0.row == 4 }.map(\.column).sorted() == ["date_of_birth", "school_code"], "\(outcome.problems)")
        }
    }

    @Test func personalIDsAreEncryptedAtRestAndFoundByHash() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            _ = try await importer(db).importFile(try TestDatabase.csv(Self.header, [Self.row([:])]), sheet: .students,
                                                  dryRun: false, actor: .commandLine)
            struct Raw: Decodable { let nationalIdEnc: String?; let nationalIdHash: String? }
            let rows = try await db.database.sql.raw("SELECT national_id_enc, national_id_hash FROM students")
                .all(decoding: Raw.self, keyDecodingStrategy: .convertFromSnakeCase)
            #expect(!rows.isEmpty)
            for row in rows {
                #expect(row.nationalIdEnc?.contains("031217000001") != true)
                #expect(row.nationalIdHash?.contains("031217000001") != true)
            }
            let audit = try await db.database.sql.raw("""
                SELECT id FROM audit_log WHERE after LIKE '%031217000001%' OR before LIKE '%031217000001%' OR entity_id LIKE '%031217000001%'
                """).all()
            #expect(audit.isEmpty, "no personal ID in clear in the audit log")
            let everything = Reach(allSchools: true, schools: [], classes: [], writableAll: false, writableSchools: [])
            let found = try await RegistryStore(db.database.sql, cipher: db.cipher).students(matching: "031217000001", in: everything)
            #expect(found.map(\.studentCode) == ["T0001"])
        }
    }

    /// Names and addresses typed with a VNI font, in a file whose bytes are Unicode: a warning on the first such cell (a dry
    /// run shows it before anything is written).
    @Test func textTypedWithALegacyFontIsRefused() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("TabularTests/Fixtures/legacy-vni.csv")
            // The VNI bytes one character each, as a cell of an XLSX typed with the font holds them.
            let shown = try #require(String(data: try Data(contentsOf: fixture), encoding: .isoLatin1))
            let rows = shown.split(separator: "\n").dropFirst().enumerated().map { index, line -> [String] in
                let parts = line.split(separator: "\"", omittingEmptySubsequences: false)
                let cells = parts[0].split(separator: ",").map(String.init)
                return Self.row(["student_code": "VNI\(index)", "national_id": "", "full_name": cells[1], "address": String(parts[1])])
            }
            let outcome = try await importer(db).importFile(try TestDatabase.csv(Self.header, rows), sheet: .students, dryRun: true, actor: .commandLine)
            let first = try #require(outcome.warnings.first)
            #expect(first.row == 2 && first.column == "full_name" && first.reason.en.contains("the legacy VNI encoding"), "\(outcome.warnings)")

            // The same names in Unicode draw no such warning.
            let unicode = rows.indices.map { Self.row(["student_code": "VNI\($0)", "national_id": "", "full_name": ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hoàng Cường", "Phạm Thu Hà"][$0 % 4]]) }
            let clean = try await importer(db).importFile(try TestDatabase.csv(Self.header, unicode), sheet: .students, dryRun: false, actor: .commandLine)
            #expect(clean.created == rows.count && !clean.warnings.contains { $0.reason.en.contains("legacy") })
        }
    }

    @Test func aDateOfBirthInTheFutureIsRefused() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let tomorrow = try #require(CalendarDate.today.adding(days: 1)).iso
            let file = try TestDatabase.csv(Self.header, [Self.row(["date_of_birth": tomorrow, "national_id": ""]), Self.row(["student_code": "T0002", "national_id": ""])])
            let outcome = try await importer(db).importFile(file, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.rejected == 1 && outcome.created == 0)
            #expect(outcome.problems.map(\.row) == [2] && outcome.problems.first?.reason.en == "The date of birth is in the future", "\(outcome.problems)")
        }
    }

    /// A column the file leaves out keeps what is stored; a column given empty clears it.
    @Test func aLeftOutColumnKeepsWhatIsStored() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let sql = db.database.sql
            let full = Self.row(["address": "Số 5, đường Lạch Tray", "guardian_name": "Nguyễn Văn Bố", "guardian_phone": "0912345678", "ethnicity": "Kinh"])
            #expect(try await importer(db).importFile(try TestDatabase.csv(Self.header, [full]), sheet: .students, dryRun: false, actor: .commandLine).created == 1)
            let required = ["school_code", "full_name", "date_of_birth", "gender", "student_code", "national_id"]
            let renamed = try TestDatabase.csv(required, [["03120001", "Nguyễn Văn Ân", "2017-03-04", "Nam", "T0001", "031217000001"]])
            let outcome = try await importer(db).importFile(renamed, sheet: .students, dryRun: false, actor: .commandLine)
            #expect(outcome.summaryLine == "created 0, updated 1, unchanged 0, rejected 0")
            struct Kept: Decodable { let fullName: String, address: String, guardianName: String, guardianPhone: String, ethnicity: String }
            func stored() async throws -> Kept {
                try await sql.raw("SELECT full_name, address, guardian_name, guardian_phone, ethnicity FROM students WHERE student_code = 'T0001'")
                    .first(decoding: Kept.self, keyDecodingStrategy: .convertFromSnakeCase)!
            }
            let kept = try await stored()
            #expect(kept.fullName == "Nguyễn Văn Ân" && kept.address == "Số 5, đường Lạch Tray" && kept.guardianPhone == "0912345678"
                    && kept.guardianName == "Nguyễn Văn Bố" && kept.ethnicity == "Kinh")
            let cleared = try TestDatabase.csv(required + ["address"], [["03120001", "Nguyễn Văn Ân", "2017-03-04", "Nam", "T0001", "031217000001", ""]])
            #expect(try await importer(db).importFile(cleared, sheet: .students, dryRun: false, actor: .commandLine).updated == 1)
            let after = try await stored()
            #expect(after.address == "" && after.guardianPhone == "0912345678")

            // A school's status stays too (staff and classes keep theirs through the same `BatchResult.record`).
            try await sql.raw("UPDATE schools SET status = 'closed' WHERE code = '03120001'").run()
            let school = try await sql.raw("SELECT name, levels, ownership FROM schools WHERE code = '03120001'").first()!
            let unit = try await sql.raw("SELECT u.code FROM units u JOIN schools s ON s.unit_id = u.id WHERE s.code = '03120001'").first()!
            let schools = try TestDatabase.csv(["school_code", "name", "levels", "ownership", "unit_code"],
                                               [["03120001", try school.decode(column: "name", as: String.self) + " mới", try school.decode(column: "levels", as: String.self),
                                                 try school.decode(column: "ownership", as: String.self), try unit.decode(column: "code", as: String.self)]])
            let schoolOutcome = try await importer(db).importFile(schools, sheet: .schools, dryRun: false, actor: .commandLine)
            #expect(schoolOutcome.updated == 1, "\(schoolOutcome.problems.prefix(2))")
            #expect(try await sql.raw("SELECT status FROM schools WHERE code = '03120001'").first()!.decode(column: "status", as: String.self) == "closed")
        }
    }

    /// A new student's audit snapshot is the JSON `JSONEncoder.sorted` writes for the stored fields (it is written
    /// directly, for speed, and must stay comparable with snapshots written by the encoder).
    @Test func theAuditSnapshotIsTheEncodersJSON() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let path = try TestDatabase.csv(Self.header, [Self.row(["address": "Số 5/7 \"Ngõ\" Lạch Tray\\B", "guardian_name": "Trần Văn Bố"])])
            #expect(try await importer(db).importFile(path, sheet: .students, dryRun: false, actor: .commandLine).created == 1)
            struct Stored: Codable {
                let schoolId: Int, studentCode: String?, nationalIdHash: String?, fullName: String, dateOfBirth: String, gender: String
                let ethnicity: String, birthplace: String, address: String, guardianName: String, guardianPhone: String, status: String
            }
            let id = try await db.database.sql.raw("SELECT id FROM students WHERE student_code = 'T0001'").first()!.decode(column: "id", as: Int.self)
            let created = try #require(try await AuditLog(db.database.sql).entries(entity: "student", entityID: String(id)).first { $0.action == "create" })
            let snapshot = try #require(created.after)
            let decoded = try JSONDecoder().decode(Stored.self, from: Data(snapshot.utf8))
            #expect(decoded.address == "Số 5/7 \"Ngõ\" Lạch Tray\\B" && decoded.studentCode == "T0001" && decoded.status == "studying")
            #expect(snapshot == String(decoding: try JSONEncoder.sorted.encode(decoded), as: UTF8.self))
        }
    }

    @Test func exportThenImportIsUnchanged() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 120)
            for (sheet, format) in [(RegistrySheet.students, "csv"), (.staff, "xlsx"), (.classes, "csv"), (.schools, "xlsx")] {
                let path = try TestFiles.path("export.\(format)")
                let written = try await RegistryExporter(db.database.sql, cipher: db.cipher).export(sheet, to: path, format: .init(rawValue: format)!, by: .commandLine)
                let outcome = try await importer(db).importFile(path, sheet: sheet, dryRun: false, actor: .commandLine)
                #expect(outcome.problems.isEmpty, "\(sheet): \(outcome.problems.prefix(3))")
                #expect(outcome.unchanged == written && outcome.created == 0 && outcome.updated == 0, "\(sheet)")
            }
        }
    }
}

@Suite struct ClassImportTests {
    /// School years are two consecutive years with a dash between, spaces allowed around it.
    @Test func schoolYearsAreTwoConsecutiveYearsWithADash() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 20)
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let header = RegistrySheet.classes.englishHeader
            let years = ["2026 - 2027", "2026 2027", "2026-2028", "26-27", "2026-2027-2028", "1989-1990"]
            let rows = years.enumerated().map { ["03120001", $0.element, "3", "3Y\($0.offset)", ""] }
            let outcome = try await importer.importFile(try TestDatabase.csv(header, rows), sheet: .classes, dryRun: false, actor: .commandLine)
            #expect(outcome.problems.filter { $0.column == "school_year" }.map(\.row) == [3, 4, 5, 6, 7], "\(outcome.problems)")
            let spaced = try await importer.importFile(try TestDatabase.csv(header, [rows[0]]), sheet: .classes, dryRun: false, actor: .commandLine)
            #expect(spaced.created == 1)
            let stored = try await db.database.sql.raw("SELECT school_year FROM classes WHERE name = '3Y0'").first()!.decode(column: "school_year", as: String.self)
            #expect(stored == "2026-2027")
        }
    }

    @Test func aNewSpellingOfAClassUpdatesIt() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let header = RegistrySheet.classes.englishHeader
            let first = try await importer.importFile(try TestDatabase.csv(header, [["03120001", "2026-2027", "3", "3A9", ""]]),
                                                      sheet: .classes, dryRun: false, actor: .commandLine)
            #expect(first.created == 1)
            let respelled = try await importer.importFile(try TestDatabase.csv(header, [["03120001", "2026-2027", "3", "3a9", ""]]),
                                                          sheet: .classes, dryRun: false, actor: .commandLine)
            #expect(respelled.summaryLine == "created 0, updated 1, unchanged 0, rejected 0")
            let twins = try await importer.importFile(try TestDatabase.csv(header, [["03120001", "2026-2027", "3", "3A8", ""], ["03120001", "2026-2027", "3", "3a8", ""]]),
                                                      sheet: .classes, dryRun: false, actor: .commandLine)
            #expect(twins.rejected == 1)
        }
    }
}

/// A staff member's subjects and qualifications are lists: tidied into one form, so another spelling of the same list
/// re-imports unchanged.
@Suite struct StaffListTests {
    @Test func subjectsAndQualificationsAreListsInOneForm() async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo(students: 40)
            let header = ["school_code", "full_name", "date_of_birth", "gender", "staff_code", "subjects", "qualification"]
            let importer = RegistryImporter(database: db.database, cipher: db.cipher)
            let first = try TestDatabase.csv(header, [["03130001", "Phạm Thu Hà", "1985-02-03", "Nữ", "GVL1", "Toán ;  Tin học;toán",
                                                       "Cử nhân Sư phạm Toán; Thạc sĩ  Quản lý giáo dục"]])
            #expect(try await importer.importFile(first, sheet: .staff, dryRun: false, actor: .commandLine).created == 1)
            let stored = try await db.database.sql.raw("SELECT subjects, qualification FROM staff WHERE staff_code = 'GVL1'").first()!
            #expect(try stored.decode(column: "subjects", as: String.self) == "Toán; Tin học")
            #expect(try stored.decode(column: "qualification", as: String.self) == "Cử nhân Sư phạm Toán; Thạc sĩ Quản lý giáo dục")
            let again = try TestDatabase.csv(header, [["03130001", "Phạm Thu Hà", "1985-02-03", "Nữ", "GVL1", "Toán;Tin học",
                                                       "Cử nhân Sư phạm Toán ;Thạc sĩ Quản lý giáo dục;"]])
            #expect(try await importer.importFile(again, sheet: .staff, dryRun: false, actor: .commandLine).unchanged == 1)
        }
    }
}
