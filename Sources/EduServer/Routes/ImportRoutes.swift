import Access
import EduCore
import Foundation
import Registry
import Storage
import Vapor

/// Upload a sheet, then watch its job. Only this route accepts a large body, and it streams it to disk.
struct ImportRoutes: RouteCollection {
    static let maxUpload: ByteCount = "200mb"

    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RedirectToLogin())
        signedIn.get("import") { req in
            req.page(req.localizer("Nhập dữ liệu", "Import"), ImportViews.form(csrf: req.csrfToken, t: req.localizer))
        }
        signedIn.on(.POST, "import", body: .stream, use: upload)
        signedIn.get("import", "jobs", ":id", use: job)
    }

    func upload(req: Request) async throws -> Response {
        _ = try await Self.requireWriter(req)
        let upload = try await UploadSpool.multipart(req, maxSize: Self.maxUpload)
        defer { upload.remove() }
        try req.checkCSRF(upload.fields["csrf"])
        let id = try await Self.submit(req, sheet: upload.fields["sheet"] ?? "", upload: upload, dryRun: upload.fields["dry_run"] != nil)
        return req.redirect(to: "/import/jobs/\(id)")
    }

    /// Someone who may change some school's records (not a teacher, an auditor or a read-only token), checked before
    /// anything they sent is read; their reach.
    static func requireWriter(_ req: Request) async throws -> Reach {
        let principal = try req.principal(), reach = try await req.reach()
        guard !principal.readOnly, reach.writableAll || !reach.writableSchools.isEmpty else { throw Abort(.forbidden) }
        return reach
    }

    /// Shared by the web form and the API, after `requireWriter`: queues the job.
    static func submit(_ req: Request, sheet name: String, upload: SpooledUpload, dryRun: Bool) async throws -> Int {
        let principal = try req.principal()
        guard let sheet = RegistrySheet(rawValue: name) else { throw Abort(.badRequest, reason: "Unknown sheet \(name)") }
        let payload = ImportJobPayload(sheet: sheet, dryRun: dryRun, principal: principal, origin: req.origin)
        return try await ImportJobs.submit(payload, fileName: upload.filename, path: upload.path, context: req.context)
    }

    func job(req: Request) async throws -> Response {
        let (job, outcome) = try await Self.visibleJob(req)
        let response = req.page(req.localizer("Tiến trình nhập", "Import progress"), ImportViews.job(job, outcome: outcome, t: req.localizer))
        if job.state == "queued" || job.state == "running" { response.headers.replaceOrAdd(name: "Refresh", value: "2") }
        return response
    }

    /// A job is visible to whoever submitted it and to department administrators; to others it does not exist.
    static func visibleJob(_ req: Request) async throws -> (JobQueue.Job, ImportOutcome?) {
        let principal = try req.principal()
        guard let id = req.parameters.get("id", as: Int.self), let job = try await req.context.jobs.job(id: id),
              job.kind == ImportJobs.kind,
              job.createdBy == principal.ownerKey || principal.has(.departmentAdmin) else { throw Abort(.notFound) }
        let outcome = try job.result.map { try JSONDecoder().decode(ImportOutcome.self, from: Data($0.utf8)) }
        return (job, outcome)
    }
}
