import Access
import Credentials
import EduCore
import Foundation
import Vapor

/// Double entry of old registers (`/credentials/transcriptions`), for department staff: open a batch for a register
/// page (its scan uploaded with it), hand in a transcription (a register file, the import's template), and, as a
/// third person, settle where the two transcriptions differ and register the batch. Only the two uploads take a large
/// body. Read-only sessions and other roles see nothing here, and only people signed in (not API tokens) type or
/// settle: one person must not be both operators, or operator and third person, through a token.
struct TranscriptionRoutes: RouteCollection {
    static let maxUpload: ByteCount = "25mb"

    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "transcriptions", use: list)
        staff.on(.POST, "credentials", "transcriptions", body: .collect(maxSize: Self.maxUpload), use: open)
        staff.get("credentials", "transcriptions", ":id", use: show)
        staff.on(.POST, "credentials", "transcriptions", ":id", "transcription", body: .collect(maxSize: Self.maxUpload), use: submit)
        staff.post("credentials", "transcriptions", ":id", "resolutions", use: resolve)
        staff.post("credentials", "transcriptions", ":id", "settle", use: settle)
    }

    func list(req: Request) async throws -> Response {
        try await renderList(req)
    }

    func open(req: Request) async throws -> Response {
        struct Upload: Content { let csrf: String?; let label: String?; let issuer: String?; let scan: File? }
        let upload = try req.content.decode(Upload.self)
        try req.checkCSRF(upload.csrf)
        let (_, actor) = try Self.staff(req, changing: true)
        do {
            let scan = try upload.scan.flatMap { file in file.data.readableBytes == 0 ? nil : (try PageScan(content: Array(file.data.readableBytesView)), file.filename) }
            let id = try await req.context.database.transaction {
                try await TranscriptionStore($0, cipher: req.context.cipher).open(label: upload.label ?? "", issuer: upload.issuer ?? "", pageScan: scan, by: actor)
            }
            return req.redirect(to: "/credentials/transcriptions/\(id)")
        } catch let error as EduError {
            return try await renderList(req, error: error.message, status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        let done = req.query[String.self, at: "done"].map { Self.done[$0] ?? Bilingual(vi: "Đã lưu.", en: "Saved.") }
        return try await render(req, message: done)
    }

    /// An operator's transcription: the register file template, every bad cell named by row and column.
    func submit(req: Request) async throws -> Response {
        struct Upload: Content { let csrf: String?; let file: File }
        let (person, actor) = try Self.staff(req, changing: true)
        let upload = try req.content.decode(Upload.self)
        try req.checkCSRF(upload.csrf)
        let id = try req.id()
        // The upload's own name, so that messages about the file name it.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("eduvn-transcription-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let name = URL(fileURLWithPath: upload.file.filename).lastPathComponent
            let path = folder.appendingPathComponent(name.isEmpty || name.hasPrefix(".") ? "ban-nhap.csv" : name).path
            try Data(buffer: upload.file.data).write(to: URL(fileURLWithPath: path))
            let lines: [RegisterEntryDraft]
            do {
                lines = try RegisterFile.read(path, today: .today).rows.all().map(\.entry)
            } catch let error as EduError {
                return try await render(req, error: error.message, status: .unprocessableEntity)
            }
            try await req.context.database.transaction {
                try await TranscriptionStore($0, cipher: req.context.cipher).submit(batchID: id, lines: lines, by: person, actor: actor)
            }
        } catch let rejected as InputRejected {
            return try await render(req, problems: rejected.problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, error: error.message, status: Self.status(of: error))
        }
        return req.redirect(to: "/credentials/transcriptions/\(id)?done=typed")
    }

    /// The third person's choices: `v:KEY:FIELD` one of the typed values (`TranscriptionViews.emptyChoice` for an
    /// empty one; keep/drop for a whole line), `o:KEY:FIELD` another value, which wins when given; `drop` the key of
    /// any line to leave out. A difference left unchosen stays open.
    func resolve(req: Request) async throws -> Response {
        let form = try req.content.decode([String: String].self)
        try req.checkCSRF(form["csrf"])
        let (person, actor) = try Self.staff(req, changing: true)
        let id = try req.id()
        var resolutions: [(pairKey: String, field: String, value: String)] = []
        for (name, chosen) in form where name.hasPrefix("v:") {
            let parts = name.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3 else { throw Abort(.badRequest) }
            let other = form["o:\(parts[1]):\(parts[2])"]?.trimmingCharacters(in: .whitespaces) ?? ""
            let value = other.isEmpty ? chosen : other
            if value == TranscriptionViews.emptyChoice {
                resolutions.append((String(parts[1]), String(parts[2]), ""))
            } else if !value.isEmpty {
                resolutions.append((String(parts[1]), String(parts[2]), value))
            }
        }
        if let line = form["drop"]?.trimmingCharacters(in: .whitespaces), !line.isEmpty {
            resolutions.append((line, DoubleEntry.lineField, DoubleEntry.LineChoice.drop.rawValue))
        }
        let chosen = resolutions
        do {
            try await req.context.database.transaction {
                try await TranscriptionStore($0, cipher: req.context.cipher).resolve(batchID: id, chosen, by: person, actor: actor)
            }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: Self.status(of: error))
        }
        return req.redirect(to: "/credentials/transcriptions/\(id)?done=resolved")
    }

    func settle(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        try req.checkCSRF(try req.content.decode(Form.self).csrf)
        let (person, actor) = try Self.staff(req, changing: true)
        let id = try req.id()
        do {
            _ = try await req.context.database.transaction {
                try await TranscriptionStore($0, cipher: req.context.cipher).settle(batchID: id, today: .today, by: person, actor: actor)
            }
        } catch let rejected as InputRejected {
            return try await render(req, problems: rejected.problems, status: .unprocessableEntity)
        } catch let error as EduError {
            return try await render(req, error: error.message, status: Self.status(of: error))
        }
        return req.redirect(to: "/credentials/transcriptions/\(id)?done=settled")
    }

    private static let done: [String: Bilingual] = [
        "typed": Bilingual(vi: "Đã nhận bản nhập.", en: "Transcription received."),
        "resolved": Bilingual(vi: "Đã lưu lựa chọn.", en: "Choices saved."),
        "settled": Bilingual(vi: "Đã vào sổ gốc.", en: "Registered."),
    ]

    /// Department staff, not read-only (the pages show personal data); `changing`: signed in as a person, not a token.
    private static func staff(_ req: Request, changing: Bool = false) throws -> (Transcriber, Actor) {
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !principal.readOnly, !changing || principal.kind == .user else { throw Abort(.forbidden) }
        return (Transcriber(key: principal.ownerKey, name: principal.name), try req.actor())
    }

    private static func status(of error: EduError) -> HTTPResponseStatus {
        switch error.code {
        case "transcriptions.not_found": .notFound
        case "transcriptions.label", "transcriptions.issuer", "transcriptions.empty", "transcriptions.line", "transcriptions.field": .unprocessableEntity
        default: .conflict
        }
    }

    private func renderList(_ req: Request, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        _ = try Self.staff(req)
        let batches = try await TranscriptionStore(req.context.database.sql, cipher: req.context.cipher).batches()
        return req.page(req.localizer("Nhập liệu hai lần", "Double entry"), status: status,
                        TranscriptionViews.List(batches: batches, error: error, csrf: req.csrfToken, t: req.localizer))
    }

    private func render(_ req: Request, message: Bilingual? = nil, error: Bilingual? = nil, problems: [RowProblem] = [],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let (person, actor) = try Self.staff(req)
        let store = TranscriptionStore(req.context.database.sql, cipher: req.context.cipher)
        guard let batch = try await store.batch(id: try req.id()) else { throw Abort(.notFound) }
        let comparison = try await store.comparison(batchID: batch.id, by: actor)
        return req.page(batch.label, status: status, TranscriptionViews.Batch(
            batch: batch, comparison: comparison, viewer: person, changes: !(try req.principal().readOnly), message: message, error: error,
            problems: problems, csrf: req.csrfToken, t: req.localizer))
    }
}
