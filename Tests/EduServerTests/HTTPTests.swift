import Access
@testable import EduServer
import Foundation
import Records
import Registry
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite struct OpenAPITests {
    /// The document and the routes must list the same operations.
    @Test func documentMatchesTheRoutes() async throws {
        try await ServerFixture.with { fixture in
            let served = Set(fixture.app.routes.all.compactMap { route -> String? in
                let parts = route.path.map(\.description)
                guard parts.count > 2, parts[0] == "api", parts[1] == "v1" else { return nil }
                let path = "/" + parts.dropFirst(2).map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) \(path)"
            })
            var documented = Set<String>()
            try await fixture.app.testing().test(.GET, "/api/v1/openapi.json") { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as! [String: Any]
                let paths = json["paths"] as! [String: [String: Any]]
                for (path, operations) in paths { for method in operations.keys { documented.insert("\(method) \(path)") } }
            }
            #expect(served.subtracting(documented).isEmpty, "served but not documented: \(served.subtracting(documented).sorted())")
            #expect(documented.subtracting(served).isEmpty, "documented but not served: \(documented.subtracting(served).sorted())")
            #expect(served.count >= 15)
        }
    }
}

extension OpenAPITests {
    /// The refusals a write documents are the ones it sends: a 422 with every row named, and a 409 and a 403 with one
    /// reason, each checked against the schema the served document gives.
    @Test func refusalsMatchTheirSchemas() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var document: [String: Any] = [:]
            try await tester.test(.GET, "/api/v1/openapi.json") { document = try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)) as! [String: Any] }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            let put = try #require(((document["paths"] as? [String: Any])?["/gradebooks/{id}/semesters/{semester}/marks"] as? [String: Any])?["put"] as? [String: Any])
            let responses = try #require(put["responses"] as? [String: Any])
            #expect(Set(responses.keys).isSuperset(of: ["403", "409", "422"]))

            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            let staffID = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            let student = try #require(try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID)").first(decoding: IDRow.self)).id
            let assignment = try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: staffID, assessment: .scored,
                                                                  by: Actor(name: "t", origin: "t"))
            let url = "/api/v1/gradebooks/\(assignment.id)/semesters/1/marks"
            let bad = try JSONBody.encode(["entries": [["student_id": student, "kind": "tx", "position": 1, "value": "11"]]])
            try await tester.test(.PUT, url, headers: fixture.jsonHeaders(.teacher), body: bad) { response in
                #expect(response.status == .unprocessableEntity)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect(Self.problems(body, against: ["$ref": "#/components/schemas/Rejected"], schemas).isEmpty, "\(body)")
                #expect(!Self.problems(body, against: ["$ref": "#/components/schemas/Problem"], schemas).isEmpty, "the other shape does not fit")
            }
            let good = try JSONBody.encode(["entries": [["student_id": student, "kind": "tx", "position": 1, "value": "8"]]])
            try await tester.test(.PUT, url, headers: fixture.jsonHeaders(.principal), body: good) { response in
                #expect(response.status == .forbidden)
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect(Self.problems(body, against: ["$ref": "#/components/schemas/Problem"], schemas).isEmpty, "\(body)")
            }
        }
    }

    /// Each read the document gives a response shape for answers in that shape, to the department's administrator
    /// (who reaches every record), as do a change by id and an added guardian.
    @Test func successesMatchTheirSchemas() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var document: [String: Any] = [:]
            try await tester.test(.GET, "/api/v1/openapi.json") { document = try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView)) as! [String: Any] }
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            func schema(_ method: String, _ path: String, _ status: String = "200") -> [String: Any]? {
                (((((paths[path]?[method] as? [String: Any])?["responses"] as? [String: Any])?[status] as? [String: Any])?["content"]
                    as? [String: Any])?["application/json"] as? [String: Any])?["schema"] as? [String: Any]
            }
            // A type the recorder could not read would give an empty schema, which everything fits.
            let shapes = paths.flatMap { path, methods in
                methods.keys.flatMap { method in ["200", "201", "202"].compactMap { schema(method, path, $0).map { (path, $0) } } }
            }
            #expect(shapes.count >= 80 && shapes.allSatisfy { $0.1["type"] != nil }, "\(shapes.filter { $0.1["type"] == nil }.map(\.0))")
            let unit = try #require(try await fixture.db.database.sql.raw("SELECT id FROM units ORDER BY id LIMIT 1").first(decoding: IDRow.self)).id
            let inside = fixture.inside
            var job = 0
            let queued = try #require(schema("post", "/imports", "202"))
            var upload = fixture.jsonHeaders(.departmentAdmin)
            upload.contentType = HTTPMediaType(type: "text", subType: "csv")
            try await tester.test(.POST, "/api/v1/imports?sheet=schools", headers: upload,
                                  body: ByteBuffer(string: "school_code,name,levels,ownership,unit_code\n")) { response in
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect(response.status == .accepted && Self.problems(body, against: queued, [:]).isEmpty, "\(body)")
                job = (body as? [String: Any])?["id"] as? Int ?? 0
            }
            let ids = ["/units/{id}": unit, "/schools/{id}": inside.school, "/classes/{id}": inside.schoolClass,
                       "/students/{id}": inside.student, "/staff/{id}": inside.staff, "/imports/{id}": job]
            var checked = 0
            for (path, methods) in paths where methods["get"] != nil && !path.hasPrefix("/log/") {
                guard let expected = schema("get", path) else { continue }
                let url = "/api/v1" + (ids[path].map { path.replacingOccurrences(of: "{id}", with: String($0)) } ?? path)
                    + (path == "/classes" ? "?school_id=\(inside.school)" : "")
                // Reads under a gradebook, a campaign or an entry have their own tests.
                guard !url.contains("{") else { continue }
                try await tester.test(.GET, url, headers: fixture.headers(.departmentAdmin)) { response in
                    #expect(response.status == .ok, "\(url)")
                    let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                    #expect(Self.problems(body, against: expected, [:]).isEmpty, "\(url): \(Self.problems(body, against: expected, [:]))")
                }
                checked += 1
            }
            #expect(checked >= 12)

            let change = try #require(schema("patch", "/students/{id}"))
            try await tester.test(.PATCH, "/api/v1/students/\(inside.student)", headers: fixture.jsonHeaders(.departmentAdmin),
                                  body: JSONBody.encode(["address": "Số 9 phố Cầu Đất"])) { response in
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect(response.status == .ok && Self.problems(body, against: change, [:]).isEmpty, "\(body)")
            }
            let guardian = try #require(schema("post", "/students/{id}/guardians", "201"))
            try await tester.test(.POST, "/api/v1/students/\(inside.student)/guardians", headers: fixture.jsonHeaders(.departmentAdmin),
                                  body: JSONBody.encode(["full_name": "Đỗ Thị Mai", "phone": "0987654321"])) { response in
                let body = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                #expect(response.status == .created && Self.problems(body, against: guardian, [:]).isEmpty, "\(body)")
            }
            // A shape that does not fit is caught: the check can fail.
            #expect(!Self.problems(["items": [["id": "seven"]]], against: try #require(schema("get", "/schools")), [:]).isEmpty)
        }
    }

    /// What in `value` does not fit `schema` (`$ref`, `oneOf`, object with required properties, array, string, integer).
    static func problems(_ value: Any, against schema: [String: Any], _ schemas: [String: Any], at path: String = "$") -> [String] {
        if let ref = schema["$ref"] as? String, let name = ref.split(separator: "/").last, let resolved = schemas[String(name)] as? [String: Any] {
            return problems(value, against: resolved, schemas, at: path)
        }
        if let choices = schema["oneOf"] as? [[String: Any]] {
            return choices.contains { problems(value, against: $0, schemas, at: path).isEmpty } ? [] : ["\(path): fits none of oneOf"]
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(path): not an object"] }
            let required = (schema["required"] as? [String]) ?? []
            // An object schema without properties (a free-form object) takes any keys; one with them, only those.
            guard let properties = schema["properties"] as? [String: Any] else { return [] }
            let undocumented = object.keys.filter { properties[$0] == nil }.sorted().map { "\(path).\($0): not in the schema" }
            return undocumented + required.filter { object[$0] == nil }.map { "\(path).\($0): missing" } + properties.flatMap { name, property in
                object[name].map { problems($0, against: property as! [String: Any], schemas, at: "\(path).\(name)") } ?? []
            }
        case "array":
            guard let array = value as? [Any] else { return ["\(path): not an array"] }
            guard let items = schema["items"] as? [String: Any] else { return [] }
            return array.enumerated().flatMap { problems($1, against: items, schemas, at: "\(path)[\($0)]") }
        case "string":
            guard let text = value as? String else { return ["\(path): not a string"] }
            let choices = schema["enum"] as? [String]
            return choices.map { $0.contains(text) ? [] : ["\(path): \(text) is not one of \($0)"] } ?? []
        // JSONSerialization gives numbers and booleans as NSNumber, and any NSNumber casts to Bool: tell them by class.
        case "boolean": return "\(type(of: value))".contains("Boolean") ? [] : ["\(path): not a boolean"]
        case "number": return value is NSNumber ? [] : ["\(path): not a number"]
        case "integer": return (value as? NSNumber).flatMap { Int(exactly: $0.doubleValue) } != nil ? [] : ["\(path): not an integer"]
        default: return []
        }
    }
}

