@testable import EduServer
import Access
import Crypto
import EduCore
import Foundation
import Storage
import Tabular
import Testing
import TestSupport
import Vapor
import VaporTesting

@Suite struct ImportJobTests {
    /// Upload through the API, let a worker claim and run the job, read the report back.
    @Test func anUploadedSheetIsImportedByAWorker() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let csv = "school_code,full_name,date_of_birth,gender,student_code\n\(fixture.inside.schoolCode),Đỗ Minh Khang,2016-05-06,Nam,UP1\n"
            var headers = fixture.headers(.schoolAdmin)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            headers.replaceOrAdd(name: "X-CSRF-Token", value: fixture.csrf[.schoolAdmin]!)
            var jobID = 0
            try await tester.test(.POST, "/api/v1/imports?sheet=students&format=csv", headers: headers, body: ByteBuffer(string: csv)) { response in
                #expect(response.status == .accepted)
                jobID = try response.content.decode(DTO.ImportJob.self, using: Self.decoder).id
            }
            let context = fixture.app.context
            let job = try #require(try await context.jobs.claim(kinds: [ImportJobs.kind], worker: "test"))
            #expect(job.id == jobID)
            await ImportJobs.run(job, context: context, logger: fixture.app.logger)
            try await tester.test(.GET, "/api/v1/imports/\(jobID)", headers: fixture.headers(.schoolAdmin)) { response in
                let report = try response.content.decode(DTO.ImportJob.self, using: Self.decoder)
                #expect(report.state == "done")
                #expect(report.outcome?.summaryLine == "created 1, updated 0, unchanged 0, rejected 0")
            }
            // Someone else, even in the same school, cannot see the job.
            try await tester.test(.GET, "/api/v1/imports/\(jobID)", headers: fixture.headers(.teacher)) { response in
                #expect(response.status == .notFound)
            }
            // The monitoring figures name the import's rows and the job, by kind and outcome, never a person.
            try await tester.test(.GET, "/metrics") { response in
                let lines = response.body.string.split(separator: "\n")
                #expect(lines.contains { $0.hasPrefix("eduvn_import_rows_total{") && $0.contains(#"sheet="students""#) && $0.contains(#"outcome="created""#) })
                #expect(lines.contains { $0.hasPrefix("eduvn_jobs_total{") && $0.contains(#"kind="import""#) && $0.contains(#"state="done""#) })
                #expect(lines.contains { $0.hasPrefix("eduvn_http_request_duration_seconds") && $0.contains(#"route="/api/v1/imports""#) })
                #expect(!response.body.string.contains("Đỗ Minh Khang"))
            }
        }
    }

    /// What a job keeps at rest holds no personal ID in clear: the uploaded sheet is sealed while it waits, and the stored
    /// report masks the IDs its warnings quote. A refused file is named as it was uploaded, not as the worker stored it.
    @Test func aJobKeepsNoPersonalIDInClearAndNamesTheUpload() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing(), context = fixture.app.context, sql = fixture.db.database.sql
            // A boy with a girl's century digit: a warning that quotes the ID.
            let csv = "school_code,full_name,date_of_birth,gender,student_code,national_id\n\(fixture.inside.schoolCode),Đỗ Minh Khang,2017-03-04,Nam,UP9,031317000777\n"
            struct Stored: Decodable { let content: Data }
            func submit(_ bytes: String, as filename: String) async throws -> JobQueue.Job {
                let (headers, body) = fixture.upload(Array(bytes.utf8), filename: filename, fields: ["sheet": "students"], as: .schoolAdmin)
                try await tester.test(.POST, "/import", headers: headers, body: body) { #expect($0.status == .seeOther) }
                return try #require(try await context.jobs.claim(kinds: [ImportJobs.kind], worker: "test"))
            }
            let job = try await submit(csv, as: "hs.csv")
            let waiting = try await sql.raw("SELECT content FROM job_file_chunks WHERE job_id = \(bind: job.id)").all(decoding: Stored.self)
            #expect(waiting.count == 1 && !String(decoding: waiting[0].content, as: UTF8.self).contains("031317000777"))
            await ImportJobs.run(job, context: context, logger: fixture.app.logger)
            struct Result: Decodable { let state: String; let result: String?; let error: String? }
            let done = try #require(try await sql.raw("SELECT state, result, error FROM jobs WHERE id = \(bind: job.id)").first(decoding: Result.self))
            #expect(done.state == "done" && done.result?.contains("•••••••••777") == true && done.result?.contains("031317000777") == false,
                    "\(done)")

            let refused = try await submit(csv, as: "danh-sach.xlsx")
            await ImportJobs.run(refused, context: context, logger: fixture.app.logger)
            let failed = try #require(try await sql.raw("SELECT state, result, error FROM jobs WHERE id = \(bind: refused.id)").first(decoding: Result.self))
            #expect(failed.state == "failed" && failed.error?.contains("“danh-sach.xlsx”") == true && failed.error?.contains("eduvn-job") == false,
                    "\(failed)")
        }
    }

    /// Pieces are sealed behind a mark; a piece queued in clear before sealing began still reads.
    @Test func uploadPiecesAreSealedAndOldOnesStillRead() throws {
        let cipher = PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))
        let piece = Data("school_code,national_id\n03110001,031317000777\n".utf8)
        let stored = try UploadPieces.seal(piece, cipher)
        #expect(stored.starts(with: UploadPieces.mark) && !String(decoding: stored, as: UTF8.self).contains("031317000777"))
        #expect(try UploadPieces.open(stored, cipher) == piece)
        #expect(try UploadPieces.open(piece, cipher) == piece)
        #expect(throws: (any Error).self) { try UploadPieces.open(stored, PersonalDataCipher(dataKey: SymmetricKey(size: .bits256))) }
    }

    /// The web form's dry run: the progress page while the job waits, then the rows it would write, and nothing written.
    @Test func aWebDryRunShowsProgressThenWhatWouldBeWritten() async throws {
        try await ServerFixture.with { fixture in
            let tester = try fixture.app.testing()
            let csv = "school_code,full_name,date_of_birth,gender,student_code\n\(fixture.inside.schoolCode),Đỗ Minh Khang,2016-05-06,Nam,UP3\n"
            let (headers, body) = fixture.upload(Array(csv.utf8), filename: "hs.csv", fields: ["sheet": "students", "dry_run": "1"], as: .schoolAdmin)
            var page = ""
            try await tester.test(.POST, "/import", headers: headers, body: body) { response in
                #expect(response.status == .seeOther)
                page = response.headers.first(name: .location) ?? ""
            }
            #expect(page.hasPrefix("/import/jobs/"))
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                #expect(response.headers.first(name: "Refresh") == "2")
                #expect(response.body.string.contains("<progress max=\"100\" value=\"0\">"))
            }
            let context = fixture.app.context
            let job = try #require(try await context.jobs.claim(kinds: [ImportJobs.kind], worker: "test"))
            await ImportJobs.run(job, context: context, logger: fixture.app.logger)
            try await tester.test(.GET, page, headers: fixture.headers(.schoolAdmin)) { response in
                let html = response.body.string
                #expect(response.headers.first(name: "Refresh") == nil)
                #expect(html.contains("Chạy thử: created 1, updated 0, unchanged 0, rejected 0"))
                #expect(html.contains("<td>2</td><td>tạo mới</td><td>\(fixture.inside.schoolCode) UP3 Đỗ Minh Khang</td>"))
            }
            let written = try await fixture.db.database.sql.raw("SELECT COUNT(*) AS id FROM students WHERE student_code = 'UP3'").first(decoding: IDRow.self)!.id
            #expect(written == 0)
        }
    }

    /// The streaming form parser: a quoted file name may hold a `;`, and a body cut before its closing boundary is refused.
    @Test func uploadsAreReadWholeOrNotAtAll() async throws {
        #expect(UploadSpool.parameter("name", in: #"form-data; name="file"; filename="lớp 6A;B.csv""#) == "file")
        #expect(UploadSpool.parameter("filename", in: #"form-data; name="file"; filename="lớp 6A;B.csv""#) == "lớp 6A;B.csv")
        #expect(UploadSpool.parameter("name", in: "form-data; filename=x.csv") == nil)
        try await ServerFixture.with { fixture in
            let csv = "school_code,full_name,date_of_birth,gender,student_code\n\(fixture.inside.schoolCode),Đỗ Minh Khang,2016-05-06,Nam,UP4\n"
            var (headers, body) = fixture.upload(Array(csv.utf8), filename: "hs.csv", fields: ["sheet": "students"], as: .schoolAdmin)
            let whole = body.readableBytes
            body = body.getSlice(at: 0, length: whole - 40)!
            try await fixture.app.testing().test(.POST, "/import", headers: headers, body: body) { response in
                #expect(response.status == .badRequest)
            }
            let queued = try await fixture.db.database.sql.raw("SELECT COUNT(*) AS id FROM jobs").first(decoding: IDRow.self)!.id
            #expect(queued == 0)
        }
    }

    @Test func aSchoolAdministratorCannotImportIntoAnotherSchool() async throws {
        try await ServerFixture.with { fixture in
            let csv = "school_code,full_name,date_of_birth,gender,student_code\n\(fixture.outside.schoolCode),Đỗ Minh Khang,2016-05-06,Nam,UP2\n"
            var headers = fixture.headers(.schoolAdmin)
            headers.contentType = HTTPMediaType(type: "text", subType: "csv")
            headers.replaceOrAdd(name: "X-CSRF-Token", value: fixture.csrf[.schoolAdmin]!)
            try await fixture.app.testing().test(.POST, "/api/v1/imports?sheet=students&format=csv", headers: headers, body: ByteBuffer(string: csv)) { response in
                #expect(response.status == .accepted)
            }
            let context = fixture.app.context
            let job = try #require(try await context.jobs.claim(kinds: [ImportJobs.kind], worker: "test"))
            await ImportJobs.run(job, context: context, logger: fixture.app.logger)
            let outcome = try JSONDecoder().decode(Registry.ImportOutcome.self, from: Data(try #require(try await context.jobs.job(id: job.id)?.result).utf8))
            #expect(outcome.rejected == 1)
            #expect(outcome.problems.first?.column == "school_code")
        }
    }

    /// A report waits (on SQLite, for the connection the import holds); those after it are dropped, not queued.
    /// Waits on signals, not on a clock: a full suite can keep the task pool busy for a minute and more.
    @Test(.timeLimit(.minutes(10))) func progressReportsDoNotPileUp() async throws {
        let sent = ProgressReports()
        let gate = AsyncStream<Void>.makeStream(), ended = AsyncStream<Void>.makeStream()
        defer { gate.continuation.finish() }
        let reporter = ProgressReporter(every: 0) { fraction in
            sent.add(fraction)
            for await _ in gate.stream { break }
            ended.continuation.yield()
        }
        reporter.report(0.1)
        reporter.report(0.2)
        gate.continuation.yield()
        for await _ in ended.stream { break }
        // The first report's task frees the way right after its send returns.
        while sent.values.count < 2 {
            reporter.report(0.3)
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(sent.values == [0.1, 0.3], "the second waited on nothing and was dropped; the third went once the first was done")
    }

    @Test func templatesDownloadWithTheImportHeader() async throws {
        try await ServerFixture.with { fixture in
            for format in ["csv", "xlsx"] {
                try await fixture.app.testing().test(.GET, "/templates/students.\(format)", headers: fixture.headers(.teacher)) { response in
                    #expect(response.status == .ok)
                    let path = try TestFiles.path("template.\(format)")
                    try Data(response.body.readableBytesView).write(to: URL(fileURLWithPath: path))
                    let table = try TableFile.open(path: path)
                    #expect(table.format.rawValue == format)
                    #expect(table.header.first == "school_code" && table.header.contains("national_id"))
                }
            }
        }
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()
}

import Registry
