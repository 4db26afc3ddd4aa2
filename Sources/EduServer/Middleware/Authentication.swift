import Access
import Vapor

/// Who is asking: a session cookie (web) or a bearer API token (integrations). Nothing here
/// grants access; routes ask for `request.principal` and check its reach.
struct AuthenticationMiddleware: AsyncMiddleware {
    static let cookieName = "eduvn_session"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization?.token {
            request.auth.login(Authenticated(principal: try await request.context.accounts.principal(apiToken: bearer), csrf: nil, viaToken: true))
        } else if let token = request.cookies[Self.cookieName]?.string,
                  let session = try await request.context.accounts.session(token: token) {
            request.auth.login(Authenticated(principal: session.principal, csrf: session.csrfToken, viaToken: false))
        }
        return try await next.respond(to: request)
    }
}

struct Authenticated: Authenticatable {
    let principal: Principal?
    let csrf: String?
    let viaToken: Bool
}

extension Request {
    /// The signed-in principal, or 401.
    func principal() throws -> Principal {
        guard let principal = auth.get(Authenticated.self)?.principal else {
            throw Abort(.unauthorized)
        }
        return principal
    }

    var csrfToken: String? { auth.get(Authenticated.self)?.csrf }

    /// A state-changing request made with the session cookie must carry the session's CSRF token
    /// (a form field, or the `X-CSRF-Token` header for API calls); bearer tokens are never sent
    /// by browsers on their own, so they need none.
    func checkCSRF(_ submitted: String?) throws {
        guard let authenticated = auth.get(Authenticated.self) else { throw Abort(.unauthorized) }
        if authenticated.viaToken { return }
        guard let expected = authenticated.csrf, let submitted, submitted == expected else {
            throw Abort(.forbidden, reason: "CSRF token missing or wrong")
        }
    }

    /// The address the request came from, for the audit trail and login throttling.
    var origin: String {
        context.trustedProxies.client(peer: remoteAddress?.ipAddress, forwardedFor: headers[.xForwardedFor])
    }

    func actor() throws -> Actor { try principal().actor(origin: origin) }

    /// What the request attempts, as a refusal is audited: its method and path (never a query, which could carry
    /// personal data).
    var attempted: String { "\(method.rawValue) \(url.path)" }
}
