import Access
import Platform
import Records
import EduCore
import Foundation
import EduServer
import Quality
import Registry
import Signing
import SQLKit
import Storage
import Testing
import TestSupport
import Vapor
import VaporTesting

/// An application over a fresh database with a demo province and one signed-in session per role.
struct ServerFixture: Sendable {
    let app: Application
    let db: TestDatabase
    /// Session cookies by role.
    let sessions: [Role: String]
    let csrf: [Role: String]
    /// A student, school, class and staff member inside every scoped role's reach, and ones outside it.
    let inside: Objects
    let outside: Objects

    struct Objects: Sendable {
        let student: Int, studentName: String, school: Int, schoolCode: String, schoolClass: Int, staff: Int, staffName: String
    }

    static func with(codeDelivery: (any CodeDelivery)? = nil, register: NightlyReconciliation? = nil, records: RecordsSettings = RecordsSettings(),
                     _ body: (ServerFixture) async throws -> Void) async throws {
        try await TestDatabase.with { db in
            _ = try await db.loadDemo()
            let sql = db.database.sql
            let inside = try await objects(sql, where: "ORDER BY c.id LIMIT 1")
            let outside = try await objects(sql, where: "AND sc.unit_id <> (SELECT unit_id FROM schools WHERE id = \(inside.school)) ORDER BY c.id DESC LIMIT 1")
            let unit = try await sql.raw("SELECT unit_id AS id FROM schools WHERE id = \(bind: inside.school)").first(decoding: IDRow.self)!.id
            // The demo's first school is a preschool, whose groups keep no subject gradebook: the scoped class is made a
            // grade 7 class of a school that also teaches lower secondary, for the gradebook and học bạ tests.
            try await sql.raw("UPDATE schools SET levels = levels || ';lower_secondary' WHERE id = \(bind: inside.school)").run()
            try await sql.raw("UPDATE classes SET grade = 7 WHERE id = \(bind: inside.schoolClass)").run()
            try await sql.raw("UPDATE enrolments SET grade = 7 WHERE class_id = \(bind: inside.schoolClass)").run()
            let homeroom = try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: inside.schoolClass)").first(decoding: IDRow.self)!.id
            let grants: [Role: Grant] = [
                .departmentAdmin: Grant(role: .departmentAdmin), .departmentStaff: Grant(role: .departmentStaff),
                .auditor: Grant(role: .auditor), .communeOfficer: Grant(role: .communeOfficer, unitID: unit),
                .schoolAdmin: Grant(role: .schoolAdmin, schoolID: inside.school),
                .principal: Grant(role: .principal, schoolID: inside.school),
                .teacher: Grant(role: .teacher, schoolID: inside.school, staffID: homeroom),
            ]
            let accounts = AccountStore(sql)
            var sessions: [Role: String] = [:], csrf: [Role: String] = [:]
            for (role, grant) in grants {
                let user = try await accounts.createUser(username: role.rawValue.replacingOccurrences(of: "_", with: "-"), displayName: "Test",
                                                         passwordHash: try BcryptHasher(cost: 4).hash("mật khẩu dài 123"),
                                                         grants: [grant], by: .commandLine)
                let session = try await accounts.startSession(userID: user.id)
                sessions[role] = session.token
                csrf[role] = session.csrf
            }
            let app = try await Application.make(.testing)
            // A line per request would bury the test report; refusals and failures still show.
            app.logger.logLevel = .notice
            do {
                try EduServerApp.configure(app, context: AppContext(database: db.database, cipher: db.cipher, hasher: BcryptHasher(cost: 4),
                                                                      nightlyReconciliation: register, codeDelivery: codeDelivery,
                                                                      records: records),
                                           runWorker: false)
                try await body(ServerFixture(app: app, db: db, sessions: sessions, csrf: csrf, inside: inside, outside: outside))
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        }
    }

