import Vapor

/// Headers on every response: nothing is cached (responses may hold personal data, ASVS 14.3.2),
/// no framing, no sniffing, scripts only from this origin.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        // Not `no-referrer`: under it browsers send `Origin: null` on the site's own forms, and the sign-in forms tell a
        // cross-site post by its origin. `same-origin` still gives other sites nothing.
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(name: "Content-Security-Policy",
                                      value: "default-src 'self'; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'")
        return response
    }
}
