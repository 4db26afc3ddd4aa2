import Access
import Plot
import Vapor

extension Request {
    /// Vietnamese unless the person chose English (`?lang=en`, remembered in a cookie).
    var localizer: Localizer {
        let chosen = query[String.self, at: "lang"] ?? cookies["lang"]?.string
        return Localizer(language: chosen == "en" ? .en : .vi)
    }

    func page(_ title: String, status: HTTPResponseStatus = .ok, _ content: Component) -> Response {
        let principal = auth.get(Authenticated.self)?.principal
        let html = Page(title: title, t: localizer, principal: principal, csrf: csrfToken, content: content).render()
        let response = Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
        if let lang = query[String.self, at: "lang"], ["vi", "en"].contains(lang) {
            response.cookies["lang"] = HTTPCookies.Value(string: lang, maxAge: 365 * 86400, isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }
}
