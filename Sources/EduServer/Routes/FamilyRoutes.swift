import Access
import EduCore
import Foundation
import Records
import Registry
import Vapor

/// Guardians' pages (`/gia-dinh`): sign in with a one-time code sent to the phone the school recorded, then see each
/// child's own results and học bạ, nothing about classmates and no ranking. The family session has its own cookie,
/// scoped to these pages, so a family never reaches a staff page and a staff session never counts as a family's.
struct FamilyRoutes: RouteCollection {
    static let sessionCookie = "eduvn_family"
    static let challengeCookie = "eduvn_code"

    func boot(routes: any RoutesBuilder) throws {
        let family = routes.grouped("gia-dinh")
        family.get(use: home)
        family.post("ma", use: sendCode)
        family.post("dang-nhap", use: signIn)
        family.post("dang-xuat", use: signOut)
        family.get("con", ":id", use: child)
        family.get("con", ":id", "hoc-ba", ":document", use: hocBa)
    }

    private func title(_ req: Request) -> String { req.localizer("Phụ huynh, học sinh", "Families") }

    func home(req: Request) async throws -> Response {
        guard let session = try await req.familySession() else {
            return req.page(title(req), FamilyViews.phoneForm(problem: nil, available: req.context.codeDelivery != nil, t: req.localizer))
        }
        let children = try await req.familyRegistry.children(of: session.account.phone)
        return req.page(title(req), FamilyViews.home(children, session: session, t: req.localizer))
    }

    /// Sends a code; the browser keeps the challenge in a cookie, so only this browser can use the code.
    func sendCode(req: Request) async throws -> Response {
        struct Form: Content { let phone: String }
        let t = req.localizer
        guard let delivery = req.context.codeDelivery else { throw Abort(.notFound) }
        try req.requireSameOrigin()
        guard let phone = PhoneNumber(try req.content.decode(Form.self).phone) else {
            return req.page(title(req), status: .unprocessableEntity, FamilyViews.phoneForm(problem: PhoneNumber.rule, available: true, t: t))
        }
        let store = req.context.families
        guard let challenge = try await store.requestCode(phone: phone, origin: req.origin) else {
            return req.page(title(req), status: .tooManyRequests, FamilyViews.phoneForm(
                problem: Bilingual(vi: "Đã gửi quá nhiều mã: hãy thử lại sau 15 phút.", en: "Too many codes sent: try again in 15 minutes."),
                available: true, t: t))
        }
        do {
            try await delivery.deliver(code: challenge.code, to: phone)
        } catch {
            // The gateway's address and its answer are the operator's business, not the visitor's.
            req.logger.warning("sign-in code not delivered", metadata: ["code": .string(error.code)])
            try await store.withdraw(challenge)
            return req.page(title(req), status: .serviceUnavailable, FamilyViews.phoneForm(
                problem: Bilingual(vi: "Chưa gửi được mã: dịch vụ tin nhắn đang gián đoạn, hãy thử lại sau.",
                                   en: "The code could not be sent: the text-message service is down, try again later."),
                available: true, t: t))
        }
        let response = req.page(title(req), FamilyViews.codeForm(phone: phone, failed: false, t: t))
        response.cookies[Self.challengeCookie] = cookie(challenge.token, lifetime: FamilyAccountStore.codeLifetime, req)
        return response
    }

    func signIn(req: Request) async throws -> Response {
        struct Form: Content { let code: String }
        try req.requireSameOrigin()
        let code = try req.content.decode(Form.self).code
        let store = req.context.families
        guard let challenge = req.cookies[Self.challengeCookie]?.string,
              let account = try await store.verify(challenge: challenge, code: code, origin: req.origin) else {
            return req.page(title(req), status: .unauthorized, FamilyViews.codeForm(phone: nil, failed: true, t: req.localizer))
        }
        let session = try await store.startSession(accountID: account.id)
        let response = req.redirect(to: "/gia-dinh")
        response.cookies[Self.sessionCookie] = cookie(session.token, lifetime: FamilyAccountStore.absoluteLifetime, req)
        response.cookies[Self.challengeCookie] = expired(req)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        struct Form: Content { let csrf: String? }
        guard let session = try await req.familySession() else { return req.redirect(to: "/gia-dinh") }
        try session.checkCSRF(try req.content.decode(Form.self).csrf)
        if let token = req.cookies[Self.sessionCookie]?.string { try await req.context.families.endSession(token: token) }
        let response = req.redirect(to: "/gia-dinh")
        response.cookies[Self.sessionCookie] = expired(req)
        return response
    }

