import Foundation
import Tabular
import Testing
import TestSupport

/// The server's log, at the most talkative level asked for (trace, which the server takes as debug), while a staff member and a guardian use a student's personal data:
/// every line is a JSON object, and no line carries the student's name, personal ID or the guardian's phone.
@Suite struct ServerLogTests {
    struct Person { let id: Int?; let name: String, nationalID: String, phone: String, school: String }

    /// A demo student with a personal ID and a guardian's phone, from the command line's export.
    func someStudent(_ cli: CLIProcess) throws -> Person {
        let path = cli.directory.appendingPathComponent("students.csv").path
        #expect(try cli.run(["export", "students", "--out", path]).status == 0)
        let file = try TableFile.open(path: path)
        let column = { (name: String) in file.header.firstIndex(of: name)! }
        var found: Person?
        try file.forEachRecord { record in
            let cells = record.cells
            guard found == nil, !cells[column("national_id")].isEmpty, !cells[column("guardian_phone")].isEmpty else { return }
            found = Person(id: nil, name: cells[column("full_name")], nationalID: cells[column("national_id")],
                           phone: cells[column("guardian_phone")], school: cells[column("school_code")])
        }
        return try #require(found)
    }

    @Test func logsAreJSONLinesWithoutPersonalData() throws {
        var cli = try CLIProcess()
        cli.environment["EDUVN_LOG_LEVEL"] = "trace"
        let server = try RunningServer(cli)
        defer { server.stop() }
        let password = try #require(try server.printed().firstMatch(of: /password:\s+(\S+)/)?.output.1)
        let student = try someStudent(cli)
        let jar = cli.directory.appendingPathComponent("cookies").path
        let session = ["-b", jar, "-c", jar]

        _ = try server.curl("/login", session + ["-d", "username=admin", "--data-urlencode", "password=\(password)"])
        let searchPage = try #require(try server.curl("/students", session))
        let csrf = String(try #require(searchPage.firstMatch(of: /name="csrf" value="([^"]+)"/)?.output.1))
        let byName = try #require(try server.curl("/students", session + ["--data-urlencode", "q=\(student.name)", "-d", "csrf=\(csrf)"]))
        let link = String(try #require(byName.firstMatch(of: /href="(\/students\/\d+)"/)?.output.1))
        let byID = try #require(try server.curl("/students", session + ["--data-urlencode", "q=\(student.nationalID)", "-d", "csrf=\(csrf)"]))
        #expect(byID.contains(student.name))
        // The detail page shows the personal data, so it passed through the server.
        #expect(try server.curl(link, session)?.contains(student.nationalID) == true)
        // An import whose bad row repeats the student's data; its report is a page, not a log line.
        let bad = try cli.write("bad.csv", "school_code,full_name,date_of_birth,gender,national_id,guardian_phone\n"
                                + "\(student.school),\(student.name),31/02/2017,Nam,\(student.nationalID),\(student.phone)\n")
        _ = try server.curl("/import", session + ["-F", "sheet=students", "-F", "csrf=\(csrf)", "-F", "file=@\(bad)"])
        // A refused request whose query names the student: Vapor's error log names the URL.
        let query = student.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        _ = try server.curl("/credentials/register?q=\(query)", session + ["-o", "/dev/null"])
        _ = try server.curl("/students/99999999?q=\(query)", session + ["-o", "/dev/null"])
        // A guardian asks for a sign-in code.
        _ = try server.curl("/gia-dinh/ma", ["--data-urlencode", "phone=\(student.phone)"])
        Thread.sleep(forTimeInterval: 3)   // the worker claims the import within a second
        server.stop()

        let lines = try server.logged().split(separator: "\n")
        #expect(lines.contains { $0.contains(#""message":"request""#) && $0.contains(#""route":"/students/:id""#) }, "each request is logged")
        #expect(lines.contains { $0.contains(#""message":"job finished""#) }, "the import ran")
        #expect(lines.contains { $0.contains(#""url":"/students/99999999?…""#) }, "the refusal was logged, its query cut")
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["message"] is String, "not a JSON log line: \(line)")
            for value in [student.name, query, student.nationalID, student.phone] {
                #expect(!line.contains(value), "personal data in the log: \(line)")
            }
        }
        let printed = try server.printed()
        #expect(!printed.contains(student.nationalID) && !printed.contains(student.name))
    }
}