    private static func objects(_ sql: any SQLDatabase, where clause: String) async throws -> Objects {
        struct Row: Decodable {
            let student: Int, studentName: String, school: Int, schoolCode: String, schoolClass: Int, staff: Int, staffName: String
        }
        let row = try await sql.raw("""
            SELECT st.id AS student, st.full_name AS student_name, sc.id AS school, sc.code AS school_code, c.id AS school_class,
                   f.id AS staff, f.full_name AS staff_name
            FROM classes c JOIN enrolments e ON e.class_id = c.id JOIN students st ON st.id = e.student_id
            JOIN schools sc ON sc.id = c.school_id JOIN staff f ON f.id = c.homeroom_staff_id
            WHERE 1 = 1 \(unsafeRaw: clause)
            """).first(decoding: Row.self, keyDecodingStrategy: .convertFromSnakeCase)!
        return Objects(student: row.student, studentName: row.studentName, school: row.school, schoolCode: row.schoolCode,
                       schoolClass: row.schoolClass, staff: row.staff, staffName: row.staffName)
    }

    /// The scoped roles' school is a preschool (with its scoped class made grade 7 of lower secondary): admissions
    /// tests make both fixture schools liên cấp schools that also teach `level`, so that they can take part in a
    /// campaign for its entry grade.
    func teach(_ level: SchoolLevel) async throws {
        try await db.database.sql.raw("""
            UPDATE schools SET levels = levels || ';' || \(bind: level.rawValue) WHERE id IN (\(bind: inside.school), \(bind: outside.school))
            """).run()
    }

    /// The demo signers `eduvn pki init --demo` makes: the department's and each school's seal, and a personal key for
    /// every staff member, the fixture's homeroom teacher among them.
    func issueDemoSigners() async throws {
        try await db.database.transaction { tx in
            let (department, requests) = try await DemoSigners.requests(tx)
            _ = try await SignerStore(tx, cipher: db.cipher).initialiseDemo(department: department, requests: requests)
        }
    }

    func headers(_ role: Role?) -> HTTPHeaders {
        guard let role, let token = sessions[role] else { return [:] }
        return ["Cookie": "eduvn_session=\(token)"]
    }
}

struct IDRow: Decodable { let id: Int }

extension ServerFixture {
    /// A web form posted as `role`: its session cookie, and the fields with the session's CSRF token added.
    func form(_ fields: [String: String], as role: Role) -> (HTTPHeaders, ByteBuffer) {
        Self.form(fields, csrf: csrf[role]!, headers: headers(role))
    }

    /// A family session for `phone`, signed in through the store as the pages would.
    func familySession(_ phone: String) async throws -> (cookie: String, csrf: String) {
        let accounts = FamilyAccountStore(db.database.sql, cipher: db.cipher)
        let challenge = try #require(try await accounts.requestCode(phone: PhoneNumber(phone)!, origin: "test"))
        let account = try #require(try await accounts.verify(challenge: challenge.token, code: challenge.code, origin: "test"))
        let session = try await accounts.startSession(accountID: account.id)
        return ("eduvn_family=\(session.token)", session.csrf)
    }

    /// A web form posted in a family's session.
    func form(_ fields: [String: String], family: (cookie: String, csrf: String)) -> (HTTPHeaders, ByteBuffer) {
        Self.form(fields, csrf: family.csrf, headers: ["Cookie": family.cookie])
    }

    /// A web form with `csrf` in the session `headers` name (another account's than the fixture's).
    static func form(_ fields: [String: String], csrf: String, headers: HTTPHeaders) -> (HTTPHeaders, ByteBuffer) {
        var headers = headers
        headers.contentType = .urlEncodedForm
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = (fields.merging(["csrf": csrf]) { $1 })
            .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return (headers, ByteBuffer(string: body))
    }

    /// A file posted as `role` in a multipart form (the file's field named `field`, other `fields` beside it), with the
    /// session's CSRF token; by anyone, with no session, when `role` is nil.
    func upload(_ bytes: [UInt8], filename: String, field: String = "file", fields: [String: String] = [:], as role: Role?) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "eduvn-boundary"
        var headers = role.map(self.headers) ?? [:]
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        var body = ByteBuffer()
        for (name, value) in fields.merging(role.map { ["csrf": csrf[$0]!] } ?? [:], uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n"
                         + "Content-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        return (headers, body)
    }

    /// A JSON request's headers for `role`: its session, the content type and the CSRF token.
    func jsonHeaders(_ role: Role) -> HTTPHeaders {
        var headers = self.headers(role)
        headers.contentType = .json
        headers.replaceOrAdd(name: "X-CSRF-Token", value: csrf[role]!)
        return headers
    }
}

/// JSON request bodies and response objects for the API tests.
enum JSONBody {
    static func encode(_ object: Any) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
    }

    static func object(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any] ?? [:]
    }
}