    /// One child's record: the school, each approved semester's results, the year once both are approved, the học bạ.
    func child(req: Request) async throws -> Response {
        let (session, child) = try await ownChild(req)
        var own: OwnYear?, ownPrimary: OwnPrimaryYear?
        if let classID = child.classId {
            let gradebooks = req.context.records.gradebooks(req.context.database.sql)
            if child.grade.map(GradebookStore.isPrimary) == true {
                ownPrimary = try await gradebooks.ownPrimaryYear(studentID: child.id, classID: classID)
            } else {
                own = try await gradebooks.ownYear(studentID: child.id, classID: classID)
            }
        }
        let store = try req.context.hocBa()
        let signed = try await store.latestSigned(studentID: child.id)
        let inProgress = try await store.currentVersions(studentID: child.id).filter { $0.nextSigner != nil }
        let historic = try await HistoricResultsStore(req.context.database.sql, cipher: req.context.cipher).results(studentID: child.id)
        return req.page(child.fullName, FamilyViews.child(child, year: own, primaryYear: ownPrimary, historic: historic, signed: signed, inProgress: inProgress,
                                                          session: session, t: req.localizer))
    }

    /// The child's học bạ of a year as the school last signed it in full; superseded versions stay with the school.
    func hocBa(req: Request) async throws -> Response {
        let (session, child) = try await ownChild(req)
        guard let id = req.parameters.get("document", as: Int.self),
              let document = try await req.context.hocBa().latestSigned(studentID: child.id).first(where: { $0.id == id }) else {
            throw Abort(.notFound)
        }
        try await AuditLog(req.context.database.sql).append(
            AuditEvent(action: "read_family", entity: "hoc_ba", entityID: String(document.id)), by: session.actor(req))
        return Response(status: .ok, headers: ["Content-Type": "application/pdf", "Cache-Control": "no-store",
                                               "Content-Disposition": "attachment; filename=\"hoc-ba-\(document.schoolYear)-v\(document.version).pdf\""],
                        body: .init(data: Data(document.pdf)))
    }

    /// The signed-in family and one of its children; a child of anyone else is a 404, like a missing one.
    private func ownChild(_ req: Request) async throws -> (FamilyAccountStore.Session, FamilyRegistry.Child) {
        let session = try await req.family()
        guard let id = req.parameters.get("id", as: Int.self),
              let child = try await req.familyRegistry.child(
                id: id, of: session.account.phone, by: session.actor(req)) else { throw Abort(.notFound) }
        return (session, child)
    }

    private func cookie(_ value: String, lifetime: TimeInterval, _ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: value, maxAge: Int(lifetime), path: "/gia-dinh", isSecure: req.context.secureCookies,
                          isHTTPOnly: true, sameSite: .strict)
    }

    private func expired(_ req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), path: "/gia-dinh", isSecure: req.context.secureCookies,
                          isHTTPOnly: true, sameSite: .strict)
    }
}

extension Request {
    var familyRegistry: FamilyRegistry { FamilyRegistry(context.database.sql, cipher: context.cipher) }

    /// The family signed in on this browser, if any.
    func familySession() async throws -> FamilyAccountStore.Session? {
        guard let token = cookies[FamilyRoutes.sessionCookie]?.string else { return nil }
        return try await context.families.session(token: token)
    }

    /// Forms posted before there is a session carry no CSRF token: a browser's Origin (or Referer) naming another site
    /// means another site's page is posting them (to send texts at our cost, or sign a visitor in), and is refused.
    func requireSameOrigin() throws {
        guard let claimed = headers.first(name: "Origin") ?? headers.first(name: .referer) else { return }
        // This server as the browser reached it, or as the public reaches it through a proxy.
        let own = [headers.first(name: .host).flatMap { URLComponents(string: "http://\($0)")?.host }, URLComponents(string: context.publicURL)?.host]
        guard let host = URLComponents(string: claimed)?.host?.lowercased(), own.contains(where: { $0?.lowercased() == host }) else {
            throw Abort(.forbidden, reason: "Cross-site form")
        }
    }

    /// The family signed in on this browser; anyone else is sent to the family sign-in.
    func family() async throws -> FamilyAccountStore.Session {
        guard let session = try await familySession() else { throw Abort.redirect(to: "/gia-dinh") }
        return session
    }
}

extension FamilyAccountStore.Session {
    /// Every state-changing family form carries the session's CSRF token.
    func checkCSRF(_ submitted: String?) throws {
        guard let submitted, submitted == csrfToken else { throw Abort(.forbidden, reason: "CSRF token missing or wrong") }
    }

    func actor(_ req: Request) -> Actor { principal.actor(origin: req.origin) }
}
