import Access
import Foundation
import EduCore
import Plot

typealias UILanguage = EduCore.Language

/// Picks the Vietnamese or English text of a pair.
struct Localizer: Sendable {
    let language: UILanguage

    func callAsFunction(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }
    func callAsFunction(_ text: Bilingual) -> String { text.text(in: language) }
}

/// The page frame: navigation for the signed-in user, the language switch, and the content.
struct Page {
    let title: String
    let t: Localizer
    let principal: Principal?
    let csrf: String?
    let content: Component

    func render() -> String {
        let html = HTML(
            .lang(t.language == .vi ? .vietnamese : .english),
            .head(
                .meta(.charset(.utf8)),
                .meta(.name("viewport"), .content("width=device-width, initial-scale=1")),
                .title("\(title) · EduVN"),
                .style(Self.css)
            ),
            .body {
                Header {
                    Navigation {
                        Link("EduVN", url: "/").class("brand")
                        if let principal {
                            Link(t("Trường học", "Schools"), url: "/schools")
                            Link(t("Tìm học sinh", "Find students"), url: "/students")
                            Link(t("Nhập dữ liệu", "Import"), url: "/import")
                            Link(t("Tuyển sinh", "Admissions"), url: "/admissions")
                            if principal.isDepartmentStaff { Link(t("Sổ gốc văn bằng", "Credentials"), url: "/credentials/register") }
                            if principal.canManageUsers { Link(t("Tài khoản", "Users"), url: "/users") }
                            if principal.readsAuditTrail { Link(t("Nhật ký", "Audit trail"), url: "/audit") }
                            Form(url: "/logout", method: .post) {
                                CSRFField(token: csrf)
                                SubmitButton(t("Đăng xuất", "Sign out") + " (\(principal.name))")
                            }.class("inline")
                        }
                        if principal == nil { Link(t("Phụ huynh, học sinh", "Families"), url: "/gia-dinh") }
                        Link(t("Tra cứu văn bằng", "Diplomas"), url: "/van-bang")
                        Link(t("Kiểm tra chữ ký số", "Verify a signature"), url: "/verify")
                        Link(t.language == .vi ? "English" : "Tiếng Việt", url: "?lang=\(t.language == .vi ? "en" : "vi")")
                            .attribute(named: "hreflang", value: t.language == .vi ? "en" : "vi")
                    }
                }
                Element(name: "main") { content }
            }
        )
        return html.render()
    }

    static let css = """
    body{font-family:system-ui,sans-serif;margin:0;color:#1b1b1b}header{background:#0b3d6b;padding:.5rem 1rem}
    nav{display:flex;gap:1rem;align-items:center;flex-wrap:wrap}nav a,nav button{color:#fff}nav .brand{font-weight:bold}
    main{padding:1rem;max-width:70rem}table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}
    .error{color:#a00}.ok{color:#060}.warn{color:#8a5a00}.inline{display:inline}form.inline button{background:none;border:0;cursor:pointer;text-decoration:underline;font:inherit}
    label{display:block;margin:.5rem 0}a:focus,button:focus,input:focus,select:focus{outline:3px solid #f0a000}
    .page-scan img{max-width:100%;border:1px solid #ccc}
    """
}

/// A body row headed by its first cell (`<th scope="row">`). Plot's `TableRow` wraps every child that is not a `<td>`
/// in one, which would put the header cell inside a data cell.
struct HeadedRow: Component {
    let header: String
    let cells: ComponentGroup

    init(_ header: String, @ComponentBuilder cells: () -> Component) {
        self.header = header
        self.cells = ComponentGroup(members: [cells()])
    }

    var body: Component {
        Element(name: "tr") {
            Element(name: "th") { Text(header) }.attribute(named: "scope", value: "row")
            cells
        }
    }
}

/// A `<select>` from value/label pairs.
struct SelectField: Component {
    let name: String
    let options: [(value: String, label: String)]
    var selected: String?
    /// For screen readers, where no visible label stands beside the field (a cell of a table).
    var label: String?

    var body: Component {
        Element(name: "select") {
            for option in options {
                // An empty value is written out: without it a browser sends the option's label ("— chọn —", "(không chọn)").
                Element(name: "option") { Text(option.label) }.attribute(named: "value", value: option.value.attributeEscaped, ignoreValueIfEmpty: false)
                    .attribute(named: "selected", value: option.value == selected ? "selected" : nil, ignoreValueIfEmpty: true)
            }
        }.attribute(named: "name", value: name)
            .attribute(named: "aria-label", value: label?.attributeEscaped, ignoreValueIfEmpty: true)
    }
}

/// A stored UTC timestamp as people in Vietnam read it: "15:30 23/11/2026".
func vietnamTime(_ stored: String) -> String {
    guard let date = try? Date(stored, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) else { return stored }
    let local = CalendarDate.inVietnam(date)
    return String(format: "%02d:%02d ", local.minutes / 60, local.minutes % 60) + local.day.vietnamese
}

extension String {
    /// For an attribute's value: Plot writes attribute values as they are (only text content is escaped), so anything
    /// that came from a person (a typed value, a stored comment, a path) goes through this.
    var attributeEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}

/// A hidden CSRF field; every state-changing form carries one.
struct CSRFField: Component {
    let token: String?
    var body: Component { Input(type: .hidden, name: "csrf", value: token ?? "") }
}

/// What the last step did (in green) or why it was refused (in red), under a page's title.
struct Notices: Component {
    let message: Bilingual?
    let error: Bilingual?
    let t: Localizer

    var body: Component {
        Div {
            if let message { Paragraph(t(message)).class("ok") }
            if let error { Paragraph(t(error)).class("error") }
        }
    }
}