@Suite struct HTTPTests {
    @Test func everyResponseIsNotCached() async throws {
        try await ServerFixture.with { fixture in
            for path in ["/healthz", "/login", "/students/\(fixture.inside.student)"] {
                try await fixture.app.testing().test(.GET, path, headers: fixture.headers(.departmentAdmin)) { response in
                    #expect(response.headers.first(name: .cacheControl) == "no-store", "\(path)")
                }
            }
        }
    }

    /// A browser refused a page gets a page in its reader's language; the API and other clients keep the JSON error.
    @Test func refusalsAreAPageForABrowser() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var browser = fixture.headers(.teacher)
            browser.replaceOrAdd(name: .accept, value: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
            let outside = "/students/\(fixture.outside.student)"
            try await tester.test(.GET, outside, headers: browser) { response in
                #expect(response.status == .notFound && response.headers.contentType == .html)
                #expect(response.body.string.contains("<h1>Không tìm thấy</h1>") && !response.body.string.contains(fixture.outside.studentName))
            }
            try await tester.test(.GET, outside + "?lang=en", headers: browser) { response in
                #expect(response.status == .notFound && response.body.string.contains("<h1>Not found</h1>"))
            }
            try await tester.test(.GET, "/users", headers: browser) { response in
                let heading = response.status == .forbidden ? "<h1>Không có quyền</h1>" : "<h1>Không tìm thấy</h1>"
                #expect(response.status.code >= 400 && response.headers.contentType == .html && response.body.string.contains(heading))
            }
            try await tester.test(.GET, outside, headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .notFound && response.headers.contentType == .json)
            }
            try await tester.test(.GET, "/api/v1\(outside)", headers: browser) { response in
                #expect(response.status == .notFound && response.headers.contentType == .json)
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/healthz") { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains(#""database":"ok""#))
            }
            try await tester.test(.GET, "/metrics") { response in
                #expect(response.body.string.contains("eduvn_http_requests_total"))
                #expect(!response.body.string.contains(fixture.inside.studentName))
            }
        }
    }

    @Test func pagesAreVietnameseFirstWithAnEnglishSwitch() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.body.string.contains("Cơ sở dữ liệu ngành giáo dục"))
                #expect(response.body.string.contains(#"lang="vi""#))
            }
            try await tester.test(.GET, "/?lang=en", headers: fixture.headers(.departmentAdmin)) { response in
                #expect(response.body.string.contains("Education sector database"))
                #expect(response.headers.setCookie?["lang"]?.string == "en")
            }
        }
    }

    @Test func formsNeedTheSessionsCSRFToken() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var headers = fixture.headers(.departmentAdmin)
            headers.contentType = .urlEncodedForm
            try await tester.test(.POST, "/students", headers: headers, body: ByteBuffer(string: "q=nguyen")) { response in
                #expect(response.status == .forbidden)
            }
            try await tester.test(.POST, "/students", headers: headers,
                                  body: ByteBuffer(string: "q=nguyen&csrf=\(fixture.csrf[.departmentAdmin]!)")) { response in
                #expect(response.status == .ok)
            }
            // More matches than the page lists: it says so instead of cutting the list silently.
            let store = RegistryStore(fixture.db.database.sql, cipher: fixture.db.cipher)
            let everyone = Reach(allSchools: true, schools: [], classes: [], writableAll: false, writableSchools: [])
            #expect(try await store.students(matching: "n", in: everyone, limit: 1_000).count > WebRoutes.searchLimit, "the demo has enough")
            for prefix in ["n", "nguyen van an"] {
                let matches = try await store.students(matching: prefix, in: everyone, limit: 1_000).count
                try await tester.test(.POST, "/students", headers: headers,
                                      body: ByteBuffer(string: "q=\(prefix.replacingOccurrences(of: " ", with: "+"))&csrf=\(fixture.csrf[.departmentAdmin]!)")) { response in
                    let page = response.body.string
                    #expect(page.contains("kết quả đầu tiên; còn nữa") == (matches > WebRoutes.searchLimit), "\(prefix): \(matches)")
                    #expect(page.contains("\(min(matches, WebRoutes.searchLimit)) kết quả"))
                }
            }
        }
    }

    @Test func loginSetsASecureSessionAndThrottlesGuessing() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let good = "username=department-admin&password=m%E1%BA%ADt+kh%E1%BA%A9u+d%C3%A0i+123"
            // Posted from another site's page (login CSRF): refused before the password is even looked at.
            var crossSite = headers
            crossSite.replaceOrAdd(name: "Origin", value: "https://evil.example")
            try await tester.test(.POST, "/login", headers: crossSite, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .forbidden && response.headers.setCookie?["eduvn_session"] == nil)
            }
            // A page that hides its origin (`Origin: null`) is refused too; so the site's own pages must not hide theirs.
            crossSite.replaceOrAdd(name: "Origin", value: "null")
            try await tester.test(.POST, "/login", headers: crossSite, body: ByteBuffer(string: good)) { #expect($0.status == .forbidden) }
            try await tester.test(.GET, "/login") { response in
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            }
            // The browser's own post from the sign-in page names this server as its origin.
            var sameSite = headers
            sameSite.replaceOrAdd(name: "Origin", value: "http://127.0.0.1:8080")
            try await tester.test(.POST, "/login", headers: sameSite, body: ByteBuffer(string: good)) { #expect($0.status == .seeOther) }
            try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .seeOther)
                let cookie = response.headers.setCookie?["eduvn_session"]
                #expect(cookie?.isHTTPOnly == true)
                #expect(cookie?.isSecure == true)
                #expect(cookie?.sameSite == .strict)
            }
            for _ in 0..<AccountStore.maxFailures {
                try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: "username=department-admin&password=wrong-password")) { response in
                    #expect(response.status == .unauthorized)
                }
            }
            // Now even the right password is refused, with the same answer as a wrong one.
            try await tester.test(.POST, "/login", headers: headers, body: ByteBuffer(string: good)) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    @Test func apiTokensAreScopedAndRevocable() async throws {
        try await ServerFixture.with { fixture in
            let accounts = AccountStore(fixture.db.database.sql)
            let token = try await accounts.createToken(name: "kho dữ liệu", role: .departmentStaff, unitID: nil, schoolID: nil,
                                                       canWrite: false, by: .commandLine)
            let tester = try fixture.app.testing()
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token.secret)", "Content-Type": "application/json"]
            try await tester.test(.GET, "/api/v1/students/\(fixture.outside.student)", headers: headers) { response in
                #expect(response.status == .ok)
            }
            let body = #"{"school_code":"\#(fixture.inside.schoolCode)","full_name":"Phạm Thị Mới","date_of_birth":"2016-01-02","gender":"Nữ","student_code":"TOK1"}"#
            try await tester.test(.POST, "/api/v1/students", headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .forbidden, "read-only token")
            }
            try await accounts.revokeToken(id: token.id, by: .commandLine)
            try await tester.test(.GET, "/api/v1/students/\(fixture.outside.student)", headers: headers) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }

    /// Units as of a date, one unit with what was merged into it, and cursor paging of units and a school's classes.
    @Test func unitsAsOfADateAndPagesByCursor() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), headers = fixture.headers(.teacher)
            func names(_ path: String) async throws -> [String] {
                var names: [String] = []
                try await tester.test(.GET, path, headers: headers) { response in
                    #expect(response.status == .ok, "\(path)")
                    names = (try JSONBody.object(response)["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                }
                return names
            }
            let before = try await names("/api/v1/units?as_of=2025-06-30&limit=200")
            let after = try await names("/api/v1/units?as_of=2025-07-01&limit=200")
            #expect(before.contains("Phường Minh Khai") && !before.contains("Phường Hồng Bàng"))
            #expect(after.contains("Phường Hồng Bàng") && !after.contains("Phường Minh Khai"))
            try await tester.test(.GET, "/api/v1/units?as_of=30/06/2025", headers: headers) { response in
                #expect(response.status == .badRequest)
            }
            try await tester.test(.GET, "/api/v1/units/2", headers: headers) { response in
                let body = try JSONBody.object(response)
                #expect((body["unit"] as? [String: Any])?["name"] as? String == "Phường Hồng Bàng")
                #expect((body["predecessors"] as? [[String: Any]])?.count == 3)
            }

            // Every unit once, three at a time, by following next_cursor to the end.
            var seen: [Int] = [], cursor: Int? = 0
            while let next = cursor {
                try await tester.test(.GET, "/api/v1/units?limit=3&cursor=\(next)", headers: headers) { response in
                    let body = try JSONBody.object(response)
                    seen += (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                    cursor = body["next_cursor"] as? Int
                }
            }
            #expect(seen.count == Set(seen).count && seen.count == before.count + after.count - 1, "the department stands in both")

            let school = fixture.outside.school
            var classes: [Int] = []
            try await tester.test(.GET, "/api/v1/classes?school_id=\(school)&school_year=2025-2026&limit=2", headers: fixture.headers(.departmentStaff)) { response in
                let body = try JSONBody.object(response)
                classes = (body["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? Int }
                #expect(body["next_cursor"] as? Int == classes.last)
            }
            #expect(classes.count == 2)
            var all = 0
            try await tester.test(.GET, "/api/v1/classes?school_id=\(school)&school_year=2025-2026&limit=200", headers: fixture.headers(.departmentStaff)) { response in
                all = (try JSONBody.object(response)["items"] as? [Any])?.count ?? 0
            }
            try await tester.test(.GET, "/api/v1/classes?school_id=\(school)&school_year=2025-2026&limit=\(all)", headers: fixture.headers(.departmentStaff)) { response in
                let body = try JSONBody.object(response)
                #expect((body["items"] as? [Any])?.count == all && all > 2)
                #expect(body["next_cursor"] == nil, "a full last page has no next cursor")
            }
            try await tester.test(.GET, "/api/v1/classes?school_id=\(school)&school_year=2019-2020", headers: fixture.headers(.departmentStaff)) { response in
                let items = try JSONBody.object(response)["items"] as? [Any]
                #expect(items?.isEmpty == true)
            }
        }
    }

    /// A school administrator adds a second guardian to a pupil of their school, sees them on the record and removes
    /// them; a pupil of another school is not found, a bad phone is named.
    @Test func guardiansAreAddedAndRemovedThroughTheAPI() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), headers = fixture.jsonHeaders(.schoolAdmin)
            let body = #"{"full_name":"Trần Văn Bố","phone":"0912 000 111","relationship":"Bố"}"#
            var guardian = 0
            try await tester.test(.POST, "/api/v1/students/\(fixture.inside.student)/guardians", headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .created)
                guardian = try JSONBody.object(response)["id"] as? Int ?? 0
            }
            try await tester.test(.GET, "/api/v1/students/\(fixture.inside.student)", headers: fixture.headers(.schoolAdmin)) { response in
                let guardians = try JSONBody.object(response)["guardians"] as? [[String: Any]] ?? []
                #expect(guardians.map { $0["phone"] as? String } == ["0912000111"])
            }
            try await tester.test(.POST, "/api/v1/students/\(fixture.outside.student)/guardians", headers: headers, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.POST, "/api/v1/students/\(fixture.inside.student)/guardians", headers: headers,
                                  body: ByteBuffer(string: #"{"full_name":"Trần Văn Bố","phone":"12"}"#)) { response in
                #expect(response.status == .unprocessableEntity && response.body.string.contains("phone"))
            }
            try await tester.test(.DELETE, "/api/v1/students/\(fixture.inside.student)/guardians/\(guardian)", headers: headers) { response in
                #expect(response.status == .noContent)
            }
            try await tester.test(.DELETE, "/api/v1/students/\(fixture.inside.student)/guardians/\(guardian)", headers: headers) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    /// The home page counts each unit's schools, students and staff within the caller's reach: a school administrator
    /// sees their own school's figures only; the department sees every unit, adding up to the whole registry.
    @Test func homeCountsFollowTheReach() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), sql = fixture.db.database.sql
            func count(_ query: String) async throws -> Int { try await sql.raw(SQLQueryString(query)).first(decoding: IDRow.self)!.id }
            let school = fixture.inside.school
            let students = try await count("SELECT COUNT(*) AS id FROM students WHERE school_id = \(school)")
            let staff = try await count("SELECT COUNT(*) AS id FROM staff WHERE school_id = \(school)")
            let unitName = try await sql.raw("SELECT u.name FROM units u JOIN schools s ON s.unit_id = u.id WHERE s.id = \(bind: school)")
                .first().map { try $0.decode(column: "name", as: String.self) } ?? ""
            try await tester.test(.GET, "/", headers: fixture.headers(.schoolAdmin)) { response in
                let rows = response.body.string.components(separatedBy: "<tr>").dropFirst(2)
                #expect(rows.count == 1)
                #expect(rows.first?.contains(">\(unitName)</a></td><td>1</td><td>\(students)</td><td>\(staff)</td>") == true, "\(rows)")
            }
            let allStudents = try await count("SELECT COUNT(*) AS id FROM students")
            try await tester.test(.GET, "/", headers: fixture.headers(.departmentStaff)) { response in
                let cells = response.body.string.components(separatedBy: "<tr>").dropFirst(2).map { row in
                    row.components(separatedBy: "<td>").dropFirst().map { Int($0.prefix { $0.isNumber }) ?? 0 }
                }
                #expect(cells.count > 20)
                #expect(cells.map { $0.count > 2 ? $0[2] : 0 }.reduce(0, +) == allStudents)
            }
        }
    }

    /// The accounts page shows each user's role and where it holds.
    @Test func theAccountsPageShowsRolesAndScopes() async throws {
        try await ServerFixture.with { fixture in
            let school = try await fixture.db.database.sql.raw("SELECT code, name FROM schools WHERE id = \(bind: fixture.inside.school)").first()!
            let code = try school.decode(column: "code", as: String.self), name = try school.decode(column: "name", as: String.self)
            try await fixture.app.testing().test(.GET, "/users", headers: fixture.headers(.departmentAdmin)) { response in
                let html = response.body.string
                #expect(html.contains("<td>school-admin</td><td>Test</td><td><div>Quản trị trường: \(code) \(name) <form"), "\(html.suffix(3000))")
                #expect(html.contains("<td>department-staff</td><td>Test</td><td><div>Chuyên viên Sở <form"))
                #expect(html.contains("<td>teacher</td><td>Test</td><td><div>Giáo viên: \(code)/"))
            }
        }
    }

    /// School years with their dates: the demo's year with the usual dates, which the department corrects.
    @Test func schoolYearsAreListedAndTheDepartmentSetsTheirDates() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            try await tester.test(.GET, "/api/v1/school-years", headers: fixture.headers(.teacher)) { response in
                #expect(response.body.string.contains(#"{"code":"2025-2026","ends_on":"2026-05-31","starts_on":"2025-09-05"}"#), "\(response.body.string)")
            }
            let path = "/api/v1/school-years/2025-2026"
            try await tester.test(.PUT, path, headers: fixture.jsonHeaders(.departmentStaff),
                                  body: ByteBuffer(string: #"{"starts_on":"2025-09-05","ends_on":"2026-05-29"}"#)) { response in
                #expect(response.status == .ok && response.body.string.contains(#""ends_on":"2026-05-29""#))
            }
            try await tester.test(.PUT, path, headers: fixture.jsonHeaders(.departmentStaff),
                                  body: ByteBuffer(string: #"{"starts_on":"2026-09-05","ends_on":"2026-05-29"}"#)) { response in
                #expect(response.status == .unprocessableEntity)
            }
            try await tester.test(.PUT, "/api/v1/school-years/1999-2000", headers: fixture.jsonHeaders(.departmentStaff),
                                  body: ByteBuffer(string: #"{"starts_on":"1999-09-05","ends_on":"2000-05-29"}"#)) { response in
                #expect(response.status == .notFound)
            }
            try await tester.test(.PUT, path, headers: fixture.jsonHeaders(.schoolAdmin),
                                  body: ByteBuffer(string: #"{"starts_on":"2025-09-05","ends_on":"2026-05-29"}"#)) { response in
                #expect(response.status == .forbidden)
            }
            let entries = try await AuditLog(fixture.db.database.sql).entries(entity: "school_year", entityID: "2025-2026")
            #expect(entries.map(\.after) == ["2025-09-05..2026-05-29"])
        }
    }

    /// A create with nothing in it names every required field; it is not a success that wrote nothing.
    @Test func anEmptyRecordIsRefusedByItsRequiredFields() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.app.testing().test(.POST, "/api/v1/students", headers: fixture.jsonHeaders(.departmentAdmin),
                                                 body: ByteBuffer(string: #"{"address":" "}"#)) { response in
                #expect(response.status == .unprocessableEntity)
                let outcome = try JSONBody.object(response)["outcome"] as? [String: Any] ?? [:]
                let problems = outcome["problems"] as? [[String: Any]] ?? []
                #expect(Set(problems.compactMap { $0["column"] as? String }) == ["school_code", "full_name", "date_of_birth", "gender"])
            }
        }
    }

    @Test func readingAStudentIsAudited() async throws {
        try await ServerFixture.with { fixture in
            try await fixture.app.testing().test(.GET, "/api/v1/students/\(fixture.inside.student)", headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.status == .ok)
            }
            let entries = try await AuditLog(fixture.db.database.sql).entries(entity: "student", entityID: String(fixture.inside.student))
            #expect(entries.contains { $0.action == "read" && $0.actor == "user:school-admin" })
        }
    }
}
