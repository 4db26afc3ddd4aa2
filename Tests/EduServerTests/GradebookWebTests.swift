import Access
import EduServer
import Foundation
import Records
import TestSupport
import Testing
import Vapor
import VaporTesting

/// The teacher's gradebook page: cells and a pasted block saved, bad cells named by student and column, submission.
@Suite struct GradebookWebTests {
    func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&"))
    }

    /// The grid's keyboard script, served from this origin and run in Node: a spreadsheet's clipboard becomes rows of
    /// cells, a single value is left to the browser, and Enter stays in the grid at either end.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/node")))
    func theGridScriptSpreadsAPasteAndMovesDown() async throws {
        try await ServerFixture.with { fixture in
            var script = ""
            try await fixture.app.testing().test(.GET, "/assets/grid.js") { response in
                #expect(response.status == .ok && response.headers.contentType?.subType == "javascript")
                script = response.body.string
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("grid-\(UUID().uuidString).js")
            try Data(script.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let check = """
                const grid = require(process.argv[1]);
                const assert = require("assert");
                assert.deepStrictEqual(grid.spread("8\\t7,5\\t9\\r\\n6\\t\\t10\\r\\n"), [["8", "7,5", "9"], ["6", "", "10"]]);
                assert.deepStrictEqual(grid.spread("8\\n9"), [["8"], ["9"]]);
                assert.strictEqual(grid.spread("7.5"), null);
                assert.strictEqual(grid.fits([["1", "2"], ["3", "4"]], 1, 2, 3, 4), true);
                assert.strictEqual(grid.fits([["1", "2"], ["3", "4"]], 2, 2, 3, 4), false);
                assert.strictEqual(grid.fits([["1", "2", "3"]], 0, 2, 3, 4), false);
                assert.strictEqual(grid.below(0, 3, false), 1);
                assert.strictEqual(grid.below(2, 3, false), 2);
                assert.strictEqual(grid.below(0, 3, true), 0);
                console.log("ok");
                """
            let run = try ExternalProgram.run("/usr/bin/node", ["-e", check, file.path])
            #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(run.output)")
        }
    }

    /// The grid's handlers in a DOM (jsdom, from Debian) on the page the server renders: Enter moves down a column and
    /// stays at the last row, an input method's Enter is left alone, a block pasted from a spreadsheet fills the cells
    /// to the right and below, and a block that does not fit fills nothing and says so.
    @Test func theGridKeyboardAndPasteWorkOnTheRenderedPage() async throws {
        let jsdom = "/usr/share/nodejs/jsdom"
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node"), FileManager.default.fileExists(atPath: jsdom) else {
            if ProcessInfo.processInfo.environment["CI"] == "true" { Issue.record("node or jsdom is missing: scripts/install-deps installs them") }
            return
        }
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            let staffID = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            let assignment = try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: staffID, assessment: .scored,
                                                                  by: Actor(name: "t", origin: "t"))
            var page = "", script = ""
            try await tester.test(.GET, "/gradebooks/\(assignment.id)/semesters/1", headers: fixture.headers(.teacher)) { page = $0.body.string }
            try await tester.test(.GET, "/assets/grid.js") { script = $0.body.string }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grid-dom-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            try Data(page.utf8).write(to: folder.appendingPathComponent("page.html"))
            try Data(script.utf8).write(to: folder.appendingPathComponent("grid.js"))
            let check = """
                // Failures go to standard output, which the test reads.
                process.on("uncaughtException", (error) => { console.log(String(error.stack || error)); process.exit(1); });
                const fs = require("fs"), assert = require("assert"), { JSDOM } = require("jsdom");
                const dom = new JSDOM(fs.readFileSync(process.argv[1] + "/page.html", "utf8"), { runScripts: "outside-only" });
                const { window } = dom, document = window.document;
                let alerted = null;
                window.alert = (message) => { alerted = message; };
                window.eval(fs.readFileSync(process.argv[1] + "/grid.js", "utf8"));
                // The script attaches once the page is parsed, as in a browser.
                if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", () => setTimeout(check, 0)); else check();
                function check() {
                const table = document.querySelector("table.grid");
                const rows = Array.from(table.querySelectorAll("tr")).map(r => Array.from(r.querySelectorAll("input[type=text]"))).filter(r => r.length);
                assert.ok(rows.length >= 2 && rows[0].length >= 2, "a grid of inputs");
                function key(target, options) {
                  const event = new window.KeyboardEvent("keydown", Object.assign({ key: "Enter", bubbles: true, cancelable: true }, options));
                  target.focus();
                  target.dispatchEvent(event);
                  return event.defaultPrevented;
                }
                assert.ok(key(rows[0][1]) && document.activeElement === rows[1][1], "Enter moves down the column");
                assert.ok(key(rows[1][1], { shiftKey: true }) && document.activeElement === rows[0][1], "Shift+Enter moves up");
                const last = rows[rows.length - 1][0];
                key(last);
                assert.strictEqual(document.activeElement, last, "the last row stays");
                assert.ok(!key(rows[0][0], { isComposing: true }), "an input method's Enter is left alone");
                function paste(target, text) {
                  const event = new window.Event("paste", { bubbles: true, cancelable: true });
                  event.clipboardData = { getData: () => text };
                  target.dispatchEvent(event);
                  return event.defaultPrevented;
                }
                assert.ok(paste(rows[0][0], "8\\t7,5\\r\\n6\\t9\\r\\n"));
                assert.deepStrictEqual([rows[0][0].value, rows[0][1].value, rows[1][0].value, rows[1][1].value], ["8", "7,5", "6", "9"]);
                assert.ok(!paste(rows[0][0], "10"), "a single value is the browser's own paste");
                const columns = rows[0].length;
                assert.ok(paste(rows[rows.length - 1][columns - 1], "1\\t2\\n3\\t4"));
                assert.strictEqual(alerted, table.getAttribute("data-paste-overflow"));
                assert.ok(alerted && alerted.length > 0);
                assert.strictEqual(rows[rows.length - 1][columns - 1].value, "", "a block that does not fit fills nothing");
                console.log("ok");
                }
                """
            // Debian's Node modules (jsdom and what it needs) live under /usr/share/nodejs.
            let run = try ExternalProgram.run("/usr/bin/env", ["NODE_PATH=/usr/share/nodejs", "/usr/bin/node", "-e", check, folder.path])
            #expect(run.output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok", "\(run.output)")
        }
    }

    @Test func aTeacherEntersPastesAndSubmits() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let sql = fixture.db.database.sql
            let classID = fixture.inside.schoolClass
            let staffID = try #require(try await sql.raw("SELECT homeroom_staff_id AS id FROM classes WHERE id = \(bind: classID)").first(decoding: IDRow.self)).id
            let students = try await sql.raw("SELECT student_id AS id FROM enrolments WHERE class_id = \(bind: classID) ORDER BY student_id")
                .all(decoding: IDRow.self).map(\.id)
            let assignment = try await GradebookStore(sql).assign(classID: classID, subject: "Toán", staffID: staffID, assessment: .scored,
                                                                  by: Actor(name: "t", origin: "t"))
            let path = "/gradebooks/\(assignment.id)/semesters/1"
            var headers = fixture.headers(.teacher)
            headers.contentType = .urlEncodedForm
            let csrf = fixture.csrf[.teacher]!

            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .ok)
                #expect(response.body.string.contains(fixture.inside.studentName))
                #expect(response.body.string.contains("name=\"c_\(students[0])_tx_1\""))
                // Plot writes the doctype itself: exactly one.
                #expect(response.body.string.components(separatedBy: "<!DOCTYPE html>").count == 2)
                #expect(response.body.string.contains("<table class=\"grid\"") && response.body.string.contains("<script src=\"/assets/grid.js\">"))
            }
            try await tester.test(.POST, path, headers: headers, body: form(["csrf": csrf, "c_\(students[0])_tx_1": "11"])) { response in
                #expect(response.status == .unprocessableEntity)
                #expect(response.body.string.contains("TX1"))
            }
            var cells = ["csrf": csrf]
            for student in students { cells["c_\(student)_tx_1"] = "8"; cells["c_\(student)_gk_1"] = "7,5" }
            try await tester.test(.POST, path, headers: headers, body: form(cells)) { response in
                #expect(response.status == .seeOther)
            }
            // The end-term marks from a spreadsheet: TX1, TX2, GK, CK per row.
            let paste = students.map { _ in "8\t\t7.5\t9" }.joined(separator: "\r\n")
            try await tester.test(.POST, path, headers: headers, body: form(["csrf": csrf, "paste": paste])) { response in
                #expect(response.status == .seeOther)
            }
            let stored = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(stored[students[0]] == SemesterMarks(regular: [Mark("8")!], midterm: Mark("7.5"), endterm: Mark("9")))

            var other = fixture.headers(.schoolAdmin)
            other.contentType = .urlEncodedForm
            try await tester.test(.POST, path, headers: other, body: form(["csrf": fixture.csrf[.schoolAdmin]!, "c_\(students[0])_ck_1": "10"])) { response in
                #expect(response.status == .forbidden, "the school administrator does not teach it")
            }
            // A pasted row with an empty first cell keeps its columns; students after the pasted rows are left alone.
            let before = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            try await tester.test(.POST, path, headers: headers, body: form(["csrf": csrf, "paste": "\t\t7.5\t9.5\n"])) { response in
                #expect(response.status == .seeOther)
            }
            let after = try await GradebookStore(sql).semesterMarks(assignmentID: assignment.id, semester: 1)
            #expect(after[students[0]] == SemesterMarks(regular: [], midterm: Mark("7.5"), endterm: Mark("9.5")))
            for student in students.dropFirst() { #expect(after[student] == before[student]) }
            try await tester.test(.POST, path, headers: headers, body: form(["csrf": csrf, "c_\(students[0])_tx_1": "8", "c_\(students[0])_gk_1": "7.5",
                                                                            "c_\(students[0])_ck_1": "9"])) { response in
                #expect(response.status == .seeOther)
            }

            try await tester.test(.POST, path + "/submit", headers: headers, body: form(["csrf": csrf])) { response in
                #expect(response.status == .seeOther)
            }
            try await tester.test(.GET, path, headers: fixture.headers(.teacher)) { response in
                #expect(response.body.string.contains("Đã nộp"))
                #expect(response.body.string.contains("disabled"))
            }
            try await tester.test(.GET, path, headers: fixture.headers(.communeOfficer)) { response in
                #expect(response.status == .ok, "a commune officer reaches the class")
            }
        }
    }
}
