import EduCore
import Plot
import Vapor

/// A refusal on the web pages (403, 404, a bad form…) comes back as a page in the reader's language when a browser asks
/// for one; the API, and programs that ask for anything else, keep the JSON error.
struct ErrorPagesMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let error as any AbortError where error.status.code >= 400 && Self.wantsPage(request) {
            // Logged as Vapor's error middleware logs the JSON answers (the log handler cuts the query).
            request.logger.report(error: error, metadata: ["method": "\(request.method.rawValue)", "url": "\(request.url.string)",
                                                           "userAgent": .array(request.headers["User-Agent"].map { "\($0)" })])
            let t = request.localizer
            let title = t(Self.title(error.status))
            let response = request.page(title, status: error.status, Div {
                H1(title)
                Paragraph(t(Self.advice(error.status)))
                Paragraph { Link(t("Về trang chủ", "Back to the home page"), url: "/") }
            })
            for (name, value) in error.headers where name.lowercased() == "retry-after" { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// Pages, not the API or the machine-readable endpoints, for a client that accepts HTML (every browser does).
    static func wantsPage(_ request: Request) -> Bool {
        let path = request.url.path
        guard !path.hasPrefix("/api/"), path != "/metrics", path != "/healthz" else { return false }
        return request.headers.accept.mediaTypes.contains(.html)
    }

    static func title(_ status: HTTPResponseStatus) -> Bilingual {
        switch status.code {
        case 400, 422: Bilingual(vi: "Yêu cầu không hợp lệ", en: "The request is not valid")
        case 401: Bilingual(vi: "Cần đăng nhập", en: "Please sign in")
        case 403: Bilingual(vi: "Không có quyền", en: "Not allowed")
        case 404: Bilingual(vi: "Không tìm thấy", en: "Not found")
        case 413: Bilingual(vi: "Tệp quá lớn", en: "The file is too large")
        case 429: Bilingual(vi: "Quá nhiều yêu cầu", en: "Too many requests")
        default: Bilingual(vi: "Có lỗi xảy ra", en: "Something went wrong")
        }
    }

    static func advice(_ status: HTTPResponseStatus) -> Bilingual {
        switch status.code {
        case 400, 422: Bilingual(vi: "Biểu mẫu thiếu hoặc sai một trường. Hãy quay lại, tải lại trang rồi gửi lại.",
                                 en: "The form is missing a field or has a wrong one. Go back, reload the page and send it again.")
        case 401: Bilingual(vi: "Phiên đăng nhập đã hết. Hãy đăng nhập lại.", en: "Your session has ended. Please sign in again.")
        case 403, 404: Bilingual(vi: "Trang hoặc hồ sơ này không có, hoặc tài khoản của bạn không được xem nó.",
                                 en: "This page or record does not exist, or your account may not see it.")
        case 413: Bilingual(vi: "Tệp tải lên vượt giới hạn 200 MB.", en: "The upload is over the 200 MB limit.")
        case 429: Bilingual(vi: "Hãy chờ một lát rồi thử lại.", en: "Wait a moment, then try again.")
        default: Bilingual(vi: "Hãy thử lại sau; nếu vẫn lỗi, báo cho quản trị hệ thống.",
                           en: "Try again later; if it persists, tell the system administrator.")
        }
    }
}
