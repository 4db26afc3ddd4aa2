import Access
import Credentials
import EduCore
import Foundation
import Plot
import Signing
import Vapor

/// The public page of the diploma register (`/van-bang`), for holders and employers, no account: look a credential up by
/// its serial, the holder's name and date of birth (the same answer for "not found" and "does not match", personal
/// data only in the form's body), or check a digital credential (a VC pasted or uploaded: its signature, what it
/// claims, and whether the register still stands behind it) or a signed PDF copy from the register (its signatures,
/// and where its entry stands, when it is unchanged from the copy issued here). A credential's `id` URL
/// (`/credentials/SERIAL`) opens the lookup with the serial filled in. A copy's QR code or link, or its code, pasted in
/// the check's box shows that copy's request and where its credential stands; a credential's link, the lookup. Lookups
/// and checks share the lookup's budget.
struct CredentialWebRoutes: RouteCollection {
    let throttle: LookupThrottle

    func boot(routes: any RoutesBuilder) throws {
        routes.get("van-bang") { req in page(req, CredentialWebViews.forms(serial: "", t: req.localizer)) }
        routes.get("credentials", ":serial") { req in
            page(req, CredentialWebViews.forms(serial: req.parameters.get("serial") ?? "", t: req.localizer))
        }
        routes.post("van-bang", "tra-cuu", use: lookup)
        // A signed PDF copy may be uploaded here too: the same limit as /verify.
        routes.on(.POST, "van-bang", "xac-minh", body: .collect(maxSize: VerificationRoutes.maxUpload), use: check)
    }

    func lookup(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) { return tooMany(req, wait: wait) }
        struct Form: Content { let serial: String; let fullName: String; let dateOfBirth: String
            enum CodingKeys: String, CodingKey { case serial, fullName = "full_name", dateOfBirth = "date_of_birth" } }
        let form = try req.content.decode(Form.self)
        guard case .success(let birth) = CalendarDate.parse(form.dateOfBirth) else {
            return page(req, status: .unprocessableEntity, CredentialWebViews.forms(
                serial: form.serial, problem: Bilingual(vi: "Ngày sinh không hợp lệ (dd/mm/yyyy)", en: "The date of birth is not valid (dd/mm/yyyy)"),
                t: req.localizer))
        }
        let found = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher)
            .lookup(serial: form.serial, fullName: form.fullName, dateOfBirth: birth)
        return page(req, status: found == nil ? .notFound : .ok, CredentialWebViews.lookupResult(found, t: req.localizer))
    }

    /// A Verifiable Credential pasted as text or uploaded as a file, or an uploaded PDF copy.
    func check(req: Request) async throws -> Response {
        if let wait = throttle.admit(req.origin) { return tooMany(req, wait: wait) }
        struct Form: Content { let credential: String?; let file: File? }
        let form = try req.content.decode(Form.self)
        if let file = form.file, file.data.readableBytesView.starts(with: Array("%PDF".utf8)) {
            let pdf = Array(file.data.readableBytesView)
            let report: SignatureReport
            do {
                report = try await req.context.signers.documentVerifier().verify(pdf, content: nil)
            } catch let error as EduError {
                return page(req, status: .unprocessableEntity, CredentialWebViews.forms(serial: "", problem: error.message, t: req.localizer))
            }
            let copy = report.isTrusted
                ? try await CopyRequestStore(req.context.database, cipher: req.context.cipher).standing(ofCopy: pdf, by: Access.Actor(name: "public", origin: req.origin))
                : nil
            return page(req, CredentialWebViews.copyCheck(report: report, copy: copy, t: req.localizer))
        }
        let uploaded = form.file.flatMap { $0.data.readableBytes > 0 ? String(buffer: $0.data) : nil }
        let text = (uploaded ?? form.credential ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch Self.link(text) {
        case .copy(let code):
            guard let request = try await req.copies.request(code: code) else {
                return page(req, status: .notFound, CredentialWebViews.forms(serial: "", problem: Bilingual(
                    vi: "Không có bản sao nào mang mã \(code).", en: "No copy carries the code \(code)."), t: req.localizer))
            }
            return page(req, CopyViews.status(request, standing: try await CopyRoutes.standing(of: request, req), t: req.localizer))
        case .credential(let serial):
            return page(req, CredentialWebViews.forms(serial: serial, t: req.localizer))
        case nil:
            break
        }
        guard let claims = CredentialClaims(jws: text) else {
            return page(req, status: .unprocessableEntity, CredentialWebViews.forms(serial: "", problem: Bilingual(
                vi: "Không đọc được văn bằng số: cần chuỗi JWS (vc+jwt) do nền tảng cấp.",
                en: "The digital credential cannot be read: a JWS (vc+jwt) issued by this platform is expected."), t: req.localizer))
        }
        let report = try await req.context.signers.documentVerifier().verify(Array(text.utf8), content: nil)
        return page(req, CredentialWebViews.check(claims, report: report, standing: try await standing(of: claims, report: report, req),
                                                  t: req.localizer))
    }

    /// The register's word on a credential, asked only once its one signature is trusted (`RegisterStore.standing`);
    /// anything else is one answer that tells nothing.
    private func standing(of claims: CredentialClaims, report: SignatureReport, _ req: Request) async throws -> CredentialWebViews.Standing {
        guard report.isTrusted, report.signers.count == 1 else { return .notIssued }
        let status = try await RegisterStore(req.context.database.sql, cipher: req.context.cipher)
            .standing(of: claims, signerSubject: report.signers[0].subject, seals: try await req.context.signers.list())
        return status.map(CredentialWebViews.Standing.entry) ?? .notIssued
    }

    enum PastedLink: Equatable {
        /// A certified copy's QR code or link (`…/ban-sao/CODE`), or its code alone.
        case copy(code: String)
        /// A credential's `id` (`…/credentials/SERIAL`): the lookup, its serial filled in.
        case credential(serial: String)
    }

    /// What a pasted link or code points to, when it is one of ours; nil for anything else (a VC, say).
    static func link(_ text: String) -> PastedLink? {
        guard !text.isEmpty, !text.contains(where: \.isWhitespace) else { return nil }
        let path = URLComponents(string: text)?.path ?? text  // decoded
        var parts = path.split(separator: "/").map(String.init)
        if parts.last == "ban-sao.pdf" { parts.removeLast() }  // the copy's own PDF link
        if parts.count >= 2, parts[parts.count - 2] == "ban-sao" { return .copy(code: PublicCode.normalized(parts[parts.count - 1])) }
        if parts.count >= 2, parts[parts.count - 2] == "credentials", let serial = parts.last { return .credential(serial: serial) }
        let code = PublicCode.normalized(text)
        return code.count == 10 && code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) && !text.contains(".") ? .copy(code: code) : nil
    }

    private func page(_ req: Request, status: HTTPResponseStatus = .ok, _ content: Component) -> Response {
        let response = req.page(req.localizer("Tra cứu, xác minh văn bằng", "Look up and verify a diploma"), status: status, content)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    private func tooMany(_ req: Request, wait: Int) -> Response {
        let response = page(req, status: .tooManyRequests, CredentialWebViews.forms(
            serial: "", problem: Bilingual(vi: "Tra cứu quá nhiều: hãy thử lại sau \(wait) giây.", en: "Too many lookups: try again in \(wait) s."),
            t: req.localizer))
        response.headers.replaceOrAdd(name: .retryAfter, value: String(wait))
        return response
    }
}
