import Access
import Credentials
import EduCore
import Vapor

/// `/credentials/register`, for department staff: find an entry of the register, see it with its page scan, history
/// and issuances (reads audited), and, signed in as a person who is not read-only, correct or revoke it by a decision.
struct RegisterEntryRoutes: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let staff = routes.grouped(RedirectToLogin())
        staff.get("credentials", "register", use: search)
        staff.get("credentials", "register", ":id", use: entry)
        staff.post("credentials", "register", ":id", "correct", use: correct)
        staff.post("credentials", "register", ":id", "revoke", use: revoke)
        staff.post("credentials", "register", ":id", "verify", use: verify)
        staff.on(.POST, "credentials", "register", ":id", "scan", body: .collect(maxSize: TranscriptionRoutes.maxUpload), use: attachScan)
    }

    func search(req: Request) async throws -> Response {
        let actor = try Self.staff(req)
        let query = req.query[String.self, at: "q"] ?? ""
        let year = req.query[String.self, at: "year"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let results = query.trimmingCharacters(in: .whitespaces).isEmpty ? nil
            : try await RegisterEntries(req.context.database.sql, cipher: req.context.cipher).find(query, graduationYear: year, by: actor)
        return req.page(req.localizer("Sổ gốc văn bằng", "The credentials register"),
                        RegisterEntryViews.Search(query: query, year: year, results: results, t: req.localizer))
    }

    func entry(req: Request) async throws -> Response {
        let message: Bilingual? = switch req.query[String.self, at: "done"] {
        case "corrected": Bilingual(vi: "Đã ghi đính chính.", en: "The correction is recorded.")
        case "revoked": Bilingual(vi: "Đã thu hồi văn bằng.", en: "The credential is revoked.")
        case "scan": Bilingual(vi: "Đã gắn ảnh trang sổ gốc.", en: "The page scan is attached.")
        case "verified": Bilingual(vi: "Đã ghi nhận việc đối chiếu.", en: "The check is recorded.")
        default: nil
        }
        return try await render(req, message: message)
    }

    func correct(req: Request) async throws -> Response {
        struct Form: Content {
            let csrf: String?, decisionNumber: String?, decisionDate: String?
            enum CodingKeys: String, CodingKey { case csrf, decisionNumber = "decision_number", decisionDate = "decision_date" }
        }
        let form = try req.content.decode(Form.self)
        let fields = try req.content.decode([String: String].self)
        // An unknown gender is offered as an empty choice: leaving it empty is no change.
        let changes = Dictionary(uniqueKeysWithValues: RegisterStore.CorrectableField.allCases.compactMap { field in
            fields[field.rawValue].flatMap { field == .gender && $0.isEmpty ? nil : (field, $0) }
        })
        return try await change(req, csrf: form.csrf, decision: (form.decisionNumber, form.decisionDate), done: "corrected") { store, id, number, date, actor in
            try await store.correct(entryID: id, changes: changes, decisionNumber: number, decisionDate: date, by: actor)
        }
    }

    func revoke(req: Request) async throws -> Response {
        struct Form: Content {
            let csrf: String?, decisionNumber: String?, decisionDate: String?, ground: String?
            enum CodingKeys: String, CodingKey { case csrf, ground, decisionNumber = "decision_number", decisionDate = "decision_date" }
        }
        let form = try req.content.decode(Form.self)
        let ground = form.ground.flatMap(RevocationGround.init(rawValue:))
        return try await change(req, csrf: form.csrf, decision: (form.decisionNumber, form.decisionDate), done: "revoked") { store, id, number, date, actor in
            guard let ground else { throw RegisterEntryAPIRoutes.unknownGround }
            try await store.revoke(entryID: id, ground: ground, decisionNumber: number, decisionDate: date, by: actor)
        }
    }

    /// The record of a check against the paper register, for an entry registered without one.
    func verify(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String?; let record: String? }
        let form = try req.content.decode(Form.self)
        try req.checkCSRF(form.csrf)
        let actor = try Self.staff(req, changing: true)
        let id = try req.id()
        let (cipher, record) = (req.context.cipher, form.record ?? "")
        do {
            try await req.context.database.transaction { try await RegisterStore($0, cipher: cipher).verify(entryID: id, record: record, by: actor) }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: error.code == "credentials.not_found" ? .notFound : .unprocessableEntity)
        }
        return req.redirect(to: "/credentials/register/\(id)?done=verified")
    }

    /// The scanned register page of an entry registered without one.
    func attachScan(req: Request) async throws -> Response {
        struct Upload: Content { let csrf: String?; let scan: File? }
        let upload = try req.content.decode(Upload.self)
        try req.checkCSRF(upload.csrf)
        let actor = try Self.staff(req, changing: true)
        let id = try req.id()
        do {
            guard let file = upload.scan, file.data.readableBytes > 0 else {
                throw EduError("scans.empty", vi: "Chưa chọn tệp ảnh trang sổ", en: "No page scan was chosen")
            }
            let scan = try PageScan(content: Array(file.data.readableBytesView))
            let name = URL(fileURLWithPath: file.filename).lastPathComponent
            try await req.context.database.transaction { try await PageScanStore($0).attach(scan, name: name, toEntry: id, by: actor) }
        } catch let error as EduError {
            return try await render(req, error: error.message, status: error.code == "credentials.not_found" ? .notFound : .unprocessableEntity)
        }
        return req.redirect(to: "/credentials/register/\(id)?done=scan")
    }

    /// Checks the form, then makes the change; a refusal shows the entry again with the reason.
    private func change(_ req: Request, csrf: String?, decision: (number: String?, date: String?), done: String,
                        _ make: @escaping @Sendable (RegisterStore, Int, String, CalendarDate, Actor) async throws -> Void) async throws -> Response {
        try req.checkCSRF(csrf)
        let actor = try Self.staff(req, changing: true)
        let id = try req.id()
        do {
            try await req.changeRegisterEntry(id, decision: decision, by: actor, make)
        } catch let error as EduError {
            return try await render(req, error: error.message, status: error.code == "credentials.not_found" ? .notFound : .unprocessableEntity)
        }
        return req.redirect(to: "/credentials/register/\(id)?done=\(done)")
    }

    /// Department staff; `changing`: signed in as a person (not an API token) and not read-only.
    private static func staff(_ req: Request, changing: Bool = false) throws -> Actor {
        let principal = try req.principal()
        guard principal.isDepartmentStaff, !changing || (principal.kind == .user && !principal.readOnly) else { throw Abort(.forbidden) }
        return try req.actor()
    }

    private func render(_ req: Request, message: Bilingual? = nil, error: Bilingual? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try Self.staff(req)
        let principal = try req.principal()
        guard let entry = try await RegisterEntries(req.context.database.sql, cipher: req.context.cipher).entry(id: try req.id(), by: actor)
        else { throw Abort(.notFound) }
        let history = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher).history(entryID: entry.summary.id, by: actor)
        let page = RegisterEntryViews.Entry(entry: entry, history: history, canChange: principal.kind == .user && !principal.readOnly,
                                            message: message, error: error, csrf: req.csrfToken, t: req.localizer)
        return req.page(req.localizer("Văn bằng \(entry.summary.serial)", "Credential \(entry.summary.serial)"), status: status, page)
    }
}

extension Request {
    /// Reads the decision's date (`YYYY-MM-DD` or `dd/mm/yyyy`), then corrects or revokes an entry in one transaction.
    func changeRegisterEntry(_ id: Int, decision: (number: String?, date: String?), by actor: Actor,
                             _ make: @escaping @Sendable (RegisterStore, Int, String, CalendarDate, Actor) async throws -> Void) async throws {
        guard case .success(let date) = CalendarDate.parse(decision.date ?? "") else {
            throw EduError("credentials.decision", vi: "Ngày quyết định không hợp lệ (dd/mm/yyyy hoặc YYYY-MM-DD)",
                           en: "The decision date is not valid (dd/mm/yyyy or YYYY-MM-DD)")
        }
        let cipher = context.cipher
        try await context.database.transaction { db in
            try await make(RegisterStore(db, cipher: cipher), id, decision.number ?? "", date, actor)
        }
    }
}
